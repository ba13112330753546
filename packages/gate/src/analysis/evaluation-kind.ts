/** The evaluation scores the analysis uses, by what they measure. */
export type EvaluationKind = 'accuracy' | 'judge' | 'feedback'

/** Evaluation names the analysis reads (lower case), and what each measures. */
export const EVALUATION_KINDS: ReadonlyMap<string, EvaluationKind> = new Map([
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
export const KNOWN_EVALUATION_NAMES: readonly string[] = [...EVALUATION_KINDS.keys()]

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
  return EVALUATION_KINDS.get(name.trim().toLowerCase())
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
  const [low, high] = EVALUATION_SCORE_RANGES[kind]
  return score >= low && score <= high
}

/** The range of each kind's scores: accuracy [0, 1], judge [1, 5], feedback any finite number. */
export const EVALUATION_SCORE_RANGES: Readonly<Record<EvaluationKind, readonly [number, number]>> = {
  accuracy: [0, 1],
  judge: [1, 5],
  feedback: [-Number.MAX_VALUE, Number.MAX_VALUE],
}
