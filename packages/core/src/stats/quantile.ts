import { requireClosedUnit, requireSample } from './argument-checks.ts'

/**
 * Sample quantiles by linear interpolation between order statistics (Hyndman & Fan 1996, type 7;
 * numpy's and R's default): with x sorted and h = (n − 1)·q, Q(q) = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎)
 * (0-based). Sorts once for all `qs`.
 *
 * Exact for the data given; for streams use a quantile sketch. Reference: Hyndman & Fan (1996),
 * "Sample Quantiles in Statistical Packages", Am. Statistician 50; matches `numpy.quantile`.
 *
 * @param samples - At least 1 finite value, any order (not modified).
 * @param qs - Probabilities in [0, 1] (0.95 for P95).
 * @returns One quantile per entry of `qs`, in the same order.
 * @throws {CoreError} `INVALID_ARGUMENT` for an empty sample, a non-finite value, or q outside [0, 1].
 * @example computeQuantiles([120, 80, 300, 95], [0.5, 0.95]) // [107.5, 273]
 */
export function computeQuantiles(samples: readonly number[], qs: readonly number[]): number[] {
  requireSample('samples', samples, 1)
  qs.forEach((q, i) => {
    requireClosedUnit(`qs[${i}]`, q)
  })
  const sorted = [...samples].sort((x, y) => x - y)
  return qs.map((q) => interpolateSorted(sorted, q))
}

/**
 * One sample quantile by linear interpolation (type 7); see `computeQuantiles`.
 *
 * @param samples - At least 1 finite value, any order (not modified).
 * @param q - Probability in [0, 1].
 * @returns The q-quantile.
 * @throws {CoreError} `INVALID_ARGUMENT` for an empty sample, a non-finite value, or q outside [0, 1].
 * @example computeQuantile([120, 80, 300, 95], 0.5) // 107.5
 */
export function computeQuantile(samples: readonly number[], q: number): number {
  return computeQuantiles(samples, [q])[0]!
}

function interpolateSorted(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q
  const below = Math.floor(h)
  const lower = sorted[below] ?? Number.NaN
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] ?? lower
  const fraction = h - below
  // numpy's lerp: interpolate from the nearer end so q = 1 returns the maximum exactly.
  return fraction < 0.5 ? lower + (upper - lower) * fraction : upper - (upper - lower) * (1 - fraction)
}
