/**
 * Public types of the evaluation API: scores recorded on LLM spans, by the handler's evaluators at call
 * time or later through `LlmCanaryHandler.recordEvaluation` (an async judge, user feedback).
 */
import type { UnitArm } from '../types.ts'

/** A score for one LLM call. Recorded as `gen_ai.evaluation.result` (event or `evaluate {name}` span). */
export interface EvaluationResult {
  /** What was measured: `accuracy`, `judge`, `feedback`, ... (`gen_ai.evaluation.name`). */
  readonly name: string
  /** The score (`gen_ai.evaluation.score.value`): 0–1 for matches, 1–5 for a Likert judge. */
  readonly score: number
  /** A label for the score (`gen_ai.evaluation.score.label`): `match`, `thumbs_up`, ... */
  readonly label?: string | undefined
  /** Why (`gen_ai.evaluation.explanation`). Free text: it is exported as written. */
  readonly explanation?: string | undefined
}

/** A score an evaluator computed; the handler adds the evaluator's name. */
export type EvaluationScore = Omit<EvaluationResult, 'name'>

/** What an evaluator sees of a finished LLM call. */
export interface EvaluationInput {
  /** The LLM run id (what `recordEvaluation` takes). */
  readonly runId: string
  /** The graph node that made the call. */
  readonly agent: string | undefined
  /** The unit's arm, when known. */
  readonly unitArm: UnitArm | undefined
  /** The arm whose model answered. */
  readonly servedArm: string | undefined
  /** True for the candidate half of a shadow pair. */
  readonly shadow: boolean
  /** The call's input messages (`BaseMessage`s, or prompt strings for completion models). */
  readonly messages: readonly unknown[]
  /** The answer message (`AIMessage`), undefined for completion models. */
  readonly output: unknown
  /** The answer's text. */
  readonly outputText: string
  /** The graph state the calling node received, when the call ran inside a node. */
  readonly state: Readonly<Record<string, unknown>> | undefined
}

/**
 * Scores LLM calls when they end. A synchronous score lands as an event on the LLM span; a promised one
 * (a judge) lands later as an `evaluate {name}` span. Return undefined for "no score" (no reference for
 * this call, not sampled, unreadable judge answer): never a guess. Errors are logged, never thrown.
 */
export interface Evaluator {
  /** The evaluation name recorded with each score. */
  readonly name: string
  /**
   * @param input - The finished call.
   * @returns The score, none, or a promise of either.
   */
  evaluate(input: EvaluationInput): EvaluationScore | undefined | Promise<EvaluationScore | undefined>
}
