import { citationSimilarity } from '@llm-canary/core'
import type { UnitEntry } from './unit-table.ts'

/** One call's citations, offered for pairing by input hash. */
export interface CitedCall {
  /** Index of the session's arm in `experiment.arms`. */
  readonly arm: number
  readonly unit: UnitEntry
  readonly agent: string
  readonly citations: readonly string[]
}

/** Receives each paired score, for the session (and agent) it is attributed to. */
export type CitationScoreHandler = (unit: UnitEntry, agent: string, score: number) => void

/**
 * Pairs calls with the same `llm_canary.input_hash` to measure citation stability: a candidate call is
 * scored (Jaccard, core's `citationSimilarity`) against the first control call seen with that input,
 * and a control call of another session against it too (control-vs-control agreement, the baseline).
 * One entry per input hash, the first control call's citations, up to `cap` hashes; past it the oldest
 * is dropped and counted. A candidate call seen before any control call with its input waits in that
 * entry (one per hash) and is scored when the control call arrives, which then takes its place.
 *
 * @example
 * const pairing = new CitationPairing(100_000, controlIndex, (session, agent, score) => add(session, agent, score))
 * pairing.offer(hash, { arm: 0, session, agent: 'writer', citations: ['doc-1'] })
 */
export class CitationPairing {
  private readonly entries = new Map<string, CitedCall>()
  private evictedCount = 0

  /**
   * @param cap - Most input hashes kept.
   * @param controlArm - Index of control in `experiment.arms`.
   * @param onScore - Called with each pair's score, attributed to the non-stored call (the candidate's,
   *   or the later control call's).
   */
  constructor(
    private readonly cap: number,
    private readonly controlArm: number,
    private readonly onScore: CitationScoreHandler,
  ) {}

  /** Input hashes dropped to stay within the cap. */
  get evicted(): number {
    return this.evictedCount
  }

  /**
   * Offers a call's citations.
   *
   * @param inputHash - `llm_canary.input_hash`.
   * @param call - The call.
   */
  offer(inputHash: string, call: CitedCall): void {
    const stored = this.entries.get(inputHash)
    if (stored === undefined) {
      this.insert(inputHash, call)
      return
    }
    const storedIsControl = stored.arm === this.controlArm
    const callIsControl = call.arm === this.controlArm
    if (storedIsControl) {
      // The same session asking twice is a retry, not an independent draw of control's answer.
      if (callIsControl && call.unit === stored.unit) return
      this.score(stored, call)
      return
    }
    if (!callIsControl) return
    this.score(call, stored)
    this.entries.set(inputHash, call)
  }

  private score(control: CitedCall, other: CitedCall): void {
    this.onScore(other.unit, other.agent, scoreCitations(control.citations, other.citations))
  }

  private insert(inputHash: string, call: CitedCall): void {
    this.entries.set(inputHash, call)
    if (this.entries.size <= this.cap) return
    const oldest = this.entries.keys().next()
    if (oldest.done === true) return
    this.entries.delete(oldest.value)
    this.evictedCount += 1
  }
}

/**
 * Jaccard agreement of two citation lists (core's `citationSimilarity`), with a fast path for lists that
 * are element-wise equal: equal lists give equal sets, whose Jaccard index is 1 (also when both are empty),
 * so the answer is exact and the normalisation is skipped for the common stable case.
 *
 * @param a - One call's cited sources.
 * @param b - The other call's.
 * @returns The Jaccard index in [0, 1].
 */
export function scoreCitations(a: readonly string[], b: readonly string[]): number {
  if (a.length === b.length && a.every((id, index) => id === b[index])) return 1
  return citationSimilarity(a, b).score
}
