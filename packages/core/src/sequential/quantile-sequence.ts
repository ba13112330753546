import { CoreError } from '../errors.ts'
import { requireNonNegative, requireOpenUnit, requirePositive } from '../stats/argument-checks.ts'
import { computeMixtureBoundary, tuneBetaBinomialMixture } from './beta-binomial-boundary.ts'
import type { QuantileSummary } from './quantile-summary.ts'
import { readOrderStatistic } from './quantile-summary.ts'

/** Inputs of `computeQuantileSequence`. */
export interface QuantileSequenceOptions {
  /** Which quantile, in (0, 1): 0.95 for P95. */
  readonly p: number
  /** Error rate of the sequence, in (0, 1). */
  readonly alpha: number
  /** Values the arm is planned to reach; the sequence is tightest there. */
  readonly plannedCount: number
  /** Level the mixture is tuned for; default `alpha`. Fix it when comparing several alphas. */
  readonly alphaOpt?: number
}

/** An always-valid interval for one arm's quantile. */
export interface QuantileInterval {
  /** The empirical quantile x₍⌈n·p⌉₎. */
  readonly estimate: number
  /** Lower bound (an order statistic, widened by the summary's relative error); -Infinity when unbounded. */
  readonly lower: number
  /** Upper bound; Infinity when unbounded. */
  readonly upper: number
  /** 1-based rank of the lower bound; 0 when unbounded. */
  readonly lowerRank: number
  /** 1-based rank of the upper bound; count + 1 when unbounded. */
  readonly upperRank: number
}

/**
 * Always-valid confidence interval for one arm's p-quantile: the confidence sequence for a fixed quantile
 * of Howard & Ramdas (2022), "Sequential estimation of quantiles with applications to A/B-testing and
 * best-arm identification", Bernoulli 28 (arXiv 1906.09712), Theorem 1, with the two-sided beta-binomial
 * mixture boundary (Howard et al. 2021, Ann. Statist. 49, Prop. 6) tuned at the planned count.
 *
 * At the true quantile q, S_t = #{x_i ≤ q} − t·p is a sub-Bernoulli martingale with range [−p, 1 − p]
 * and intrinsic time v = p(1 − p)·t, so with probability ≥ 1 − α, for every t at once,
 * −l(v) < S_t < u(v). Solving for q gives the order statistics
 * [x₍⌊t·p − l⌋ + 1₎, x₍⌈t·p + u⌉₎], where l is the boundary with the ranges swapped. Assumes i.i.d.
 * values (one per session); no other assumption on the distribution. A sketch's stated relative error γ
 * widens the bounds to x/(1 + γ) and x/(1 − γ) (for positive values).
 *
 * @param summary - The arm's values (`exactQuantiles` or a sketch).
 * @param options - p, alpha, planned count and optional tuning level.
 * @returns The empirical quantile, the bounds and their ranks.
 * @throws {CoreError} `INVALID_ARGUMENT` for p or alpha outside (0, 1), a planned count not above 0, an
 *   empty summary, or a relative error outside [0, 1).
 * @example
 * computeQuantileSequence(exactQuantiles(latenciesMs), { p: 0.95, alpha: 0.025, plannedCount: 2000 })
 * // with 400 values: the estimate is x₍380₎, the bounds x₍363₎ and x₍394₎ (lowerRank 363, upperRank 394)
 */
export function computeQuantileSequence(
  summary: QuantileSummary,
  options: QuantileSequenceOptions,
): QuantileInterval {
  const { p, alpha, plannedCount, alphaOpt = alpha } = options
  requireOpenUnit('p', p)
  requireOpenUnit('alpha', alpha)
  requireOpenUnit('alphaOpt', alphaOpt)
  requirePositive('plannedCount', plannedCount)
  const t = checkSummary(summary)
  const variance = p * (1 - p)
  const logThreshold = Math.log(1 / alpha)
  const v = variance * t
  const tuning = { plannedTime: variance * plannedCount, alphaOpt }
  const upperGap = computeMixtureBoundary(
    v,
    logThreshold,
    tuneBetaBinomialMixture({ ...tuning, g: p, h: 1 - p }),
  )
  const lowerGap = computeMixtureBoundary(
    v,
    logThreshold,
    tuneBetaBinomialMixture({ ...tuning, g: 1 - p, h: p }),
  )
  const lowerRank = Math.max(0, Math.floor(t * p - lowerGap) + 1)
  const upperRank = Math.min(t + 1, Math.ceil(t * p + upperGap))
  const error = summary.relativeError ?? 0
  return {
    estimate: summary.quantile(p),
    lower: lowerRank < 1 ? Number.NEGATIVE_INFINITY : widen(readOrderStatistic(summary, lowerRank), -error),
    upper: upperRank > t ? Number.POSITIVE_INFINITY : widen(readOrderStatistic(summary, upperRank), error),
    lowerRank,
    upperRank,
  }
}

/** Moves a sketch's value to the far end of its error band: down for a lower bound (γ < 0), up otherwise. */
function widen(value: number, signedError: number): number {
  if (signedError === 0) return value
  const goingUp = signedError > 0
  const error = Math.abs(signedError)
  return value >= 0 === goingUp ? value / (1 - error) : value / (1 + error)
}

function checkSummary(summary: QuantileSummary): number {
  const t = summary.count
  if (!(Number.isSafeInteger(t) && t >= 1)) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `the quantile summary holds ${t} values; a quantile interval needs at least 1 (wait for traffic)`,
    )
  }
  const error = summary.relativeError ?? 0
  requireNonNegative('relativeError', error)
  if (error >= 1) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `relativeError is ${error}; a sketch's relative error must be below 1 (DDSketch's usual 0.01)`,
    )
  }
  return t
}
