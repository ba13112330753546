import type { ExactMatchOptions } from '@llm-canary/core'
import { exactMatch } from '@llm-canary/core'
import type { Evaluator } from './evaluation-types.ts'
import type { MatchEvaluatorOptions } from './match-evaluator-options.ts'
import { createMatchEvaluator } from './match-evaluator-options.ts'

/**
 * An evaluator scoring a call 1 when its answer equals the reference exactly (core `exactMatch`:
 * strings as written, optionally trimmed and case-folded; structures deeply), else 0, with label `match`
 * or `mismatch` and the path of the first difference as explanation. Calls without a reference get no
 * score. The score lands as an event on the LLM span.
 *
 * @param options - Reference, optional actual value, name, agents and `exactMatch` options.
 * @returns The evaluator.
 * @example
 * exactMatchEvaluator({ reference: ({ state }) => state?.expectedLabel, agents: ['classifier'] })
 */
export function exactMatchEvaluator(options: MatchEvaluatorOptions<ExactMatchOptions>): Evaluator {
  return createMatchEvaluator(options, (actual, expected, scorerOptions) => {
    const result = exactMatch(actual, expected, scorerOptions ?? {})
    return result.score === 1
      ? { score: 1, label: 'match' }
      : { score: 0, label: 'mismatch', explanation: `first difference at ${result.mismatchPath ?? '(root)'}` }
  })
}
