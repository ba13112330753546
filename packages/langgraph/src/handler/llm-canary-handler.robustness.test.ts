import { awaitAllCallbacks } from '@langchain/core/callbacks/promises'
import { FakeListChatModel } from '@langchain/core/utils/testing'
import { Annotation, Command, END, interrupt, MemorySaver, START, StateGraph } from '@langchain/langgraph'
import {
  ATTR_ERROR_TYPE,
  ATTR_FEATURE_FLAG_VARIANT,
  ATTR_INCOMPLETE,
  ATTR_INTERRUPTED,
} from '@llm-canary/core'
import type { DiagLogger, Tracer } from '@opentelemetry/api'
import { DiagLogLevel, diag, SpanStatusCode } from '@opentelemetry/api'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createTestTracing,
  makeExperiment,
  makeUnitArm,
  ScriptedChatModel,
  SERIALIZED,
} from './handler.fixture.ts'
import type { LlmCanaryHandlerOptions } from './handler-options.ts'
import { LlmCanaryHandler } from './llm-canary-handler.ts'

const experiment = makeExperiment()

const State = Annotation.Root({
  unit: Annotation<string>,
  llmCanary: Annotation<unknown>,
  answer: Annotation<string>,
})

/** Captures what the handler logs through the OpenTelemetry diagnostic logger. */
function captureDiag(): { errors: unknown[][]; warnings: unknown[][] } {
  const errors: unknown[][] = []
  const warnings: unknown[][] = []
  const logger: DiagLogger = {
    error: (...args) => errors.push(args),
    warn: (...args) => warnings.push(args),
    info: () => {},
    debug: () => {},
    verbose: () => {},
  }
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true })
  return { errors, warnings }
}

/** A tracer that counts the spans it started, to compare with the spans that ended. */
function countingTracer(inner: Tracer): { tracer: Tracer; started: () => number } {
  let started = 0
  const tracer: Tracer = {
    startSpan(name, options, context) {
      started++
      return inner.startSpan(name, options, context)
    },
    startActiveSpan: inner.startActiveSpan.bind(inner) as Tracer['startActiveSpan'],
  }
  return { tracer, started: () => started }
}

function setUp(options: Partial<LlmCanaryHandlerOptions> = {}) {
  const tracing = createTestTracing()
  const counting = countingTracer(tracing.provider.getTracer('test'))
  const handler = new LlmCanaryHandler({ experiment, hashKey: 'k', tracer: counting.tracer, ...options })
  return { tracing, handler, started: counting.started }
}

function twoNodeGraph(model: { invoke(input: string, options?: object): Promise<{ content: unknown }> }) {
  return new StateGraph(State)
    .addNode('router', (state) => ({ llmCanary: makeUnitArm(experiment, state.unit) }))
    .addNode('writer', async () => ({ answer: String((await model.invoke('write')).content) }))
    .addEdge(START, 'router')
    .addEdge('router', 'writer')
    .addEdge('writer', END)
    .compile({ name: 'g' })
}

