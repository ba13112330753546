import { Command, MemorySaver } from '@langchain/langgraph'
import {
  ATTR_FEATURE_FLAG_VARIANT,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_INTERRUPTED,
  ATTR_SHADOW,
  createRandom,
} from '@llm-canary/core'
import type { Tracer } from '@opentelemetry/api'
import { DiagLogLevel, diag, SpanStatusCode } from '@opentelemetry/api'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { afterEach, describe, expect, it } from 'vitest'
import type { SessionFate } from './graphs.fixture.ts'
import { buildCanaryApp } from './graphs.fixture.ts'
import { createTestTracing, makeExperiment } from './handler.fixture.ts'
import { LlmCanaryHandler } from './llm-canary-handler.ts'

// 1,000 sessions at once through one handler, as a busy server would run them: real graphs with a
// checkpointer, streaming and plain calls, model errors, aborts at random moments and interrupts that are
// resumed (or not). Every span is ended exactly once, every parent is in its own trace, a session's spans
// name one arm, and the handler keeps nothing once the runs are over.

const experiment = makeExperiment({
  arms: {
    control: { model: 'openai:gpt-4.1', weight: 50 },
    candidate: { model: 'openai:gpt-5', weight: 50 },
  },
})
const HASH_KEY = 'load-test-key'
const SESSIONS = 1_000

/** A tracer that counts the spans it starts. */
function countingTracer(inner: Tracer): { tracer: Tracer; started: () => number } {
  let started = 0
  return {
    tracer: {
      startSpan: (name, options, context) => {
        started++
        return inner.startSpan(name, options, context)
      },
      startActiveSpan: inner.startActiveSpan.bind(inner) as Tracer['startActiveSpan'],
    },
    started: () => started,
  }
}

afterEach(() => {
  diag.disable()
})

describe('the handler under load', () => {
  it('1,000 concurrent sessions with streaming, errors, aborts and interrupts: every span ended once, parents right, one arm per session, nothing kept', async () => {
    const sdkWarnings: string[] = []
    diag.setLogger(
      {
        error: (...args) => sdkWarnings.push(args.map(String).join(' ')),
        warn: (...args) => sdkWarnings.push(args.map(String).join(' ')),
        info: () => {},
        debug: () => {},
        verbose: () => {},
      },
      { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
    )
    const tracing = createTestTracing()
    const counting = countingTracer(tracing.provider.getTracer('load'))
    const handler = new LlmCanaryHandler({ experiment, hashKey: HASH_KEY, tracer: counting.tracer })
    const random = createRandom(2026)
    const fates = new Map<string, SessionFate>()
    const kinds: readonly SessionFate[] = ['ok', 'ok', 'error', 'abort', 'interrupt', 'interrupt-resumed']
    for (let n = 0; n < SESSIONS; n++)
      fates.set(`thread-${n}`, kinds[random.integer(0, kinds.length - 1)] ?? 'ok')
    const graph = buildCanaryApp({
      experiment,
      hashKey: HASH_KEY,
      fateOf: (threadId) => fates.get(threadId) ?? 'ok',
      modelDelayMs: 3,
      checkpointer: new MemorySaver(),
    })

    const outcomes = await Promise.all(
      [...fates].map(async ([threadId, fate]) => {
        const controller = new AbortController()
        if (fate === 'abort')
          setTimeout(() => controller.abort(new Error('client went away')), random.integer(0, 12))
        const config = {
          configurable: { thread_id: threadId },
          callbacks: [handler],
          signal: controller.signal,
        }
        try {
          await graph.invoke({ question: threadId }, config)
          if (fate === 'interrupt-resumed') await graph.invoke(new Command({ resume: 'yes' }), config)
          return 'settled'
        } catch {
          return 'failed'
        }
      }),
    )
    // Let late model ends (after an abort) arrive.
    await new Promise((resolve) => setTimeout(resolve, 100))

    expect(outcomes.filter((o) => o === 'failed').length).toBeGreaterThan(0)
    expect(handler.openRunCount()).toBe(0)
    const spans = tracing.spans()
    // Ended once: every started span was exported once, and the SDK never saw a second end.
    expect(spans).toHaveLength(counting.started())
    expect(new Set(spans.map((s) => s.spanContext().spanId)).size).toBe(spans.length)
    expect(sdkWarnings.filter((w) => /ended/i.test(w))).toEqual([])
    expect(spans.every((span) => span.ended)).toBe(true)

    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]))
    for (const span of spans) {
      const parentId = span.parentSpanContext?.spanId
      if (parentId === undefined) {
        expect(span.name).toBe('invoke_workflow app')
        continue
      }
      const parent = byId.get(parentId)
      expect(parent, span.name).toBeDefined()
      expect(parent?.spanContext().traceId).toBe(span.spanContext().traceId)
    }
    expectOneArmPerSession(spans)
    const workflows = spans.filter((s) => s.name === 'invoke_workflow app')
    const resumed = [...fates.values()].filter((fate) => fate === 'interrupt-resumed').length
    expect(workflows).toHaveLength(SESSIONS + resumed)
    // The faults happened: failed and aborted calls ended as errors, interrupted runs as interrupted.
    expect(
      spans.filter((s) => s.name.startsWith('chat') && s.status.code === SpanStatusCode.ERROR).length,
    ).toBeGreaterThan(SESSIONS / 10)
    expect(workflows.filter((s) => s.attributes[ATTR_INTERRUPTED] === true).length).toBeGreaterThanOrEqual(
      resumed,
    )
  }, 180_000)
})

function expectOneArmPerSession(spans: readonly ReadableSpan[]): void {
  const arms = new Map<unknown, Set<unknown>>()
  for (const span of spans) {
    if (span.attributes[ATTR_SHADOW] === true) continue
    const unitArm = span.attributes[ATTR_GEN_AI_CONVERSATION_ID]
    if (unitArm === undefined) continue
    const set = arms.get(unitArm) ?? new Set()
    set.add(span.attributes[ATTR_FEATURE_FLAG_VARIANT])
    arms.set(unitArm, set)
  }
  expect(arms.size).toBeGreaterThan(SESSIONS * 0.9)
  for (const set of arms.values()) expect(set.size).toBe(1)
}
