import type { FuzzyMatchOptions } from '@llm-canary/core'
import { fuzzyMatch } from '@llm-canary/core'
import type { Evaluator } from './evaluation-types.ts'
import type { MatchEvaluatorOptions } from './match-evaluator-options.ts'
import { createMatchEvaluator } from './match-evaluator-options.ts'

/**
 * An evaluator scoring a structured answer field by field against the reference (core `fuzzyMatch`:
 * JSON text or values, normalised numbers, dates, case): score = matched / total fields, explanation
 * `matched/total fields match` (field names and values are not exported). Calls without a reference
 * get no score.
 *
 * @param options - Reference, optional actual value, name, agents and `fuzzyMatch` options.
 * @returns The evaluator.
 * @example
 * fuzzyMatchEvaluator({ reference: ({ state }) => state?.expectedInvoice, options: { numericTolerance: 0.01 } })
 */
export function fuzzyMatchEvaluator(options: MatchEvaluatorOptions<FuzzyMatchOptions>): Evaluator {
  return createMatchEvaluator(options, (actual, expected, scorerOptions) => {
    const result = fuzzyMatch(actual, expected, scorerOptions ?? {})
    return { score: result.score, explanation: `${result.matched}/${result.total} fields match` }
  })
}
