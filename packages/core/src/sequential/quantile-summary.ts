import { CoreError } from '../errors.ts'
import { requireClosedUnit, requireSample } from '../stats/argument-checks.ts'

/**
 * What the quantile confidence sequence needs from one arm's values: how many there are and their
 * quantiles. Tests use exact sorted values (`exactQuantiles`); the gate can plug a sketch (DDSketch)
 * instead and state its relative error.
 *
 * Contract for `quantile(p)`: the order statistic x₍⌈n·p⌉₎ of the n values (1-based; x₍₁₎ at p = 0), the
 * inverse of the empirical CDF (Hyndman & Fan 1996, type 1). The confidence sequence asks for rank k as
 * `quantile((k − 0.5) / n)`, so a sketch that rounds ranks to the nearest one answers the same rank.
 */
export interface QuantileSummary {
  /** Number of values summarised (sessions). */
  readonly count: number
  /**
   * The value at probability `p`, as the contract above says.
   *
   * @param p - Probability in [0, 1].
   * @returns x₍⌈n·p⌉₎.
   */
  quantile(p: number): number
  /**
   * Bound on the relative error of `quantile` (DDSketch's α, e.g. 0.01): the true order statistic x
   * satisfies |quantile(p) − x| ≤ relativeError·|x|. Absent or 0 for exact values.
   */
  readonly relativeError?: number
}

/**
 * Exact quantiles of a sample, implementing `QuantileSummary` with the type 1 definition (inverse of the
 * empirical CDF): quantile(p) = x₍⌈n·p⌉₎, x₍₁₎ for p = 0. This is the order-statistic definition of
 * Howard & Ramdas (2022), whose confidence bounds are order statistics; for interpolated (type 7)
 * point estimates use `computeQuantiles` from the stats module. Sorts a copy once; memory is O(n).
 *
 * @param values - At least 1 finite value, any order (not modified).
 * @returns A summary with `count` = values.length and no relative error.
 * @throws {CoreError} `INVALID_ARGUMENT` for an empty sample or a non-finite value, and (from `quantile`)
 *   for p outside [0, 1].
 * @example exactQuantiles([120, 80, 300, 95]).quantile(0.5) // 95 (the 2nd of 4 sorted values)
 */
export function exactQuantiles(values: readonly number[]): QuantileSummary {
  requireSample('values', values, 1)
  const sorted = Float64Array.from(values).sort()
  return {
    count: sorted.length,
    quantile(p: number): number {
      requireClosedUnit('p', p)
      const rank = Math.min(sorted.length, Math.max(1, Math.ceil(sorted.length * p)))
      return sorted[rank - 1] ?? Number.NaN
    },
  }
}

/**
 * Reads the k-th smallest value (1-based) from a summary, as the contract of `QuantileSummary` asks.
 * Internal to the sequential module.
 *
 * @param summary - The arm's values.
 * @param rank - 1 ≤ rank ≤ count.
 * @returns x₍rank₎.
 * @throws {CoreError} `INVALID_ARGUMENT` when the summary answers NaN (a broken sketch).
 */
export function readOrderStatistic(summary: QuantileSummary, rank: number): number {
  const value = summary.quantile((rank - 0.5) / summary.count)
  if (Number.isNaN(value)) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `the quantile summary returned NaN for rank ${rank} of ${summary.count}; check the sketch holds ${summary.count} values`,
    )
  }
  return value
}