/** mulberry32: a small seeded PRNG, so the random schedule is the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

afterEach(() => {
  diag.disable()
})

describe('LlmCanaryHandler never throws into the graph', () => {
  let logs: ReturnType<typeof captureDiag>
  beforeEach(() => {
    logs = captureDiag()
  })

  it('keeps the graph running when the tracer throws, and logs through diag', async () => {
    const broken: Tracer = {
      startSpan() {
        throw new Error('tracer down')
      },
      startActiveSpan() {
        throw new Error('tracer down')
      },
    }
    const handler = new LlmCanaryHandler({ experiment, hashKey: 'k', tracer: broken })
    const result = await twoNodeGraph(new FakeListChatModel({ responses: ['fine'] })).invoke(
      { unit: 'u' },
      { callbacks: [handler] },
    )
    expect(result.answer).toBe('fine')
    expect(logs.errors.length).toBeGreaterThan(0)
    expect(String(logs.errors[0]?.[0])).toContain('llm-canary')
  })

  it('survives malformed callback arguments', () => {
    const { handler } = setUp()
    const calls: (() => unknown)[] = [
      () => handler.handleChainStart(SERIALIZED, null as never, 'a'),
      () => handler.handleChainEnd(null as never, 'a'),
      () => handler.handleChainError(undefined, 'missing'),
      () =>
        handler.handleChatModelStart(null as never, null as never, 'b', 'a', null as never, null as never),
      () => handler.handleLLMNewToken('x', { prompt: 0, completion: 0 }, 'b'),
      () => handler.handleLLMEnd(null as never, 'b'),
      () => handler.handleLLMEnd({ generations: 'nope' } as never, 'b'),
      () => handler.handleToolStart(null as never, '', 'c'),
      () => handler.handleToolError(Symbol('x'), 'c'),
      () => handler.handleRetrieverStart(SERIALIZED, 'q', 'd'),
      () => handler.handleRetrieverEnd(null as never, 'd'),
      () => handler.recordEvaluation('nobody', { name: '', score: Number.NaN }),
    ]
    for (const call of calls) expect(call).not.toThrow()
  })

  it('contains throwing observers, shadow runners and citation extractors', async () => {
    const tracing = createTestTracing()
    const handler = new LlmCanaryHandler({
      experiment,
      hashKey: 'k',
      tracer: tracing.provider.getTracer('t'),
      observers: [
        () => {
          throw new Error('observer bug')
        },
      ],
      shadowRunner: {
        maybeShadow() {
          throw new Error('runner bug')
        },
      },
      citationExtractor: () => {
        throw new Error('extractor bug')
      },
    })
    const shadowedUnit = Array.from({ length: 200 }, (_, n) => `s-${n}`).find(
      (unit) => makeUnitArm(experiment, unit).shadowArms.length > 0,
    )!
    const result = await twoNodeGraph(new FakeListChatModel({ responses: ['ok'] })).invoke(
      { unit: shadowedUnit },
      { callbacks: [handler] },
    )
    expect(result.answer).toBe('ok')
    expect(tracing.named('chat')).toHaveLength(1)
    const messages = logs.errors.map((args) => String(args[0]))
    expect(messages.some((m) => m.includes('observer'))).toBe(true)
    expect(messages.some((m) => m.includes('shadow runner'))).toBe(true)
    expect(messages.some((m) => m.includes('citation extractor'))).toBe(true)
  })
})

describe('LlmCanaryHandler ends every span', () => {
  it('ends a run stopped at an interrupt without an error, and the resumed run keeps the arm', async () => {
    const { tracing, handler, started } = setUp()
    const model = new FakeListChatModel({ responses: ['after resume'] })
    const graph = new StateGraph(State)
      .addNode('router', (state) => ({ llmCanary: makeUnitArm(experiment, state.unit) }))
      .addNode('ask', () => ({ answer: String(interrupt('need approval')) }))
      .addNode('writer', async () => ({ answer: String((await model.invoke('write')).content) }))
      .addEdge(START, 'router')
      .addEdge('router', 'ask')
      .addEdge('ask', 'writer')
      .addEdge('writer', END)
      .compile({ name: 'g', checkpointer: new MemorySaver() })
    const config = { configurable: { thread_id: 'thread-1' }, callbacks: [handler] }
    await graph.invoke({ unit: 'user-7' }, config)

    const ask = tracing.one('invoke_agent ask')
    expect(ask.status.code).toBe(SpanStatusCode.UNSET)
    expect(ask.attributes[ATTR_INTERRUPTED]).toBe(true)
    expect(ask.attributes).not.toHaveProperty(ATTR_ERROR_TYPE)
    const first = tracing.one('invoke_workflow g')
    expect(first.status.code).toBe(SpanStatusCode.UNSET)
    expect(first.attributes[ATTR_INTERRUPTED]).toBe(true)
    expect(handler.openRunCount()).toBe(0)

    await graph.invoke(new Command({ resume: 'yes' }), config)
    const arm = makeUnitArm(experiment, 'user-7').arm
    const chat = tracing.one('chat')
    expect(chat.attributes[ATTR_FEATURE_FLAG_VARIANT]).toBe(arm)
    expect(tracing.named('invoke_workflow g')).toHaveLength(2)
    expect(tracing.spans()).toHaveLength(started())
    expect(handler.openRunCount()).toBe(0)
  })

  it('ends every span of an aborted run, the model call still in flight included', async () => {
    const { tracing, handler, started } = setUp()
    const controller = new AbortController()
    // FakeListChatModel ignores the signal: its end arrives after the run already failed.
    const slow = new FakeListChatModel({ responses: ['late'], sleep: 30 })
    const graph = twoNodeGraph({
      invoke: (input) => {
        setTimeout(() => controller.abort(), 5)
        return slow.invoke(input)
      },
    })
    await expect(
      graph.invoke({ unit: 'u' }, { callbacks: [handler], signal: controller.signal }),
    ).rejects.toThrow()
    expect(tracing.spans()).toHaveLength(started())
    const chat = tracing.one('chat')
    expect(chat.status.code).toBe(SpanStatusCode.ERROR)
    expect(chat.attributes[ATTR_ERROR_TYPE]).toBe('AbortError')
    expect(chat.attributes[ATTR_INCOMPLETE]).toBe('parent_ended')
    expect(tracing.one('invoke_agent writer').attributes[ATTR_ERROR_TYPE]).toBe('AbortError')
    expect(tracing.one('invoke_workflow g').status.code).toBe(SpanStatusCode.ERROR)
    expect(handler.openRunCount()).toBe(0)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(tracing.named('chat')).toHaveLength(1)
    expect(handler.openRunCount()).toBe(0)
  })

  it('ends the model span with the abort error when the model honours the signal', async () => {
    const { tracing, handler, started } = setUp()
    const controller = new AbortController()
    const model = new ScriptedChatModel({
      answers: [{ text: 'never' }],
      modelName: 'gpt-4.1',
      delayMs: 1_000,
    })
    const graph = twoNodeGraph({
      invoke: (input) => {
        setTimeout(() => controller.abort(), 5)
        return model.invoke(input, { signal: controller.signal })
      },
    })
    await expect(
      graph.invoke({ unit: 'u' }, { callbacks: [handler], signal: controller.signal }),
    ).rejects.toThrow()
    expect(tracing.spans()).toHaveLength(started())
    expect(tracing.one('chat gpt-4.1').status.code).toBe(SpanStatusCode.ERROR)
    expect(handler.openRunCount()).toBe(0)
  })
})

describe('LlmCanaryHandler bookkeeping', () => {
  it('ignores duplicate callbacks for a run id (the handler attached twice)', async () => {
    const { tracing, handler, started } = setUp()
    await twoNodeGraph(new FakeListChatModel({ responses: ['x'] })).invoke(
      { unit: 'u' },
      { callbacks: [handler, handler] },
    )
    expect(tracing.named('chat')).toHaveLength(1)
    expect(tracing.named('invoke_workflow g')).toHaveLength(1)
    expect(tracing.named('invoke_agent writer')).toHaveLength(1)
    expect(tracing.spans()).toHaveLength(started())
    expect(handler.openRunCount()).toBe(0)
  })

  it('ignores a duplicate start that arrives after its run ended', () => {
    const { tracing, handler } = setUp()
    handler.handleChatModelStart(SERIALIZED, [[]], 'run-1')
    handler.handleLLMEnd({ generations: [[{ text: 'a' }]] }, 'run-1')
    handler.handleChatModelStart(SERIALIZED, [[]], 'run-1')
    handler.handleLLMEnd({ generations: [[{ text: 'a' }]] }, 'run-1')
    expect(tracing.spans()).toHaveLength(1)
    expect(handler.openRunCount()).toBe(0)
  })

  it('leaves no entry behind after 10,000 runs with random errors, aborts, interrupts and duplicates', () => {
    const { tracing, handler, started } = setUp()
    const random = seededRandom(42)
    const outcomes = new Map<string, number>()
    for (let n = 0; n < 10_000; n++) {
      const outcome = simulateRun(handler, n, random)
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
    }
    expect([...outcomes.keys()].sort()).toEqual([...SIMULATED_OUTCOMES].sort())
    expect(handler.openRunCount()).toBe(0)
    expect(tracing.spans()).toHaveLength(started())
    expect(tracing.spans().every((span) => span.ended)).toBe(true)
  })

  it('leaves no entry behind after real graph runs with random failures and aborts', async () => {
    const { tracing, handler, started } = setUp()
    const random = seededRandom(7)
    const runs = Array.from({ length: 200 }, async (_, n) => {
      const roll = random()
      const controller = new AbortController()
      const model = new ScriptedChatModel({
        answers: [roll < 0.3 ? { text: '', error: new TypeError('bad') } : { text: 'ok' }],
        delayMs: roll > 0.7 ? 20 : 0,
      })
      if (roll > 0.7) setTimeout(() => controller.abort(), 2)
      const graph = twoNodeGraph(model)
      await graph
        .invoke({ unit: `u-${n}` }, { callbacks: [handler], signal: controller.signal })
        .catch(() => {})
    })
    await Promise.all(runs)
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(handler.openRunCount()).toBe(0)
    expect(tracing.spans()).toHaveLength(started())
    expect(tracing.named('invoke_workflow g')).toHaveLength(200)
  })

  it('sweeps runs whose end never comes once they are idle past the TTL', async () => {
    const logs = captureDiag()
    const { tracing, handler, started } = setUp({ runTtlMs: 5 })
    handler.handleChainStart(SERIALIZED, {}, 'root-1', undefined, [], {}, undefined, 'g')
    handler.handleChatModelStart(SERIALIZED, [[]], 'llm-1', 'root-1')
    expect(handler.openRunCount()).toBe(3)
    await new Promise((resolve) => setTimeout(resolve, 20))
    handler.handleChainStart(SERIALIZED, {}, 'root-2', undefined, [], {}, undefined, 'g')
    handler.handleChainEnd({}, 'root-2')
    expect(handler.openRunCount()).toBe(0)
    expect(tracing.spans()).toHaveLength(started())
    const swept = tracing.spans().filter((span) => span.attributes[ATTR_INCOMPLETE] === 'ttl_expired')
    expect(swept.map((span) => span.name).sort()).toEqual(['chat', 'invoke_workflow g'])
    expect(logs.warnings.some((args) => String(args[0]).includes('ttl_expired'))).toBe(true)
  })

  it('keeps the open-run map bounded, ending the oldest roots first', () => {
    const { tracing, handler } = setUp({ maxOpenRuns: 50 })
    for (let n = 0; n < 200; n++)
      handler.handleChainStart(SERIALIZED, {}, `root-${n}`, undefined, [], {}, undefined, 'g')
    expect(handler.openRunCount()).toBeLessThanOrEqual(2 * 50)
    const evicted = tracing.spans().filter((span) => span.attributes[ATTR_INCOMPLETE] === 'evicted')
    expect(evicted.length).toBe(200 - handler.openRunCount() / 2)
    for (let n = 0; n < 200; n++) handler.handleChainEnd({}, `root-${n}`)
    expect(handler.openRunCount()).toBe(0)
  })

  it('produces the same spans with callbacks in the background', async () => {
    const { tracing, handler, started } = setUp({ awaitHandlers: false })
    expect(handler.awaitHandlers).toBe(false)
    await twoNodeGraph(new FakeListChatModel({ responses: ['bg'] })).invoke(
      { unit: 'u' },
      { callbacks: [handler] },
    )
    await awaitAllCallbacks()
    expect(tracing.spans()).toHaveLength(started())
    const chat = tracing.one('chat')
    expect(tracing.parentOf(chat)?.name).toBe('invoke_agent writer')
    expect(chat.attributes[ATTR_FEATURE_FLAG_VARIANT]).toBe(makeUnitArm(experiment, 'u').arm)
    expect(handler.openRunCount()).toBe(0)
  })

  it('awaits callbacks by default', () => {
    expect(setUp().handler.awaitHandlers).toBe(true)
  })
})

const SIMULATED_OUTCOMES = [
  'ok',
  'llm_error',
  'abort_late_end',
  'abort_no_end',
  'interrupt',
  'duplicates',
  'tool_error',
]

/** One simulated graph run, driven through the handler's callbacks as LangChain would call them. */
function simulateRun(handler: LlmCanaryHandler, n: number, random: () => number): string {
  const outcome = SIMULATED_OUTCOMES[Math.floor(random() * SIMULATED_OUTCOMES.length)]!
  const times = outcome === 'duplicates' ? 2 : 1
  const repeat = (call: () => void) => {
    for (let i = 0; i < times; i++) call()
  }
  const root = `r${n}`
  const node = `${root}-node`
  const lambda = `${root}-lambda`
  const llm = `${root}-llm`
  const tool = `${root}-tool`
  const nodeMeta = { langgraph_node: 'writer', langgraph_checkpoint_ns: `writer:${n}` }
  const unitArm = makeUnitArm(experiment, `unit-${n % 50}`)
  const abort = Object.assign(new Error('aborted'), { name: 'AbortError' })
  repeat(() =>
    handler.handleChainStart(SERIALIZED, { llmCanary: unitArm }, root, undefined, [], {}, undefined, 'g'),
  )
  repeat(() =>
    handler.handleChainStart(SERIALIZED, {}, node, root, ['graph:step:1'], nodeMeta, undefined, 'writer'),
  )
  repeat(() =>
    handler.handleChainStart(SERIALIZED, {}, lambda, node, [], nodeMeta, undefined, 'RunnableLambda'),
  )
  repeat(() => handler.handleChatModelStart(SERIALIZED, [[]], llm, lambda, {}, [], nodeMeta))
  repeat(() => handler.handleLLMNewToken('t', { prompt: 0, completion: 0 }, llm))
  switch (outcome) {
    case 'llm_error':
      handler.handleLLMError(new TypeError('bad'), llm)
      handler.handleChainError(new TypeError('bad'), lambda)
      handler.handleChainError(new TypeError('bad'), node)
      handler.handleChainError(new TypeError('bad'), root)
      break
    case 'abort_late_end':
    case 'abort_no_end':
      handler.handleChainError(abort, node)
      handler.handleChainError(abort, root)
      if (outcome === 'abort_late_end') handler.handleLLMEnd({ generations: [[{ text: 'late' }]] }, llm)
      break
    case 'interrupt':
      handler.handleLLMEnd({ generations: [[{ text: 'x' }]] }, llm)
      handler.handleChainError(Object.assign(new Error('i'), { name: 'GraphInterrupt' }), lambda)
      handler.handleChainError(Object.assign(new Error('i'), { name: 'GraphInterrupt' }), node)
      handler.handleChainEnd({ __interrupt__: [{ id: 'i' }] }, root)
      break
    case 'tool_error':
      handler.handleLLMEnd({ generations: [[{ text: 'x' }]] }, llm)
      handler.handleToolStart(SERIALIZED, 'in', tool, lambda, [], nodeMeta, 'search')
      handler.handleToolError(new Error('tool failed'), tool)
      handler.handleChainError(new Error('tool failed'), lambda)
      handler.handleChainError(new Error('tool failed'), node)
      handler.handleChainError(new Error('tool failed'), root)
      break
    default:
      repeat(() => handler.handleLLMEnd({ generations: [[{ text: 'x' }]] }, llm))
      repeat(() => handler.handleChainEnd({}, lambda))
      repeat(() => handler.handleChainEnd({ answer: 'x' }, node))
      repeat(() => handler.handleChainEnd({ answer: 'x' }, root))
  }
  return outcome
}
