import { requireSample } from './argument-checks.ts'
import { studentTCdf } from './distributions.ts'
import { computeMoments } from './sample-moments.ts'
import { computeSatterthwaiteDf } from './satterthwaite.ts'

/** Result of `welchTTest`. */
export interface WelchTTestResult {
  /** t = (mean(a) − mean(b)) / √(s²_a/n_a + s²_b/n_b). */
  readonly statistic: number
  /** Welch–Satterthwaite degrees of freedom. */
  readonly df: number
  /** Two-sided p-value. */
  readonly pValue: number
}

/**
 * Welch's two-sample t-test (unequal variances), two-sided.
 *
 * Assumes independent units and sample means close to normal (true for the session-level means this
 * runs on at a few dozen units per arm). Degrees of freedom by Welch–Satterthwaite. Reference:
 * Welch (1947), Biometrika 34; matches scipy `ttest_ind(a, b, equal_var=False)`.
 *
 * Zero variance in both samples has no t distribution: identical constants give statistic 0 and
 * p-value 1, different constants give ±Infinity and p-value 0, with df = n_a + n_b − 2.
 *
 * @param a - First sample (e.g. candidate), at least 2 finite values.
 * @param b - Second sample (e.g. control), at least 2 finite values.
 * @returns The t statistic (positive when mean(a) > mean(b)), df and the two-sided p-value.
 * @throws {CoreError} `INVALID_ARGUMENT` when a sample has fewer than 2 values or a non-finite one.
 * @example welchTTest([512, 480, 530, 601], [450, 470, 465, 490]) // { statistic: 2.31…, df: 3.62…, pValue: 0.089… }
 */
export function welchTTest(a: readonly number[], b: readonly number[]): WelchTTestResult {
  requireSample('a', a, 2)
  requireSample('b', b, 2)
  const ma = computeMoments(a)
  const mb = computeMoments(b)
  const va = ma.variance / a.length
  const vb = mb.variance / b.length
  const se2 = va + vb
  const difference = ma.mean - mb.mean
  if (se2 === 0) {
    return {
      statistic: difference === 0 ? 0 : Math.sign(difference) * Number.POSITIVE_INFINITY,
      df: a.length + b.length - 2,
      pValue: difference === 0 ? 1 : 0,
    }
  }
  const statistic = difference / Math.sqrt(se2)
  const df = computeSatterthwaiteDf([
    { variance: va, df: a.length - 1 },
    { variance: vb, df: b.length - 1 },
  ])
  return { statistic, df, pValue: Math.min(1, 2 * studentTCdf(-Math.abs(statistic), df)) }
}
