import type { ExtractionStats } from '../types.ts'
import type { ImplausibleTally } from './plausibility.ts'
import type { UnitTable } from './unit-table.ts'

/** Bounds on the extraction's bookkeeping, so memory stays bounded by sessions whatever the spans. */
export interface ExtractionLimits {
  /** Shadow pairs waiting for their other half (default 100 000). */
  readonly openShadowPairs?: number
  /** Input hashes remembered for citation pairing (default 100 000). */
  readonly inputHashes?: number
  /** Span ids remembered to drop duplicates (default 20 000). */
  readonly recentSpanIds?: number
}

/** Defaults of `ExtractionLimits`. */
export const EXTRACTION_LIMIT_DEFAULTS = {
  openShadowPairs: 100_000,
  inputHashes: 100_000,
  recentSpanIds: 20_000,
} as const

/** What the extraction produced: the sessions and what was read. */
export interface Extraction {
  readonly table: UnitTable
  readonly stats: ExtractionStats
  /** Implausible values found so far; folding the sessions adds the outliers it sets aside. */
  readonly implausible: ImplausibleTally
  /** Earliest and latest start of an analysed span, epoch ms; NaN without spans. */
  readonly firstSpanMs: number
  readonly lastSpanMs: number
}

/** The extraction's view of the query window, epoch ms. */
export interface ExtractionWindow {
  readonly sinceMs: number
  readonly untilMs: number
}
