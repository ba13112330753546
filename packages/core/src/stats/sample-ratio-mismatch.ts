import { CoreError } from '../errors.ts'
import { requireCount, requireShares } from './argument-checks.ts'
import { chiSquareSf } from './distributions.ts'

/** Result of `sampleRatioMismatchTest`. */
export interface SampleRatioMismatchResult {
  /** Pearson's χ² = Σ (observed − expected)² / expected. */
  readonly statistic: number
  /** Degrees of freedom: arms with a positive share, minus 1. */
  readonly df: number
  /** Upper-tail p-value; the design flags a mismatch below 0.001. */
  readonly pValue: number
}

/**
 * Sample-ratio-mismatch test: Pearson's chi-square goodness of fit of the units each arm received
 * against the shares the assignment should give.
 *
 * Assumes units are assigned independently (true for hashed assignment). Expected counts are
 * total × share, with the shares renormalized to sum exactly to 1. An arm with share 0 is left out
 * when it received nothing; when it received units the mismatch is certain (statistic Infinity,
 * p-value 0). Reference: Fabijan et al. (2019), "Diagnosing Sample Ratio Mismatch in Online
 * Controlled Experiments", KDD; matches scipy `chisquare(observed, expected)`.
 *
 * @param observed - Units per arm, whole counts, at least 2 arms, total ≥ 1.
 * @param expectedShares - Planned share per arm, same order, fractions in [0, 1] summing to 1 (weights / 100).
 * @returns χ², df and the p-value.
 * @throws {CoreError} `INVALID_ARGUMENT` for fewer than 2 arms, lengths that differ, counts that are not
 *   whole and ≥ 0, no units at all, or shares outside [0, 1] or not summing to 1.
 * @example sampleRatioMismatchTest([8100, 1900], [0.8, 0.2]) // { statistic: 6.25, df: 1, pValue: 0.0124… }
 */
export function sampleRatioMismatchTest(
  observed: readonly number[],
  expectedShares: readonly number[],
): SampleRatioMismatchResult {
  checkArguments(observed, expectedShares)
  const total = observed.reduce((sum, count) => sum + count, 0)
  const shareTotal = expectedShares.reduce((sum, share) => sum + share, 0)
  let statistic = 0
  let cells = 0
  observed.forEach((count, i) => {
    const share = (expectedShares[i] ?? 0) / shareTotal
    if (share === 0) {
      if (count > 0) statistic = Number.POSITIVE_INFINITY
      return
    }
    const expected = total * share
    statistic += (count - expected) ** 2 / expected
    cells += 1
  })
  const df = cells - 1
  if (statistic === Number.POSITIVE_INFINITY) return { statistic, df, pValue: 0 }
  if (df === 0) return { statistic: 0, df, pValue: 1 }
  return { statistic, df, pValue: chiSquareSf(statistic, df) }
}

function checkArguments(observed: readonly number[], expectedShares: readonly number[]): void {
  if (observed.length < 2 || observed.length !== expectedShares.length) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `observed has ${observed.length} arm(s) and expectedShares ${expectedShares.length}; pass one count and one share per arm, at least 2 arms`,
    )
  }
  observed.forEach((count, i) => {
    requireCount(`observed[${i}]`, count)
  })
  requireShares('expectedShares', expectedShares)
  if (observed.every((count) => count === 0)) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      'observed holds no units; wait for traffic before testing the split',
    )
  }
}
