import { awaitAllCallbacks } from '@langchain/core/callbacks/promises'
import { HumanMessage } from '@langchain/core/messages'
import type { RunnableConfig } from '@langchain/core/runnables'
import { END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph'
import type { ModelRef } from '@llm-canary/core'
import {
  ATTR_FEATURE_FLAG_VARIANT,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_KILL_SWITCH,
  ATTR_PAIR_ID,
  ATTR_SERVED_ARM,
  ATTR_SHADOW,
} from '@llm-canary/core'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { describe, expect, it } from 'vitest'
import { LlmCanaryHandler } from '../handler/llm-canary-handler.ts'
import { createKillSwitch } from '../kill-switch/kill-switch.ts'
import { createShadowRunner } from '../shadow/shadow-runner.ts'
import { createArmModels } from './arm-models.ts'
import { withLlmCanary } from './llm-canary-state.ts'
import { createRouterNode } from './router-node.ts'
import {
  buildExperiment,
  CANDIDATE_MODEL,
  CONTROL_MODEL,
  createGate,
  findUnitId,
  GatedChatModel,
  RecordingChatModel,
} from './routing.fixture.ts'

const HASH_KEY = 'test-hash-key'

/**
 * The whole in-process loop with the real handler: router → arm-aware model → handler spans →
 * kill switch (as a call observer) → router; and handler → shadow runner → candidate → handler.
 */
function buildApp(options: { readonly candidateFails: boolean }) {
  const experiment = buildExperiment({
    arms: {
      control: { model: CONTROL_MODEL, weight: 50 },
      candidate: { model: CANDIDATE_MODEL, weight: 50, shadow: '50%' },
    },
  })
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
  const gate = createGate()
  gate.open()
  const factory = (model: ModelRef) =>
    model.id === CANDIDATE_MODEL
      ? new GatedChatModel(model.id, gate, options.candidateFails ? new Error('candidate 503') : undefined)
      : new RecordingChatModel(model.id)
  const killSwitch = createKillSwitch({ windowCalls: 10, windowMs: 60_000, minCalls: 1, maxErrorRate: 0.5 })
  const models = createArmModels({ experiment, factory })
  let handler: LlmCanaryHandler | undefined
  const shadows = createShadowRunner({
    experiment,
    models,
    maxInFlight: 4,
    callbacks: () => (handler === undefined ? [] : [handler]),
  })
  handler = new LlmCanaryHandler({
    experiment,
    hashKey: HASH_KEY,
    tracer: provider.getTracer('test'),
    observers: [killSwitch.observe],
    shadowRunner: shadows,
  })
  const State = withLlmCanary(MessagesAnnotation)
  const graph = new StateGraph(State)
    .addNode('router', createRouterNode({ experiment, hashKey: HASH_KEY, killSwitch }))
    .addNode('writer', async (state: typeof State.State, config: RunnableConfig) => ({
      messages: [await models.modelFor(state, config).invoke(state.messages, config)],
    }))
    .addEdge(START, 'router')
    .addEdge('router', 'writer')
    .addEdge('writer', END)
    .compile({ name: 'app' })
  const run = (threadId: string) =>
    graph.invoke(
      { messages: [new HumanMessage('hello')] },
      { configurable: { thread_id: threadId }, callbacks: [handler] },
    )
  const llmSpans = () =>
    exporter.getFinishedSpans().filter((span) => span.attributes[ATTR_SERVED_ARM] !== undefined)
  return { experiment, killSwitch, shadows, run, llmSpans }
}

describe('router, arm models, handler, kill switch and shadow runner together', () => {
  it('records a shadow pair for a shadowed control session', async () => {
    const { experiment, shadows, run, llmSpans } = buildApp({ candidateFails: false })
    const result = await run(findUnitId(experiment, 'control', { prefix: 'pair', shadowed: true }))
    await shadows.flush()
    await awaitAllCallbacks()

    const [primary, shadow] = [...llmSpans()].sort(
      (a, b) => Number(a.attributes[ATTR_SHADOW] === true) - Number(b.attributes[ATTR_SHADOW] === true),
    )
    expect(llmSpans()).toHaveLength(2)
    expect(primary?.attributes).toMatchObject({
      [ATTR_SERVED_ARM]: 'control',
      [ATTR_FEATURE_FLAG_VARIANT]: 'control',
    })
    expect(shadow?.attributes).toMatchObject({
      [ATTR_SHADOW]: true,
      [ATTR_SERVED_ARM]: 'candidate',
      [ATTR_FEATURE_FLAG_VARIANT]: 'control',
      [ATTR_PAIR_ID]: primary?.attributes[ATTR_PAIR_ID],
      [ATTR_GEN_AI_CONVERSATION_ID]: result.llmCanary?.unitHash,
    })
    expect(shadows.stats()).toMatchObject({ started: 1, completed: 1 })
  })

  it('trips the kill switch from the handler’s observations and marks the diverted session’s spans', async () => {
    const { experiment, killSwitch, run, llmSpans } = buildApp({ candidateFails: true })
    await expect(run(findUnitId(experiment, 'candidate', { prefix: 'first' }))).rejects.toThrow(
      'candidate 503',
    )
    await awaitAllCallbacks()
    expect(killSwitch.isTripped()).toBe(true)

    const diverted = await run(findUnitId(experiment, 'candidate', { prefix: 'second' }))
    await awaitAllCallbacks()

    expect(diverted.llmCanary).toMatchObject({ arm: 'control', killSwitch: true })
    const divertedSpan = llmSpans().find((span) => span.attributes[ATTR_KILL_SWITCH] === true)
    expect(divertedSpan?.attributes).toMatchObject({
      [ATTR_SERVED_ARM]: 'control',
      [ATTR_FEATURE_FLAG_VARIANT]: 'control',
    })
  })
})
