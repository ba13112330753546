import {
  ATTR_FEATURE_FLAG_VARIANT,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_EVALUATION_EXPLANATION,
  ATTR_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_EVALUATION_SCORE_LABEL,
  ATTR_GEN_AI_EVALUATION_SCORE_VALUE,
  ATTR_GEN_AI_OPERATION_NAME,
  EVENT_GEN_AI_EVALUATION_RESULT,
} from '@llm-canary/core'
import type { DiagLogger } from '@opentelemetry/api'
import { DiagLogLevel, diag } from '@opentelemetry/api'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestTracing, makeExperiment, makeUnitArm, SERIALIZED } from '../handler/handler.fixture.ts'
import { LlmCanaryHandler } from '../handler/llm-canary-handler.ts'

const experiment = makeExperiment()
const NODE_META = { langgraph_node: 'writer', langgraph_checkpoint_ns: 'writer:1' }

function setUp(endedSpanCacheSize?: number) {
  const tracing = createTestTracing()
  const handler = new LlmCanaryHandler({
    experiment,
    hashKey: 'k',
    tracer: tracing.provider.getTracer('t'),
    ...(endedSpanCacheSize === undefined ? {} : { endedSpanCacheSize }),
  })
  return { tracing, handler }
}

/** A root graph run with a writer node making one chat call, left open until `finish`. */
function startCall(handler: LlmCanaryHandler, id: string) {
  const unitArm = makeUnitArm(experiment, `unit-${id}`)
  handler.handleChainStart(
    SERIALIZED,
    { llmCanary: unitArm },
    `root-${id}`,
    undefined,
    [],
    {},
    undefined,
    'g',
  )
  handler.handleChainStart(SERIALIZED, {}, `node-${id}`, `root-${id}`, [], NODE_META, undefined, 'writer')
  handler.handleChatModelStart(SERIALIZED, [[]], `llm-${id}`, `node-${id}`, {}, [], NODE_META)
  return {
    unitArm,
    finish() {
      handler.handleLLMEnd({ generations: [[{ text: 'answer' }]] }, `llm-${id}`)
      handler.handleChainEnd({}, `node-${id}`)
      handler.handleChainEnd({}, `root-${id}`)
    },
  }
}

afterEach(() => {
  diag.disable()
})

describe('recordEvaluation', () => {
  it('adds an evaluation event to the LLM span while the call is open', () => {
    const { tracing, handler } = setUp()
    const call = startCall(handler, 'a')
    expect(handler.recordEvaluation('llm-a', { name: 'accuracy', score: 1, label: 'match' })).toBe('event')
    call.finish()
    const chat = tracing.one('chat')
    expect(chat.events).toHaveLength(1)
    expect(chat.events[0]?.name).toBe(EVENT_GEN_AI_EVALUATION_RESULT)
    expect(chat.events[0]?.attributes).toEqual({
      [ATTR_GEN_AI_EVALUATION_NAME]: 'accuracy',
      [ATTR_GEN_AI_EVALUATION_SCORE_VALUE]: 1,
      [ATTR_GEN_AI_EVALUATION_SCORE_LABEL]: 'match',
    })
  })

  it('records a late score as an evaluate span under the ended LLM span, with the session', () => {
    const { tracing, handler } = setUp()
    const call = startCall(handler, 'b')
    call.finish()
    expect(handler.openRunCount()).toBe(0)
    expect(
      handler.recordEvaluation('llm-b', {
        name: 'feedback',
        score: 0,
        label: 'thumbs_down',
        explanation: 'wrong',
      }),
    ).toBe('span')
    const chat = tracing.one('chat')
    const evaluation = tracing.one('evaluate feedback')
    expect(evaluation.parentSpanContext?.spanId).toBe(chat.spanContext().spanId)
    expect(evaluation.spanContext().traceId).toBe(chat.spanContext().traceId)
    // The conventions define no evaluation operation: the span carries no gen_ai.operation.name.
    expect(evaluation.attributes[ATTR_GEN_AI_OPERATION_NAME]).toBeUndefined()
    expect(evaluation.attributes).toMatchObject({
      [ATTR_GEN_AI_EVALUATION_NAME]: 'feedback',
      [ATTR_GEN_AI_EVALUATION_SCORE_VALUE]: 0,
      [ATTR_GEN_AI_EVALUATION_SCORE_LABEL]: 'thumbs_down',
      [ATTR_GEN_AI_EVALUATION_EXPLANATION]: 'wrong',
      [ATTR_GEN_AI_AGENT_NAME]: 'writer',
      [ATTR_FEATURE_FLAG_VARIANT]: call.unitArm.arm,
    })
  })

  it('drops a score for an unknown run id with a warning, without throwing', () => {
    const warnings: string[] = []
    const logger: DiagLogger = {
      error: () => {},
      warn: (message) => warnings.push(message),
      info: () => {},
      debug: () => {},
      verbose: () => {},
    }
    diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true })
    const { tracing, handler } = setUp()
    expect(handler.recordEvaluation('never-seen', { name: 'feedback', score: 1 })).toBe('dropped')
    expect(
      handler.recordEvaluation('never-seen', { name: 'feedback', score: Number.POSITIVE_INFINITY }),
    ).toBe('dropped')
    expect(tracing.spans()).toHaveLength(0)
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toContain('never-seen')
  })

  it('remembers a bounded number of recently ended LLM spans (at least half the cache size)', () => {
    const { handler } = setUp(4)
    for (const id of ['1', '2', '3', '4', '5']) startCall(handler, id).finish()
    expect(handler.recordEvaluation('llm-1', { name: 'feedback', score: 1 })).toBe('dropped')
    for (const id of ['4', '5'])
      expect(handler.recordEvaluation(`llm-${id}`, { name: 'feedback', score: 1 })).toBe('span')
  })
})
