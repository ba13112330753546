import { Annotation, END, START, StateGraph } from '@langchain/langgraph'
import {
  ATTR_FEATURE_FLAG_VARIANT,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_PAIR_ID,
  ATTR_RUN_CALLS,
  ATTR_RUN_COST_USD,
  ATTR_SERVED_ARM,
  ATTR_SHADOW,
} from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import type { CallOutcome, PrimaryCall, ShadowCallMetadata, ShadowRunner } from '../types.ts'
import { METADATA_KEY } from '../types.ts'
import {
  createTestTracing,
  findUnitOnArm,
  makeExperiment,
  makeUnitArm,
  ScriptedChatModel,
} from './handler.fixture.ts'
import { LlmCanaryHandler } from './llm-canary-handler.ts'

const experiment = makeExperiment()
const USAGE = { input_tokens: 100, output_tokens: 10, total_tokens: 110 }

const State = Annotation.Root({
  unit: Annotation<string>,
  llmCanary: Annotation<unknown>,
  answer: Annotation<string>,
})

/** A shadow runner that replays the call to the candidate model in the background, as ours will. */
class ReplayingShadowRunner implements ShadowRunner {
  readonly offered: PrimaryCall[] = []
  readonly pending: Promise<unknown>[] = []
  handler: LlmCanaryHandler | undefined
  constructor(private readonly delayMs: number) {}

  maybeShadow(call: PrimaryCall): string | undefined {
    this.offered.push(call)
    const metadata: ShadowCallMetadata = {
      unitArm: call.unitArm,
      servedArm: 'candidate',
      agent: call.agent,
      shadow: true,
      pairId: call.runId,
    }
    const candidate = new ScriptedChatModel({
      answers: [{ text: 'shadow answer', usage: USAGE }],
      modelName: 'gpt-5',
      delayMs: this.delayMs,
    })
    this.pending.push(
      candidate.invoke('replayed', {
        callbacks: this.handler ? [this.handler] : [],
        metadata: { [METADATA_KEY]: metadata },
      }),
    )
    return call.runId
  }
}

function setUp(delayMs = 0) {
  const tracing = createTestTracing()
  const runner = new ReplayingShadowRunner(delayMs)
  const outcomes: CallOutcome[] = []
  const handler = new LlmCanaryHandler({
    experiment,
    hashKey: 'k',
    tracer: tracing.provider.getTracer('t'),
    shadowRunner: runner,
    observers: [(outcome) => outcomes.push(outcome)],
  })
  runner.handler = handler
  const model = new ScriptedChatModel({ answers: [{ text: 'primary', usage: USAGE }], modelName: 'gpt-4.1' })
  const graph = new StateGraph(State)
    .addNode('router', (state) => ({ llmCanary: makeUnitArm(experiment, state.unit) }))
    .addNode('writer', async () => ({ answer: String((await model.invoke('write')).content) }))
    .addEdge(START, 'router')
    .addEdge('router', 'writer')
    .addEdge('writer', END)
    .compile({ name: 'g' })
  return { tracing, runner, handler, graph, outcomes }
}

describe('LlmCanaryHandler shadow pairs', () => {
  it('offers only control sessions with shadow arms to the shadow runner', async () => {
    const { runner, handler, graph } = setUp()
    await graph.invoke({ unit: findUnitOnArm(experiment, 'candidate') }, { callbacks: [handler] })
    await graph.invoke({ unit: findUnitOnArm(experiment, 'control', false) }, { callbacks: [handler] })
    expect(runner.offered).toHaveLength(0)
    const unit = findUnitOnArm(experiment, 'control', true)
    await graph.invoke({ unit }, { callbacks: [handler] })
    await Promise.all(runner.pending)
    expect(runner.offered).toHaveLength(1)
    expect(runner.offered[0]?.agent).toBe('writer')
    expect(runner.offered[0]?.unitArm.unitHash).toBe(makeUnitArm(experiment, unit).unitHash)
    expect(runner.offered[0]?.messages).toHaveLength(1)
  })

  it('links both halves by pair id, marks the shadow half, and keeps it out of the run totals', async () => {
    const { tracing, runner, handler, graph, outcomes } = setUp()
    await graph.invoke({ unit: findUnitOnArm(experiment, 'control', true) }, { callbacks: [handler] })
    await Promise.all(runner.pending)

    const primary = tracing.one('chat gpt-4.1')
    const shadow = tracing.one('chat gpt-5')
    const pairId = runner.offered[0]?.runId
    expect(primary.attributes[ATTR_PAIR_ID]).toBe(pairId)
    expect(primary.attributes).not.toHaveProperty(ATTR_SHADOW)
    expect(shadow.attributes).toMatchObject({
      [ATTR_SHADOW]: true,
      [ATTR_PAIR_ID]: pairId,
      [ATTR_SERVED_ARM]: 'candidate',
      [ATTR_FEATURE_FLAG_VARIANT]: 'control',
      [ATTR_GEN_AI_AGENT_NAME]: 'writer',
    })
    expect(shadow.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeGreaterThan(0)
    expect(shadow.spanContext().traceId).toBe(primary.spanContext().traceId)
    expect(shadow.parentSpanContext?.spanId).toBe(primary.parentSpanContext?.spanId)

    const workflow = tracing.one('invoke_workflow g')
    expect(workflow.attributes[ATTR_RUN_CALLS]).toBe(1)
    expect(workflow.attributes[ATTR_RUN_COST_USD]).toBe(primary.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT])
    expect(outcomes.map((outcome) => [outcome.servedArm, outcome.shadow]).sort()).toEqual([
      ['candidate', true],
      ['control', false],
    ])
    expect(handler.openRunCount()).toBe(0)
  })

  it('keeps a shadow call that outlives its graph run in the same trace', async () => {
    const { tracing, runner, handler, graph } = setUp(30)
    await graph.invoke({ unit: findUnitOnArm(experiment, 'control', true) }, { callbacks: [handler] })
    expect(tracing.named('invoke_workflow g')).toHaveLength(1)
    expect(tracing.named('chat gpt-5')).toHaveLength(0)
    await Promise.all(runner.pending)
    const shadow = tracing.one('chat gpt-5')
    const primary = tracing.one('chat gpt-4.1')
    expect(shadow.spanContext().traceId).toBe(primary.spanContext().traceId)
    expect(shadow.parentSpanContext?.spanId).toBe(tracing.one('invoke_agent writer').spanContext().spanId)
    expect(handler.openRunCount()).toBe(0)
  })
})
