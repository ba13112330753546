/** The evaluation scores the analysis uses, by what they measure. */
export type EvaluationKind = 'accuracy' | 'judge' | 'feedback'

const KIND_BY_NAME: ReadonlyMap<string, EvaluationKind> = new Map([
  ['accuracy', 'accuracy'],
  ['exact', 'accuracy'],
  ['exact_match', 'accuracy'],
  ['fuzzy', 'accuracy'],
  ['fuzzy_match', 'accuracy'],
  ['judge', 'judge'],
  ['llm_judge', 'judge'],
  ['feedback', 'feedback'],
  ['user_feedback', 'feedback'],
])

/** Evaluation names the analysis reads, for messages. */
export const KNOWN_EVALUATION_NAMES: readonly string[] = [...KIND_BY_NAME.keys()]

/**
 * Maps `gen_ai.evaluation.name` to what it measures: `accuracy` / `exact` / `fuzzy` (and `*_match`)
 * are accuracy scores in [0, 1], `judge` is an LLM judge's Likert score 1–5, `feedback` is user
 * feedback (any finite number, reported but not gated). Case-insensitive.
 *
 * @param name - The evaluation name.
 * @returns The kind, or undefined for a name the analysis does not use.
 * @example
 * classifyEvaluation('Exact_Match') // 'accuracy'
 */
export function classifyEvaluation(name: string): EvaluationKind | undefined {
  return KIND_BY_NAME.get(name.trim().toLowerCase())
}

/**
 * Checks a score against its kind's range: accuracy in [0, 1], judge in [1, 5], feedback any finite
 * number.
 *
 * @param kind - What the score measures.
 * @param score - The score value, finite.
 * @returns True when the score is in range.
 */
export function isScoreInRange(kind: EvaluationKind, score: number): boolean {
  switch (kind) {
    case 'accuracy':
      return score >= 0 && score <= 1
    case 'judge':
      return score >= 1 && score <= 5
    case 'feedback':
      return Number.isFinite(score)
  }
}
