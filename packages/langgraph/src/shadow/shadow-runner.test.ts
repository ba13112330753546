import { randomUUID } from 'node:crypto'
import { BaseCallbackHandler } from '@langchain/core/callbacks/base'
import { awaitAllCallbacks } from '@langchain/core/callbacks/promises'
import type { Serialized } from '@langchain/core/load/serializable'
import type { BaseMessage } from '@langchain/core/messages'
import { HumanMessage, SystemMessage } from '@langchain/core/messages'
import type { RunnableConfig } from '@langchain/core/runnables'
import { Annotation, END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph'
import type { ModelRef } from '@llm-canary/core'
import { createAssigner } from '@llm-canary/core'
import type { DiagLogger } from '@opentelemetry/api'
import { DiagLogLevel, diag } from '@opentelemetry/api'
import { afterEach, describe, expect, it } from 'vitest'
import { createKillSwitch } from '../kill-switch/kill-switch.ts'
import { createArmModels } from '../routing/arm-models.ts'
import type { Gate } from '../routing/routing.fixture.ts'
import {
  answerOf,
  buildExperiment,
  CANDIDATE_MODEL,
  CONTROL_MODEL,
  createGate,
  findUnitId,
  GatedChatModel,
  RecordingChatModel,
} from '../routing/routing.fixture.ts'
import type { PrimaryCall, ShadowCallMetadata, ShadowRunner, UnitArm } from '../types.ts'
import { METADATA_KEY } from '../types.ts'
import { createShadowRunner } from './shadow-runner.ts'
import type { ShadowRunnerOptions } from './shadow-runner-options.ts'

const experiment = buildExperiment({
  arms: {
    control: { model: CONTROL_MODEL, weight: 80 },
    candidate: { model: CANDIDATE_MODEL, weight: 20, shadow: '50%' },
  },
})

/** A control session that the experiment shadows to the candidate. */
function shadowedUnitArm(overrides: Partial<UnitArm> = {}): UnitArm {
  const unitId = findUnitId(experiment, 'control', { prefix: 'shadowed', shadowed: true })
  return {
    ...createAssigner(experiment).assign(unitId),
    unitHash: 'c'.repeat(32),
    killSwitch: false,
    ...overrides,
  }
}

function primaryCall(overrides: Partial<PrimaryCall> = {}): PrimaryCall {
  return {
    unitArm: shadowedUnitArm(),
    agent: 'agent',
    runId: randomUUID(),
    messages: [[new SystemMessage('be brief'), new HumanMessage('hello')]],
    invocationParams: undefined,
    ...overrides,
  }
}

/** Models whose candidate waits at a gate (or fails), built through createArmModels like the graph's. */
function gatedModels(gate: Gate, failWith?: Error) {
  const built = new Map<string, RecordingChatModel>()
  const factory = (model: ModelRef) => {
    const chatModel =
      model.id === CANDIDATE_MODEL
        ? new GatedChatModel(model.id, gate, failWith)
        : new RecordingChatModel(model.id)
    built.set(model.id, chatModel)
    return chatModel
  }
  const models = createArmModels({ experiment, factory })
  const candidate = () => models.modelForArm('candidate') as GatedChatModel
  return { models, candidate, built }
}

function runner(options: Partial<ShadowRunnerOptions> & Pick<ShadowRunnerOptions, 'models'>) {
  return createShadowRunner({ experiment, maxInFlight: 4, ...options })
}

/** Stands in for the llm-canary handler: offers every chat-model start to the runner and records it. */
class ShadowTrigger extends BaseCallbackHandler {
  name = 'shadow-trigger'
  override awaitHandlers = true
  readonly starts: {
    runId: string
    parentRunId: string | undefined
    metadata: Record<string, unknown>
    messages: BaseMessage[]
  }[] = []

  constructor(
    readonly unitArm: UnitArm,
    readonly shadows: () => ShadowRunner,
  ) {
    super()
  }

  override handleChatModelStart(
    _llm: Serialized,
    messages: BaseMessage[][],
    runId: string,
    parentRunId?: string,
    extraParams?: Record<string, unknown>,
    _tags?: string[],
    metadata?: Record<string, unknown>,
  ): void {
    this.starts.push({ runId, parentRunId, metadata: metadata ?? {}, messages: messages[0] ?? [] })
    // Deliberately no shadow check here: the runner must refuse to shadow its own calls.
    this.shadows().maybeShadow({
      unitArm: this.unitArm,
      agent: typeof metadata?.langgraph_node === 'string' ? metadata.langgraph_node : undefined,
      runId,
      messages,
      invocationParams: extraParams?.invocation_params as Record<string, unknown> | undefined,
    })
  }
}

function captureDiag(): string[] {
  const warnings: string[] = []
  const logger: DiagLogger = {
    error: (message) => warnings.push(message),
    warn: (message) => warnings.push(message),
    info: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
  }
  diag.setLogger(logger, DiagLogLevel.WARN)
  return warnings
}

afterEach(() => {
  diag.disable()
})

describe('createShadowRunner in a graph', () => {
  it('answers the user before the shadow call finishes, then records the shadow as its own pair half', async () => {
    const gate = createGate()
    const { models, candidate } = gatedModels(gate)
    const unitArm = shadowedUnitArm()
    let trigger: ShadowTrigger | undefined
    const shadows = runner({ models, callbacks: () => (trigger === undefined ? [] : [trigger]) })
    trigger = new ShadowTrigger(unitArm, () => shadows)
    const State = Annotation.Root({ ...MessagesAnnotation.spec })
    const graph = new StateGraph(State)
      .addNode('agent', async (state: typeof State.State, config: RunnableConfig) => ({
        messages: [await models.modelForAssignment(unitArm, 'agent').invoke(state.messages, config)],
      }))
      .addEdge(START, 'agent')
      .addEdge('agent', END)
      .compile()

    const result = await graph.invoke(
      { messages: [new HumanMessage('hello')] },
      { callbacks: [trigger], tags: ['user-tag'], configurable: { thread_id: 't-1' } },
    )

    expect(String(result.messages.at(-1)?.content)).toBe(answerOf(CONTROL_MODEL))
    expect(shadows.stats()).toMatchObject({ started: 1, inFlight: 1, completed: 0 })
    expect(candidate().finished).toBe(0)

    gate.open()
    await shadows.flush()
    await awaitAllCallbacks()

    expect(candidate().finished).toBe(1)
    expect(shadows.stats()).toEqual({
      started: 1,
      completed: 1,
      failed: 0,
      dropped: 0,
      skipped: 0,
      inFlight: 0,
    })
    const [primary, shadow] = trigger.starts
    const expected: ShadowCallMetadata = {
      unitArm,
      servedArm: 'candidate',
      agent: 'agent',
      shadow: true,
      pairId: primary!.runId,
    }
    expect(trigger.starts).toHaveLength(2)
    expect(shadow?.metadata[METADATA_KEY]).toEqual(expected)
    expect(shadow?.parentRunId).toBeUndefined()
    expect(shadow?.metadata.langgraph_node).toBeUndefined()
    expect(candidate().prompts[0]?.map((message) => message.content)).toEqual(['hello'])
  })
})

describe('createShadowRunner', () => {
  it('bounds the calls in flight: drops (and counts) the rest', async () => {
    const gate = createGate()
    const { models } = gatedModels(gate)
    const shadows = runner({ models, maxInFlight: 2 })
    const pairIds = [primaryCall(), primaryCall(), primaryCall()].map((call) => shadows.maybeShadow(call))

    expect(pairIds.filter((id) => id !== undefined)).toHaveLength(2)
    expect(pairIds[2]).toBeUndefined()
    expect(shadows.stats()).toMatchObject({ started: 2, dropped: 1, inFlight: 2 })

    gate.open()
    await shadows.flush()
    expect(shadows.stats()).toMatchObject({ completed: 2, inFlight: 0 })
    expect(shadows.maybeShadow(primaryCall())).toBeDefined()
    await shadows.flush()
  })

  it('swallows and logs a failing shadow call', async () => {
    const warnings = captureDiag()
    const gate = createGate()
    gate.open()
    const { models } = gatedModels(gate, new Error('candidate is down'))
    const shadows = runner({ models })

    expect(shadows.maybeShadow(primaryCall())).toBeDefined()
    await expect(shadows.flush()).resolves.toBeUndefined()

    expect(shadows.stats()).toMatchObject({ started: 1, failed: 1, completed: 0, inFlight: 0 })
    expect(warnings.some((message) => message.includes('candidate is down'))).toBe(true)
  })

  it('never throws, whatever the call or the models do', async () => {
    const broken = runner({
      models: {
        modelForArm: () => {
          throw new Error('factory bug')
        },
      },
    })
    expect(broken.maybeShadow(primaryCall())).toBeDefined()
    await broken.flush()
    expect(broken.stats().failed).toBe(1)

    expect(broken.maybeShadow(undefined as unknown as PrimaryCall)).toBeUndefined()
    expect(broken.maybeShadow(primaryCall({ messages: [['not a message']] }))).toBeUndefined()
    expect(broken.stats().skipped).toBe(1)
  })

  it('replays only control sessions of this experiment, for shadowed candidates, in scope', async () => {
    const gate = createGate()
    const { models } = gatedModels(gate)
    const scoped = buildExperiment({
      arms: {
        control: { model: CONTROL_MODEL, weight: 80 },
        candidate: { model: CANDIDATE_MODEL, weight: 20, shadow: '50%' },
      },
      scope: { agents: ['extractor'] },
    })
    const shadows = runner({ models })
    const scopedShadows = createShadowRunner({ experiment: scoped, models, maxInFlight: 4 })

    expect(
      shadows.maybeShadow(primaryCall({ unitArm: shadowedUnitArm({ arm: 'candidate' }) })),
    ).toBeUndefined()
    expect(shadows.maybeShadow(primaryCall({ unitArm: shadowedUnitArm({ shadowArms: [] }) }))).toBeUndefined()
    expect(
      shadows.maybeShadow(primaryCall({ unitArm: shadowedUnitArm({ experiment: 'other' }) })),
    ).toBeUndefined()
    expect(
      shadows.maybeShadow(primaryCall({ unitArm: shadowedUnitArm({ shadowArms: ['gone'] }) })),
    ).toBeUndefined()
    expect(scopedShadows.maybeShadow(primaryCall({ agent: 'summarizer' }))).toBeUndefined()
    expect(scopedShadows.maybeShadow(primaryCall({ agent: undefined }))).toBeUndefined()
    expect(shadows.stats().started + scopedShadows.stats().started).toBe(0)
    expect(scopedShadows.maybeShadow(primaryCall({ agent: 'extractor' }))).toBeDefined()
    gate.open()
    await scopedShadows.flush()
  })

  it('samples calls with sampleRate and stops for a candidate the kill switch diverts', async () => {
    const gate = createGate()
    gate.open()
    const { models } = gatedModels(gate)
    const draws = [0.7, 0.2]
    const sampled = runner({ models, sampleRate: 0.5, random: () => draws.shift() ?? 0 })
    expect(sampled.maybeShadow(primaryCall())).toBeUndefined()
    expect(sampled.maybeShadow(primaryCall())).toBeDefined()

    const killSwitch = createKillSwitch({
      windowCalls: 5,
      windowMs: 1000,
      minCalls: 1,
      maxErrorRate: 0.1,
      experiment,
    })
    const guarded = runner({ models, killSwitch })
    killSwitch.observe({
      experiment: experiment.id,
      arm: 'control',
      servedArm: 'candidate',
      model: CANDIDATE_MODEL,
      latencyMs: 10,
      error: true,
      shadow: true,
    })
    expect(guarded.maybeShadow(primaryCall())).toBeUndefined()
    await sampled.flush()
  })

  it('binds the primary call’s tools to the candidate, and skips calls whose tools cannot be rebound', async () => {
    const gate = createGate()
    gate.open()
    const { models, candidate } = gatedModels(gate)
    const shadows = runner({ models })
    const parameters = { type: 'object', properties: {} }

    shadows.maybeShadow(
      primaryCall({ invocationParams: { tools: [{ name: 'lookup', input_schema: parameters }] } }),
    )
    const skipped = shadows.maybeShadow(
      primaryCall({ invocationParams: { tools: [{ type: 'web_search_preview' }] } }),
    )
    await shadows.flush()

    expect(candidate().boundTools).toEqual([[{ type: 'function', function: { name: 'lookup', parameters } }]])
    expect(skipped).toBeUndefined()
    expect(shadows.stats()).toMatchObject({ completed: 1, skipped: 1 })
  })

  it.each([
    ['maxInFlight 0', { maxInFlight: 0 }],
    ['sampleRate 0', { sampleRate: 0 }],
    ['sampleRate above 1', { sampleRate: 1.5 }],
    ['a negative timeout', { timeoutMs: -1 }],
  ])('rejects %s', (_name, overrides) => {
    const { models } = gatedModels(createGate())
    expect(() => runner({ models, ...overrides })).toThrow(
      expect.objectContaining({ name: 'CanaryError', code: 'INVALID_OPTION' }),
    )
  })
})
