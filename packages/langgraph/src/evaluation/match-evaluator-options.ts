import type { EvaluationInput, EvaluationScore, Evaluator } from './evaluation-types.ts'

/** Options shared by `exactMatchEvaluator` and `fuzzyMatchEvaluator`. */
export interface MatchEvaluatorOptions<ScorerOptions> {
  /**
   * The expected answer of a call, from the node's state or the call's input (a labelled dataset row,
   * a known ground truth). Return undefined when the call has no reference: it then gets no score.
   */
  readonly reference: (input: EvaluationInput) => unknown
  /** The value compared with the reference. Default: the answer's text. */
  readonly actual?: ((input: EvaluationInput) => unknown) | undefined
  /** Evaluation name. Default `accuracy` (the gate's accuracy metric reads it). */
  readonly name?: string | undefined
  /** Only score calls made by these graph nodes. Default: every call. */
  readonly agents?: readonly string[] | undefined
  /** Options of the core scorer. */
  readonly options?: ScorerOptions | undefined
}

/** Default evaluation name of the match evaluators. */
const ACCURACY_EVALUATION = 'accuracy'

/**
 * Whether an evaluator restricted to some agents applies to a call.
 *
 * @param agents - The evaluator's agents, or undefined for all.
 * @param input - The call.
 * @returns True when the call's node is listed (or no list is set).
 */
export function appliesToAgent(agents: readonly string[] | undefined, input: EvaluationInput): boolean {
  return agents === undefined || (input.agent !== undefined && agents.includes(input.agent))
}

/**
 * The body both match evaluators share: skip calls of other agents and calls without a reference, read
 * the actual value (the answer's text by default), then score it with the core scorer.
 *
 * @param options - The evaluator's options.
 * @param score - Compares the actual value with the reference using the core scorer's options.
 * @returns The evaluator.
 */
export function createMatchEvaluator<ScorerOptions>(
  options: MatchEvaluatorOptions<ScorerOptions>,
  score: (actual: unknown, expected: unknown, scorerOptions: ScorerOptions | undefined) => EvaluationScore,
): Evaluator {
  return {
    name: options.name ?? ACCURACY_EVALUATION,
    evaluate(input) {
      if (!appliesToAgent(options.agents, input)) return undefined
      const expected = options.reference(input)
      if (expected === undefined) return undefined
      const actual = options.actual === undefined ? input.outputText : options.actual(input)
      return score(actual, expected, options.options)
    },
  }
}
