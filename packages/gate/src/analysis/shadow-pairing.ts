import type { CallObservation } from './call-observation.ts'
import type { UnitEntry } from './unit-table.ts'

/** One half of a shadow pair: the control call a user saw, or the candidate's replay of it. */
export interface PairHalf {
  readonly unit: UnitEntry
  readonly agent: string
  readonly call: CallObservation
  readonly citations: readonly string[] | undefined
}

/** Receives each completed pair. */
export type PairHandler = (arm: number, primary: PairHalf, shadow: PairHalf) => void

interface OpenPair {
  primary: PairHalf | undefined
  /** Shadow halves waiting for their primary. */
  waiting: { readonly arm: number; readonly half: PairHalf }[]
  matched: number
}

/** What the pairing could not complete. */
export interface ShadowPairingCounts {
  /** Completed pairs. */
  readonly pairs: number
  /** Shadow calls whose primary (control) call was never seen, or was evicted. */
  readonly unmatchedShadows: number
  /** Open pairs dropped to keep the map within its cap. */
  readonly evicted: number
}

/**
 * Matches the two halves of shadow pairs by `llm_canary.pair_id`, in whatever order the spans arrive,
 * with a bounded map of open pairs: past `cap` the oldest open pair is dropped and counted. A pair is
 * closed once every shadowing candidate has been matched, so with one shadowing candidate (the usual
 * case) the map only holds pairs whose halves are apart in the stream.
 *
 * @example
 * const pairing = new ShadowPairing(100_000, 1, (arm, primary, shadow) => record(arm, primary, shadow))
 * pairing.offerPrimary('run-1', controlHalf)
 * pairing.offerShadow('run-1', 1, candidateHalf) // calls the handler
 */
export class ShadowPairing {
  private readonly open = new Map<string, OpenPair>()
  private pairs = 0
  private unmatched = 0
  private evicted = 0

  /**
   * @param cap - Most open pairs kept at once.
   * @param shadowArms - How many candidates shadow control (a primary can pair with each).
   * @param onPair - Called for each completed pair.
   */
  constructor(
    private readonly cap: number,
    private readonly shadowArms: number,
    private readonly onPair: PairHandler,
  ) {}

  /**
   * Offers the control half (the call the user saw) of a pair.
   *
   * @param pairId - `llm_canary.pair_id`.
   * @param half - The control call.
   */
  offerPrimary(pairId: string, half: PairHalf): void {
    const pair = this.open.get(pairId)
    if (pair === undefined) {
      this.insert(pairId, { primary: half, waiting: [], matched: 0 })
      return
    }
    if (pair.primary !== undefined) return
    pair.primary = half
    for (const { arm, half: shadow } of pair.waiting) this.complete(pair, arm, half, shadow)
    pair.waiting = []
    this.closeIfDone(pairId, pair)
  }

  /**
   * Offers a candidate's shadow half of a pair.
   *
   * @param pairId - `llm_canary.pair_id`.
   * @param arm - Index of the shadowing candidate in `experiment.arms`.
   * @param half - The shadow call.
   */
  offerShadow(pairId: string, arm: number, half: PairHalf): void {
    const pair = this.open.get(pairId)
    if (pair === undefined) {
      this.insert(pairId, { primary: undefined, waiting: [{ arm, half }], matched: 0 })
      return
    }
    if (pair.primary === undefined) {
      pair.waiting.push({ arm, half })
      return
    }
    this.complete(pair, arm, pair.primary, half)
    this.closeIfDone(pairId, pair)
  }

  /**
   * Counts what was paired and what was not; call once the stream has ended.
   *
   * @returns Pairs, unmatched shadow calls (including those still open) and evictions.
   */
  counts(): ShadowPairingCounts {
    let waiting = 0
    for (const pair of this.open.values()) waiting += pair.waiting.length
    return { pairs: this.pairs, unmatchedShadows: this.unmatched + waiting, evicted: this.evicted }
  }

  private complete(pair: OpenPair, arm: number, primary: PairHalf, shadow: PairHalf): void {
    pair.matched += 1
    this.pairs += 1
    this.onPair(arm, primary, shadow)
  }

  private closeIfDone(pairId: string, pair: OpenPair): void {
    if (pair.matched >= this.shadowArms) this.open.delete(pairId)
  }

  private insert(pairId: string, pair: OpenPair): void {
    this.open.set(pairId, pair)
    if (this.open.size <= this.cap) return
    // Maps iterate in insertion order, so the first key is the oldest open pair.
    const oldest = this.open.keys().next()
    if (oldest.done === true) return
    const dropped = this.open.get(oldest.value)
    this.open.delete(oldest.value)
    this.evicted += 1
    this.unmatched += dropped?.waiting.length ?? 0
  }
}
