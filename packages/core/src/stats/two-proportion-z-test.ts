import { CoreError } from '../errors.ts'
import { requireCount } from './argument-checks.ts'
import { normalSf } from './distributions.ts'

/** Counts of one arm for a rate: `successes` out of `trials`. */
export interface RateCounts {
  /** Units with the event (errors, correct answers), 0 ≤ successes ≤ trials. */
  readonly successes: number
  /** Units observed, ≥ 1. */
  readonly trials: number
}

/** Result of `twoProportionZTest`. */
export interface TwoProportionZTestResult {
  /** z = (p̂₁ − p̂₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)), p̂ the pooled rate. */
  readonly statistic: number
  /** Two-sided p-value. */
  readonly pValue: number
}

/**
 * Two-proportion z-test with pooled variance, two-sided.
 *
 * Assumes independent units and enough events in each arm for the normal approximation (rule of
 * thumb: n·p and n·(1 − p) ≥ 5). Reference: Agresti (2013), Categorical Data Analysis, §3.1; matches
 * statsmodels `proportions_ztest` (pooled). When the pooled rate is 0 or 1 both arms agree: statistic 0,
 * p-value 1.
 *
 * @param first - Counts of the first arm (e.g. candidate).
 * @param second - Counts of the second arm (e.g. control).
 * @returns z (positive when the first rate is higher) and the two-sided p-value.
 * @throws {CoreError} `INVALID_ARGUMENT` when counts are not whole numbers, trials < 1, or successes > trials.
 * @example twoProportionZTest({ successes: 120, trials: 1000 }, { successes: 100, trials: 1000 }) // { statistic: 1.42…, pValue: 0.15… }
 */
export function twoProportionZTest(first: RateCounts, second: RateCounts): TwoProportionZTestResult {
  checkCounts('first', first)
  checkCounts('second', second)
  const pooled = (first.successes + second.successes) / (first.trials + second.trials)
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / first.trials + 1 / second.trials))
  if (se === 0) return { statistic: 0, pValue: 1 }
  const statistic = (first.successes / first.trials - second.successes / second.trials) / se
  return { statistic, pValue: Math.min(1, 2 * normalSf(Math.abs(statistic))) }
}

function checkCounts(name: string, counts: RateCounts): void {
  requireCount(`${name}.successes`, counts.successes)
  requireCount(`${name}.trials`, counts.trials)
  if (counts.trials < 1 || counts.successes > counts.trials) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `${name} has ${counts.successes} successes in ${counts.trials} trials; trials must be ≥ 1 and ≥ successes`,
    )
  }
}
