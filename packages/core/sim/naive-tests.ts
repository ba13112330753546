/**
 * The naive comparator: classical fixed-horizon tests run at every look as if each were the only one
 * (Welch's t for the cost per run, the pooled two-proportion z for the error rate, a z on the P95 ratio),
 * Holm-adjusted across the guardrails like the verdict. Each is calibrated for one look; the simulations
 * show what peeking does to it.
 */
import type { MeanSummary, QuantileSummary, RateCounts } from '../src/index.ts'
import { holmAdjust, normalQuantile, normalSf, studentTCdf, twoProportionZTest } from '../src/index.ts'

/** One guardrail measured by a fixed-horizon test at one look. */
export interface NaiveMeasurement {
  /** δ̂ on the tolerance's scale (positive = worse). */
  readonly estimate: number
  /** Two-sided fixed-horizon p-value for δ = 0. */
  readonly pValue: number
  /** The value δ̂ must exceed to fail (the tolerance). */
  readonly limit: number
}

/** What the naive rule concludes at one look. */
export interface NaiveDecision {
  /** Some guardrail is significantly worse (Holm-adjusted p ≤ α, δ̂ > 0) and beyond its tolerance. */
  readonly fail: boolean
  /** Some guardrail is significantly worse, whatever the size. */
  readonly significant: boolean
}

/**
 * Applies the verdict's fail rule to fixed-horizon p-values: the p-value for "worse" is the two-sided one
 * when δ̂ > 0, else 1; Holm across the guardrails; significant when adjusted p ≤ α.
 *
 * @param measurements - One per guardrail measured at this look (missing ones are left out).
 * @param alpha - Family-wise level.
 * @returns Whether the look fails, and whether it is significant at all.
 */
export function decideNaively(measurements: readonly NaiveMeasurement[], alpha: number): NaiveDecision {
  const adjusted = holmAdjust(measurements.map((m) => (m.estimate > 0 ? m.pValue : 1)))
  let fail = false
  let significant = false
  measurements.forEach((m, i) => {
    if (!((adjusted[i] ?? 1) <= alpha && m.estimate > 0)) return
    significant = true
    if (m.estimate > m.limit) fail = true
  })
  return { fail, significant }
}

/**
 * Welch's two-sample t-test from summaries, the same statistic and Welch–Satterthwaite df as core's
 * `welchTTest` (which needs the raw values), so looks cost O(1).
 *
 * @param candidate - Candidate's n, mean and unbiased variance; n ≥ 2.
 * @param control - Control's, likewise.
 * @param limit - The tolerance, as a relative change.
 * @returns The relative change of the mean (candidate / control − 1) and the two-sided p-value for equal
 *   means; undefined when an arm has fewer than 2 sessions.
 */
export function measureMeanNaively(
  candidate: MeanSummary,
  control: MeanSummary,
  limit: number,
): NaiveMeasurement | undefined {
  if (candidate.n < 2 || control.n < 2) return undefined
  const va = candidate.variance / candidate.n
  const vb = control.variance / control.n
  const se2 = va + vb
  const difference = candidate.mean - control.mean
  const estimate = candidate.mean / control.mean - 1
  if (se2 === 0) return { estimate, pValue: difference === 0 ? 1 : 0, limit }
  const statistic = difference / Math.sqrt(se2)
  const df = (se2 * se2) / ((va * va) / (candidate.n - 1) + (vb * vb) / (control.n - 1))
  return { estimate, pValue: Math.min(1, 2 * studentTCdf(-Math.abs(statistic), df)), limit }
}

/**
 * The pooled two-proportion z-test (core's `twoProportionZTest`) on the error counts.
 *
 * @param candidate - Candidate's errors and sessions.
 * @param control - Control's errors and sessions.
 * @param limit - The tolerance, as a difference of rates.
 * @returns The difference of rates and the two-sided p-value; undefined when an arm has no session.
 */
export function measureRateNaively(
  candidate: RateCounts,
  control: RateCounts,
  limit: number,
): NaiveMeasurement | undefined {
  if (candidate.trials < 1 || control.trials < 1) return undefined
  const estimate = candidate.successes / candidate.trials - control.successes / control.trials
  return { estimate, pValue: twoProportionZTest(candidate, control).pValue, limit }
}

/**
 * A z-test on the relative change of a quantile: each arm's sample quantile x₍⌈n·p⌉₎ with the standard
 * error read off the order statistics (x₍k₎ − x₍j₎) / (2·z_{0.975}), ranks n·p ∓ z_{0.975}·√(n·p(1 − p))
 * (the distribution-free 95% interval of a quantile read as ±1.96 standard errors), combined by the delta
 * method: Var(Q̂_B/Q̂_A) ≈ SE_B²/Q_A² + Q_B²·SE_A²/Q_A⁴. Asymptotically calibrated for one look.
 *
 * @param candidate - Candidate's values (one per session).
 * @param control - Control's values.
 * @param p - The quantile, e.g. 0.95.
 * @param limit - The tolerance, as a relative change.
 * @returns The relative change of the quantile and the two-sided p-value; undefined when an arm has fewer
 *   than 2 values or control's quantile is not above 0.
 */
export function measureQuantileNaively(
  candidate: QuantileSummary,
  control: QuantileSummary,
  p: number,
  limit: number,
): NaiveMeasurement | undefined {
  if (candidate.count < 2 || control.count < 2) return undefined
  const b = estimateQuantile(candidate, p)
  const a = estimateQuantile(control, p)
  if (!(a.value > 0)) return undefined
  const estimate = b.value / a.value - 1
  const variance = b.se ** 2 / a.value ** 2 + (b.value ** 2 * a.se ** 2) / a.value ** 4
  if (variance === 0) return { estimate, pValue: estimate === 0 ? 1 : 0, limit }
  return { estimate, pValue: Math.min(1, 2 * normalSf(Math.abs(estimate) / Math.sqrt(variance))), limit }
}

const Z_975 = normalQuantile(0.975)

function estimateQuantile(summary: QuantileSummary, p: number): { value: number; se: number } {
  const n = summary.count
  const spread = Z_975 * Math.sqrt(n * p * (1 - p))
  const rank = (k: number) => Math.min(n, Math.max(1, k))
  const at = (k: number) => summary.quantile((rank(k) - 0.5) / n)
  const value = at(Math.ceil(n * p))
  return { value, se: (at(Math.ceil(n * p + spread)) - at(Math.floor(n * p - spread))) / (2 * Z_975) }
}
