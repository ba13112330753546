/**
 * Turns one look's verdict, and the naive rule's decision, into the events a simulated experiment records.
 */
import type { Verdict } from '../src/index.ts'
import type { NaiveDecision } from './naive-tests.ts'
import type { TrialEvent } from './trial-outcome.ts'

/**
 * The verdict's events at one look.
 *
 * @param verdict - The look's verdict.
 * @returns `verdictFail` / `verdictPass` from the status, and `verdictSignificant` when some guardrail's
 *   Holm-adjusted p-value is ≤ the family-wise α with δ̂ > 0.
 */
export function readVerdictEvents(verdict: Verdict): TrialEvent[] {
  const events: TrialEvent[] = []
  if (verdict.status === 'fail') events.push('verdictFail')
  if (verdict.status === 'pass') events.push('verdictPass')
  const significant = verdict.guardrails.some(
    (result) => (result.adjustedPValue ?? 1) <= verdict.alpha.familyWise && (result.estimate ?? 0) > 0,
  )
  if (significant) events.push('verdictSignificant')
  return events
}

/**
 * The naive rule's events at one look.
 *
 * @param decision - From `decideNaively`.
 * @returns `naiveFail` and `naiveSignificant` as they apply.
 */
export function readNaiveEvents(decision: NaiveDecision): TrialEvent[] {
  const events: TrialEvent[] = []
  if (decision.fail) events.push('naiveFail')
  if (decision.significant) events.push('naiveSignificant')
  return events
}

/**
 * Throws when two numbers differ by more than 1e-9 relative: a shortcut of the simulation no longer
 * matches core's function on the raw values.
 *
 * @param what - What is compared, for the message.
 * @param actual - The shortcut's value.
 * @param expected - Core's value.
 * @throws {Error} On a mismatch.
 */
export function expectClose(what: string, actual: number, expected: number): void {
  const scale = Math.max(1e-300, Math.abs(expected))
  if (!(Math.abs(actual - expected) <= 1e-9 * scale)) {
    throw new Error(
      `cross-check failed: ${what} is ${actual}, core says ${expected}; fix the shortcut in sim/`,
    )
  }
}
