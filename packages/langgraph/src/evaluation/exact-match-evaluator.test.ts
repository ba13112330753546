import {
  ATTR_GEN_AI_EVALUATION_EXPLANATION,
  ATTR_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_EVALUATION_SCORE_LABEL,
  ATTR_GEN_AI_EVALUATION_SCORE_VALUE,
  EVENT_GEN_AI_EVALUATION_RESULT,
} from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import { runEvaluatedGraph } from './evaluation.fixture.ts'
import { exactMatchEvaluator } from './exact-match-evaluator.ts'

describe('exactMatchEvaluator', () => {
  const evaluator = exactMatchEvaluator({
    reference: ({ state }) => state?.expected,
    options: { trim: true, caseFold: true },
  })

  it('puts a match event on the LLM span, against the reference read from the node state', async () => {
    const { tracing } = await runEvaluatedGraph([evaluator], ' Refund ', 'refund')
    const events = tracing.one('chat').events
    expect(events).toHaveLength(1)
    expect(events[0]?.name).toBe(EVENT_GEN_AI_EVALUATION_RESULT)
    expect(events[0]?.attributes).toMatchObject({
      [ATTR_GEN_AI_EVALUATION_NAME]: 'accuracy',
      [ATTR_GEN_AI_EVALUATION_SCORE_VALUE]: 1,
      [ATTR_GEN_AI_EVALUATION_SCORE_LABEL]: 'match',
    })
  })

  it('scores a mismatch 0 with the path of the first difference', async () => {
    const structured = exactMatchEvaluator({
      reference: ({ state }) => state?.expected,
      actual: ({ outputText }) => JSON.parse(outputText) as unknown,
    })
    const { tracing } = await runEvaluatedGraph([structured], '{"a": [1, 2]}', { a: [1, 3] })
    expect(tracing.one('chat').events[0]?.attributes).toMatchObject({
      [ATTR_GEN_AI_EVALUATION_SCORE_VALUE]: 0,
      [ATTR_GEN_AI_EVALUATION_SCORE_LABEL]: 'mismatch',
      [ATTR_GEN_AI_EVALUATION_EXPLANATION]: 'first difference at a[1]',
    })
  })

  it('skips calls without a reference and calls outside its agents', async () => {
    const noReference = await runEvaluatedGraph([evaluator], 'cancel', undefined)
    expect(noReference.tracing.one('chat').events).toHaveLength(0)
    const otherAgent = exactMatchEvaluator({ reference: () => 'x', agents: ['classifier'] })
    const skipped = await runEvaluatedGraph([otherAgent], 'x', 'x')
    expect(skipped.tracing.one('chat').events).toHaveLength(0)
    const sameAgent = exactMatchEvaluator({ reference: () => 'x', agents: ['extractor'] })
    const scored = await runEvaluatedGraph([sameAgent], 'x', 'x')
    expect(scored.tracing.one('chat').events).toHaveLength(1)
  })
})
