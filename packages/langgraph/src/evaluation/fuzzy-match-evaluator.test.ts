import {
  ATTR_GEN_AI_EVALUATION_EXPLANATION,
  ATTR_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_EVALUATION_SCORE_VALUE,
  fuzzyMatch,
} from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import { runEvaluatedGraph } from './evaluation.fixture.ts'
import { fuzzyMatchEvaluator } from './fuzzy-match-evaluator.ts'

describe('fuzzyMatchEvaluator', () => {
  it('scores a structured answer by the share of matching fields, without exporting their values', async () => {
    const evaluator = fuzzyMatchEvaluator({ reference: ({ state }) => state?.expected, name: 'extraction' })
    const answer = '{"total": "1,200.50", "currency": "EUR"}'
    const expected = { total: 1200.5, currency: 'USD' }
    const { tracing } = await runEvaluatedGraph([evaluator], answer, expected)
    const attributes = tracing.one('chat').events[0]?.attributes
    const reference = fuzzyMatch(answer, expected)
    expect(attributes?.[ATTR_GEN_AI_EVALUATION_NAME]).toBe('extraction')
    expect(attributes?.[ATTR_GEN_AI_EVALUATION_SCORE_VALUE]).toBe(reference.score)
    expect(attributes?.[ATTR_GEN_AI_EVALUATION_EXPLANATION]).toBe(
      `${reference.matched}/${reference.total} fields match`,
    )
    expect(JSON.stringify(attributes)).not.toContain('EUR')
  })

  it('gives no score when the call has no reference', async () => {
    const evaluator = fuzzyMatchEvaluator({ reference: () => undefined })
    const { tracing } = await runEvaluatedGraph([evaluator], '{}', undefined)
    expect(tracing.one('chat').events).toHaveLength(0)
  })
})
