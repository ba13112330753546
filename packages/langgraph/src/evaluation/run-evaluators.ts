import { diag } from '@opentelemetry/api'
import type { EvaluationInput, EvaluationResult, EvaluationScore, Evaluator } from './evaluation-types.ts'

/** Where the scores of one call go. */
export interface EvaluationSinks {
  /** Scores that arrived later (promised): recorded once the promise settles. */
  readonly recordLate: (result: EvaluationResult) => void
  /** Keeps a promise until it settles (so `flushEvaluations` can wait for it). */
  readonly track: (pending: Promise<void>) => void
}

/**
 * Runs the evaluators on a finished call. Synchronous scores are returned (the caller puts them on the
 * span before ending it); promised scores go to `recordLate` when they arrive. An evaluator that throws
 * or rejects is logged with `diag.error` and skipped.
 *
 * @param evaluators - The handler's evaluators.
 * @param input - The finished call.
 * @param sinks - Where late scores go, and the tracker of pending ones.
 * @returns The scores known now.
 */
export function runEvaluators(
  evaluators: readonly Evaluator[],
  input: EvaluationInput,
  sinks: EvaluationSinks,
): EvaluationResult[] {
  const now: EvaluationResult[] = []
  for (const evaluator of evaluators) {
    let outcome: EvaluationScore | undefined | Promise<EvaluationScore | undefined>
    try {
      outcome = evaluator.evaluate(input)
    } catch (err) {
      diag.error(`llm-canary: evaluator ${JSON.stringify(evaluator.name)} threw; no score recorded`, err)
      continue
    }
    if (isPromiseLike(outcome)) {
      sinks.track(
        Promise.resolve(outcome).then(
          (score) => {
            if (score !== undefined) sinks.recordLate({ ...score, name: evaluator.name })
          },
          (err: unknown) => {
            diag.error(
              `llm-canary: evaluator ${JSON.stringify(evaluator.name)} failed; no score recorded`,
              err,
            )
          },
        ),
      )
    } else if (outcome !== undefined) {
      now.push({ ...outcome, name: evaluator.name })
    }
  }
  return now
}

function isPromiseLike(value: unknown): value is Promise<EvaluationScore | undefined> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function'
}
