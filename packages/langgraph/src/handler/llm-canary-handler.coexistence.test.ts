import { BaseCallbackHandler } from '@langchain/core/callbacks/base'
import type { Run } from '@langchain/core/tracers/base'
import { BaseTracer } from '@langchain/core/tracers/base'
import { FakeListChatModel } from '@langchain/core/utils/testing'
import { Annotation, END, Send, START, StateGraph } from '@langchain/langgraph'
import { CallbackHandler as LangfuseHandler } from '@langfuse/langchain'
import { describe, expect, it } from 'vitest'
import { createTestTracing, makeExperiment, makeUnitArm } from './handler.fixture.ts'
import { LlmCanaryHandler } from './llm-canary-handler.ts'

const experiment = makeExperiment()

/** Counts every callback it receives, by name. */
class CountingHandler extends BaseCallbackHandler {
  name = 'counting_handler'
  readonly counts = new Map<string, number>()
  private bump(name: string) {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1)
  }
  override handleChainStart() {
    this.bump('chainStart')
  }
  override handleChainEnd() {
    this.bump('chainEnd')
  }
  override handleChainError() {
    this.bump('chainError')
  }
  override handleChatModelStart() {
    this.bump('chatModelStart')
  }
  override handleLLMEnd() {
    this.bump('llmEnd')
  }
  override handleLLMNewToken() {
    this.bump('llmNewToken')
  }
}

/** A LangChain tracer (the base of LangSmith's) that keeps the finished run trees. */
class CollectingTracer extends BaseTracer {
  name = 'collecting_tracer'
  readonly roots: Run[] = []
  protected override persistRun(run: Run): Promise<void> {
    this.roots.push(run)
    return Promise.resolve()
  }
}

function countRuns(run: Run): number {
  return 1 + run.child_runs.reduce((sum, child) => sum + countRuns(child), 0)
}

const State = Annotation.Root({
  unit: Annotation<string>,
  llmCanary: Annotation<unknown>,
  notes: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
})

function buildGraph() {
  const model = new FakeListChatModel({ responses: ['n1', 'n2'] })
  return new StateGraph(State)
    .addNode('router', (state) => ({ llmCanary: makeUnitArm(experiment, state.unit) }))
    .addNode('worker', async () => {
      let text = ''
      for await (const chunk of await model.stream('work')) text += String(chunk.content)
      return { notes: [text] }
    })
    .addEdge(START, 'router')
    .addConditionalEdges('router', (state) => [new Send('worker', state), new Send('worker', state)])
    .addEdge('worker', END)
    .compile({ name: 'team' })
}

async function runWith(callbacks: BaseCallbackHandler[], units: readonly string[]) {
  const graph = buildGraph()
  for (const unit of units) await graph.invoke({ unit }, { callbacks })
}

describe('LlmCanaryHandler next to other handlers', () => {
  it('leaves every callback to the other handlers and still makes one trace per graph run', async () => {
    const units = ['a', 'b', 'c']
    const alone = new CountingHandler({ _awaitHandler: true })
    const aloneTracer = new CollectingTracer({ _awaitHandler: true })
    await runWith([alone, aloneTracer], units)

    const tracing = createTestTracing()
    const ours = new LlmCanaryHandler({ experiment, hashKey: 'k', tracer: tracing.provider.getTracer('t') })
    const counting = new CountingHandler({ _awaitHandler: true })
    const tracer = new CollectingTracer({ _awaitHandler: true })
    await runWith([counting, ours, tracer], units)

    expect(counting.counts.get('chatModelStart')).toBe(2 * units.length)
    expect(counting.counts.get('llmNewToken')).toBeGreaterThan(0)
    expect([...counting.counts]).toEqual([...alone.counts])
    expect(tracer.roots).toHaveLength(units.length)
    expect(tracer.roots.map(countRuns)).toEqual(aloneTracer.roots.map(countRuns))

    const workflows = tracing.named('invoke_workflow team')
    expect(workflows).toHaveLength(units.length)
    const traceIds = new Set(tracing.spans().map((span) => span.spanContext().traceId))
    expect(traceIds.size).toBe(units.length)
    for (const chat of tracing.named('chat')) expect(tracing.parentOf(chat)?.name).toBe('invoke_agent worker')
    expect(ours.openRunCount()).toBe(0)
  })

  it("keeps working beside Langfuse's LangChain handler: every callback still reaches the others", async () => {
    const units = ['d', 'e']
    const alone = new CountingHandler({ _awaitHandler: true })
    await runWith([alone], units)

    const tracing = createTestTracing()
    const ours = new LlmCanaryHandler({ experiment, hashKey: 'k', tracer: tracing.provider.getTracer('t') })
    const counting = new CountingHandler({ _awaitHandler: true })
    const langfuse = new LangfuseHandler({ sessionId: 'coexistence' })
    await runWith([langfuse, counting, ours], units)

    expect([...counting.counts]).toEqual([...alone.counts])
    expect(new Set(tracing.spans().map((span) => span.spanContext().traceId)).size).toBe(units.length)
    expect(tracing.named('chat')).toHaveLength(2 * units.length)
    expect(ours.openRunCount()).toBe(0)
  })
})
