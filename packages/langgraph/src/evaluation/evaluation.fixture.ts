/**
 * Test helpers of the evaluation tests: a two-node graph whose `extractor` node makes one LLM call,
 * traced by a handler with the given evaluators. Not exported.
 */
import { FakeListChatModel } from '@langchain/core/utils/testing'
import { Annotation, END, START, StateGraph } from '@langchain/langgraph'
import type { DiagLogger } from '@opentelemetry/api'
import { DiagLogLevel, diag } from '@opentelemetry/api'
import type { TestTracing } from '../handler/handler.fixture.ts'
import { createTestTracing, makeExperiment, makeUnitArm } from '../handler/handler.fixture.ts'
import { LlmCanaryHandler } from '../handler/llm-canary-handler.ts'
import type { Evaluator } from './evaluation-types.ts'

const experiment = makeExperiment()

const State = Annotation.Root({
  unit: Annotation<string>,
  llmCanary: Annotation<unknown>,
  expected: Annotation<unknown>,
  answer: Annotation<string>,
})

/**
 * Runs router → extractor (one LLM call answering `answer`) with `expected` in the graph state, and
 * waits for the evaluators' late scores.
 *
 * @param evaluators - The handler's evaluators.
 * @param answer - What the model answers.
 * @param expected - The reference kept in graph state.
 * @returns The spans and the handler.
 */
export async function runEvaluatedGraph(
  evaluators: readonly Evaluator[],
  answer: string,
  expected: unknown,
): Promise<{ tracing: TestTracing; handler: LlmCanaryHandler }> {
  const tracing = createTestTracing()
  const handler = new LlmCanaryHandler({
    experiment,
    hashKey: 'k',
    tracer: tracing.provider.getTracer('t'),
    evaluators,
  })
  const model = new FakeListChatModel({ responses: [answer] })
  const graph = new StateGraph(State)
    .addNode('router', (state) => ({ llmCanary: makeUnitArm(experiment, state.unit) }))
    .addNode('extractor', async () => ({ answer: String((await model.invoke('extract')).content) }))
    .addEdge(START, 'router')
    .addEdge('router', 'extractor')
    .addEdge('extractor', END)
    .compile({ name: 'g' })
  await graph.invoke({ unit: 'u', expected }, { callbacks: [handler] })
  await handler.flushEvaluations()
  return { tracing, handler }
}

/**
 * Routes the OpenTelemetry diagnostic logger's errors into an array (call `diag.disable()` after).
 *
 * @returns The logged error messages.
 */
export function captureDiagErrors(): string[] {
  const errors: string[] = []
  const logger: DiagLogger = {
    error: (message) => errors.push(message),
    warn: () => {},
    info: () => {},
    debug: () => {},
    verbose: () => {},
  }
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true })
  return errors
}
