/**
 * Test helper of the handler's fault and load tests: the application they run, a real LangGraph graph with
 * the real router node and arm-aware models. Not exported.
 */
import type { RunnableConfig } from '@langchain/core/runnables'
import type { BaseCheckpointSaver } from '@langchain/langgraph'
import { Annotation, END, interrupt, START, StateGraph } from '@langchain/langgraph'
import type { Experiment, ModelRef } from '@llm-canary/core'
import { createArmModels } from '../routing/arm-models.ts'
import { llmCanaryState } from '../routing/llm-canary-state.ts'
import { createRouterNode } from '../routing/router-node.ts'
import { ScriptedChatModel } from './handler.fixture.ts'

/** What happens to one session in a test run. */
export type SessionFate = 'ok' | 'error' | 'abort' | 'interrupt' | 'interrupt-resumed'

/** The graph's state: the unit's arm, and what each node wrote. */
const AppState = Annotation.Root({
  llmCanary: llmCanaryState,
  question: Annotation<string>,
  plan: Annotation<string>,
  approved: Annotation<string>,
  answer: Annotation<string>,
})

/** Options of `buildCanaryApp`. */
export interface CanaryAppOptions {
  readonly experiment: Experiment
  readonly hashKey: string
  /** A session's fate by thread id (default: every session is `ok`). */
  readonly fateOf?: (threadId: string) => SessionFate
  /** Milliseconds each model waits before answering (default 0). */
  readonly modelDelayMs?: number
  readonly checkpointer?: BaseCheckpointSaver
}

/**
 * The application of the fault and load tests: router → planner (a plain call) → review (an interrupt for
 * sessions fated to one) → writer (a streamed call). Each arm's model answers with its own id and usage;
 * a session fated to `error` calls a model that fails like a provider's 503.
 *
 * @param options - The experiment, the hash key, the sessions' fates, the models' delay, a checkpointer.
 * @returns The compiled graph, named `app`.
 */
export function buildCanaryApp(options: CanaryAppOptions) {
  const factory = (model: ModelRef) =>
    new ScriptedChatModel({
      answers: [
        { text: `${model.id} answers`, usage: { input_tokens: 12, output_tokens: 5, total_tokens: 17 } },
      ],
      modelName: model.name,
      delayMs: options.modelDelayMs ?? 0,
    })
  const failing = new ScriptedChatModel({ answers: [{ text: '', error: new TypeError('provider 503') }] })
  const models = createArmModels({ experiment: options.experiment, factory })
  const fateOf = (config: RunnableConfig): SessionFate =>
    options.fateOf?.(String(config.configurable?.thread_id)) ?? 'ok'
  return new StateGraph(AppState)
    .addNode('router', createRouterNode({ experiment: options.experiment, hashKey: options.hashKey }))
    .addNode('planner', async (state: typeof AppState.State, config: RunnableConfig) => {
      const model = fateOf(config) === 'error' ? failing : models.modelFor(state, config)
      return { plan: String((await model.invoke(state.question, config)).content) }
    })
    .addNode('review', (_state: typeof AppState.State, config: RunnableConfig) =>
      fateOf(config).startsWith('interrupt')
        ? { approved: String(interrupt('approve?')) }
        : { approved: 'auto' },
    )
    .addNode('writer', async (state: typeof AppState.State, config: RunnableConfig) => {
      let answer = ''
      for await (const chunk of await models.modelFor(state, config).stream(state.plan, config))
        answer += String(chunk.content)
      return { answer }
    })
    .addEdge(START, 'router')
    .addEdge('router', 'planner')
    .addEdge('planner', 'review')
    .addEdge('review', 'writer')
    .addEdge('writer', END)
    .compile({
      name: 'app',
      ...(options.checkpointer === undefined ? {} : { checkpointer: options.checkpointer }),
    })
}
