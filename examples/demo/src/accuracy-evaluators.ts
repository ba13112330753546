import type { Evaluator } from '@llm-canary/langgraph'
import { exactMatchEvaluator, fuzzyMatchEvaluator } from '@llm-canary/langgraph'

/**
 * The workflow's accuracy evaluators, scored when each call ends against the labels the session
 * carries in its state: the extractor's fields field by field (fuzzy: numbers, dates and case
 * normalised, a date written `03/05/2026` for `2026-05-03` counts as a mismatch; the cited `sources` are
 * not graded), and the summarizer's payment decision exactly.
 *
 * @returns The evaluators, both recorded as `accuracy`.
 * @example
 * new LlmCanaryHandler({ experiment, hashKey, evaluators: createAccuracyEvaluators() })
 */
export function createAccuracyEvaluators(): Evaluator[] {
  return [
    fuzzyMatchEvaluator({
      agents: ['extractor'],
      reference: ({ state }) => state?.reference,
      options: { ignorePaths: ['sources'], numericTolerance: 0.005 },
    }),
    exactMatchEvaluator({
      agents: ['summarizer'],
      reference: ({ state }) => state?.expectedDecision,
      actual: ({ outputText }) => /Decision: (\w+)/.exec(outputText)?.[1] ?? '',
    }),
  ]
}
