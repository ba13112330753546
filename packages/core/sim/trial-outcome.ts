/**
 * What one simulated experiment reports: for each event, the first look where it happened, and which events
 * happened at the final look alone. `OutcomeRecorder` keeps track while the looks run.
 */

/**
 * Events watched at every look:
 * - `verdictFail`: `decideVerdict` says `fail` (significant and beyond the tolerance);
 * - `verdictSignificant`: some guardrail's Holm-adjusted always-valid p ≤ α with δ̂ > 0, whatever its size
 *   (what the verdict would fail with tolerances of 0);
 * - `verdictPass`: `decideVerdict` says `pass`;
 * - `naiveFail` / `naiveSignificant`: the same two rules with fixed-horizon p-values (Welch t, two-proportion
 *   z, or a z on the P95 ratio), Holm-adjusted, computed as if each look were the only one.
 */
export type TrialEvent =
  | 'verdictFail'
  | 'verdictSignificant'
  | 'verdictPass'
  | 'naiveFail'
  | 'naiveSignificant'

/** Where a look happened. */
export interface LookPoint {
  /** Sessions so far, both arms. */
  readonly sessions: number
  /** Of which the candidate's. */
  readonly candidateSessions: number
}

/** What one simulated experiment reports. */
export interface TrialOutcome {
  /** The first look at which each event happened; absent when it never did. */
  readonly first: Partial<Record<TrialEvent, LookPoint>>
  /** The events that happened at the final look (as if it were the only one). */
  readonly atFinalLook: readonly TrialEvent[]
}

/**
 * Records the events of one experiment look by look.
 *
 * @example
 * const recorder = new OutcomeRecorder()
 * if (recorder.isWatching('verdictFail') || final) recorder.record(['verdictFail'], point, final)
 * recorder.outcome()
 */
export class OutcomeRecorder {
  private readonly first: Partial<Record<TrialEvent, LookPoint>> = {}
  private readonly atFinalLook: TrialEvent[] = []

  /**
   * Tells whether an event has not happened yet. A test keeps looking until its fail: that ends the
   * experiment (the pull request is blocked), and a fail is also significant, so nothing it reports is pending.
   *
   * @param event - The event.
   * @returns True while it has not happened.
   */
  isWatching(event: TrialEvent): boolean {
    return this.first[event] === undefined
  }

  /**
   * Records the events seen at one look.
   *
   * @param events - Events that happened at this look.
   * @param point - Where the look happened.
   * @param final - Whether this is the experiment's last look.
   */
  record(events: readonly TrialEvent[], point: LookPoint, final: boolean): void {
    for (const event of events) {
      this.first[event] ??= point
      if (final) this.atFinalLook.push(event)
    }
  }

  /**
   * The outcome so far.
   *
   * @returns First looks and final-look events.
   */
  outcome(): TrialOutcome {
    return { first: { ...this.first }, atFinalLook: [...this.atFinalLook] }
  }
}
