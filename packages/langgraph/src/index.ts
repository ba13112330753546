/**
 * `@llm-canary/langgraph`: add one router node (or a `createAgent` middleware) and one callback
 * handler to a LangGraph application, and every session runs on one arm of the experiment, every
 * agent of the session uses that arm's model, and every LLM call is an OpenTelemetry span.
 *
 * @example
 * const graph = new StateGraph(withLlmCanary(MessagesAnnotation))
 *   .addNode('router', createRouterNode({ experiment, hashKey }))
 *   .addNode('agent', async (state, config) => ({ messages: [await models.modelFor(state, config).invoke(state.messages)] }))
 *   .addEdge(START, 'router').addEdge('router', 'agent').compile()
 * await graph.invoke(input, { configurable: { thread_id }, callbacks: [new LlmCanaryHandler({ experiment, hashKey })] })
 *
 * This entry needs `@langchain/core`, `@langchain/langgraph` and `@opentelemetry/api` only. The parts
 * that need more sit on their own entries: `@llm-canary/langgraph/middleware` (`createAgent`, needs
 * `langchain`), `@llm-canary/langgraph/init-chat-model` (models through `initChatModel`, needs
 * `langchain`) and `@llm-canary/langgraph/file-exporter` (needs the OpenTelemetry SDK packages).
 *
 * @packageDocumentation
 */

// Errors and the router-handler contract
export { CanaryError, type CanaryErrorCode } from './errors.ts'
// The callback handler and evaluations
export type { RecordedAs } from './evaluation/evaluation-recorder.ts'
export type {
  EvaluationInput,
  EvaluationResult,
  EvaluationScore,
  Evaluator,
} from './evaluation/evaluation-types.ts'
export { exactMatchEvaluator } from './evaluation/exact-match-evaluator.ts'
export { fuzzyMatchEvaluator } from './evaluation/fuzzy-match-evaluator.ts'
export {
  DEFAULT_JUDGE_PROMPT,
  type JudgeEvaluatorOptions,
  type JudgeInput,
  type JudgeModel,
  judgeEvaluator,
} from './evaluation/judge-evaluator.ts'
export type { MatchEvaluatorOptions } from './evaluation/match-evaluator-options.ts'
export type {
  CitationContext,
  CitationExtractor,
  LlmCanaryHandlerOptions,
} from './handler/handler-options.ts'
export { LlmCanaryHandler } from './handler/llm-canary-handler.ts'
export { VERSION } from './handler/version.ts'
// Kill switch and shadow pairs
export { createKillSwitch } from './kill-switch/kill-switch.ts'
export type { KillSwitch, KillSwitchOptions, KillSwitchTrip } from './kill-switch/kill-switch-types.ts'
// Routing: router node, state field, arm-aware models
export {
  type ArmModels,
  type ArmModelsOptions,
  type ArmSelection,
  createArmModels,
} from './routing/arm-models.ts'
export { llmCanaryState, llmCanaryValue, withLlmCanary } from './routing/llm-canary-state.ts'
export type { ModelFactory } from './routing/model-cache.ts'
export {
  createRouterNode,
  type RouterNode,
  type RouterNodeOptions,
  type RouterUpdate,
} from './routing/router-node.ts'
export { agentNameOf } from './routing/runnable-config.ts'
export { sendWithArm } from './routing/send-with-arm.ts'
export { type ServedArm, selectServedArm } from './routing/served-arm.ts'
export { isUnitArm, keepUnitArm, readUnitArm } from './routing/unit-arm.ts'
export { type HashKey, hashUnitId } from './routing/unit-hash.ts'
export type { UnitIdResolver } from './routing/unit-id.ts'
export { createShadowRunner } from './shadow/shadow-runner.ts'
export type {
  BackgroundShadowRunner,
  ShadowRunnerOptions,
  ShadowStats,
} from './shadow/shadow-runner-options.ts'
export {
  type CallObserver,
  type CallOutcome,
  METADATA_KEY,
  type PrimaryCall,
  type ShadowCallMetadata,
  type ShadowRunner,
  STATE_KEY,
  type UnitArm,
} from './types.ts'
