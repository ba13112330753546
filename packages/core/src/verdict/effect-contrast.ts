import { normalUpperTail } from '../group-sequential/normal-tails.ts'
import type { ArmEstimate } from '../sequential/sequence-types.ts'
import { normalQuantile, studentTQuantile, studentTSf } from '../stats/distributions.ts'
import { computeSatterthwaiteDf } from '../stats/satterthwaite.ts'

/**
 * A candidate-vs-control effect θ as the verdict tests it: its estimate θ̂, the standardised statistic
 * for H0: θ ≤ θ₀ at any θ₀, and the interval {θ₀ : |statistic| < c} for a critical value c. Every design
 * (group-sequential, normal mixture, fixed horizon) supplies c and reads p-values off the statistic, so
 * the interval and the tests always agree: the statistic at θ₀ reaches c exactly when the interval's
 * lower bound reaches θ₀. Internal to the verdict.
 */
export interface EffectContrast {
  /** θ̂. */
  readonly estimate: number
  /** Standardised distance of θ̂ above θ₀ (positive when the data say θ > θ₀); NaN when undefined. */
  statisticAt(nullValue: number): number
  /** The interval for θ at critical value c on both sides; bounds may be infinite. */
  interval(critical: number): { readonly lower: number; readonly upper: number }
  /**
   * Effective degrees of freedom of the standard error the statistic is divided by (Welch–Satterthwaite
   * over the arms); Infinity when the variance is known. `studentizeContrast` reads it.
   */
  readonly degreesOfFreedom: number
}

/** Above this many degrees of freedom Student's t is the normal to within 1e-6 at the tails used here. */
const NORMAL_DF = 1e7

/**
 * The significance-level approach of Jennison & Turnbull (2000, §3.8) for a group-sequential (or
 * fixed-horizon) test whose variance is estimated: at every look, the test uses the same nominal
 * significance level as the known-variance test would, read on Student's t with the estimate's
 * degrees of freedom instead of the normal. A critical value c becomes t_ν(1 − Φ(−c)), and a
 * statistic s is reported on the normal scale as z = Φ⁻¹(1 − P(T_ν > s)), so every design keeps
 * working in normal units and its p-value at z is the t-test's. This matters where the standard error
 * is itself noisy: a sample quantile's, estimated from a few dozen order statistics near the tail, has
 * ν ≈ 15–30 at the sizes the plan recommends, and treating it as known makes the test anti-conservative.
 *
 * @param contrast - A contrast whose `degreesOfFreedom` is set.
 * @returns The same contrast with t-calibrated statistics and intervals (itself when ν is Infinity).
 */
export function studentizeContrast(contrast: EffectContrast): EffectContrast {
  const df = contrast.degreesOfFreedom
  if (!(df < NORMAL_DF)) return contrast
  return {
    estimate: contrast.estimate,
    degreesOfFreedom: df,
    statisticAt: (nullValue) => toNormalScale(contrast.statisticAt(nullValue), df),
    interval: (critical) => contrast.interval(fromNormalScale(critical, df)),
  }
}

/** The t critical value with the upper tail the normal one has. */
function fromNormalScale(critical: number, df: number): number {
  if (!(critical > 0) || !Number.isFinite(critical)) return critical
  const tail = normalUpperTail(critical)
  return tail > 0 ? -studentTQuantile(tail, df) : Number.POSITIVE_INFINITY
}

/** The normal quantile with the upper tail the t statistic has. */
function toNormalScale(statistic: number, df: number): number {
  if (Number.isNaN(statistic) || !Number.isFinite(statistic) || statistic === 0) return statistic
  if (statistic < 0) return -toNormalScale(-statistic, df)
  const tail = studentTSf(statistic, df)
  return tail > 0 ? -normalQuantile(tail) : Number.POSITIVE_INFINITY
}

/**
 * Welch–Satterthwaite degrees of freedom of Var(μ̂_B) + s²·Var(μ̂_A), each arm's variance estimated from
 * its n − 1 degrees of freedom.
 *
 * @param candidate - The candidate's estimate (n, variance of the mean).
 * @param control - Control's, or undefined for a threshold on the candidate alone.
 * @param controlScale - s (1 for a difference, ρ for Fieller's contrast).
 * @returns ν.
 */
export function armsDegreesOfFreedom(
  candidate: ArmEstimate,
  control: ArmEstimate | undefined,
  controlScale = 1,
): number {
  const parts = [{ variance: candidate.variance, df: candidate.n - 1 }]
  if (control !== undefined)
    parts.push({ variance: controlScale * controlScale * control.variance, df: control.n - 1 })
  return computeSatterthwaiteDf(parts)
}

/**
 * θ = μ_B − μ_A (or, for a threshold, θ = μ_B with the control left out): θ̂ ± c·SE, a linear contrast.
 *
 * @param estimate - θ̂.
 * @param variance - Var(θ̂).
 * @param degreesOfFreedom - Of the variance estimate; Infinity when it is known.
 * @returns The contrast.
 */
export function linearContrast(
  estimate: number,
  variance: number,
  degreesOfFreedom = Number.POSITIVE_INFINITY,
): EffectContrast {
  const standardError = Math.sqrt(variance)
  return {
    estimate,
    degreesOfFreedom,
    statisticAt: (nullValue) => divide(estimate - nullValue, standardError),
    interval: (critical) => ({
      lower: estimate - critical * standardError,
      upper: estimate + critical * standardError,
    }),
  }
}

/**
 * θ = μ_B/μ_A − 1 tested as Fieller (1954) does: H0: θ = θ₀ is the linear hypothesis
 * μ_B − (1 + θ₀)·μ_A = 0, with statistic (μ̂_B − ρ₀μ̂_A)/√(V_B + ρ₀²V_A), ρ₀ = 1 + θ₀, and the interval is
 * the set of θ₀ it does not reject, found from a quadratic. Unlike the delta method on the ratio, whose
 * variance V_B/μ_A² + μ_B²V_A/μ_A⁴ shrinks with the ratio itself, this interval widens when the control's
 * mean is uncertain and is unbounded above when μ̂_A/√V_A < c (the control is not known to be above 0):
 * one heavy control value cannot make a regression look like a large improvement. Both means are of
 * non-negative metrics, so ρ is bounded below by 0 (θ ≥ −100%). Reference: Fieller, E. C. (1954),
 * "Some problems in interval estimation", J. R. Statist. Soc. B 16, 175–185; Franz, V. H. (2007),
 * "Ratios: A short guide to confidence limits and proper use", arXiv 0710.2024.
 *
 * @param control - Control's mean (above 0) and the variance of that mean.
 * @param candidate - The candidate's.
 * @returns The contrast on θ = ρ − 1.
 */
export function fiellerContrast(control: ArmEstimate, candidate: ArmEstimate): EffectContrast {
  const a = control.estimate
  const va = control.variance
  const b = candidate.estimate
  const vb = candidate.variance
  return {
    estimate: b / a - 1,
    // ν at the estimated ratio, so that it does not change with θ₀ and the interval and tests agree.
    degreesOfFreedom: armsDegreesOfFreedom(candidate, control, Math.max(0, b / a)),
    statisticAt: (nullValue) => {
      const rho = 1 + nullValue
      return divide(b - rho * a, Math.sqrt(vb + rho * rho * va))
    },
    interval: (critical) => {
      const { lower, upper } = solveFieller({ a, va, b, vb, critical })
      return { lower: lower - 1, upper: upper - 1 }
    },
  }
}

/**
 * The bounds of ρ = μ_B/μ_A where (b − ρa)/√(vb + ρ²va) = ±c: with u = b − ρa, the quadratic
 * u²(a² − c²va) + 2c²va·b·u − c²(a²vb + b²va) = 0. When a² > c²va its roots have opposite signs: the
 * positive one gives the lower bound, the negative one the upper. Otherwise the rejection region is a
 * bounded hump (or empty) and the upper bound is +∞. ρ is kept at or above 0.
 */
function solveFieller(input: { a: number; va: number; b: number; vb: number; critical: number }): {
  lower: number
  upper: number
} {
  const { a, va, b, vb, critical } = input
  if (!Number.isFinite(critical)) return { lower: 0, upper: Number.POSITIVE_INFINITY }
  const c2 = critical * critical
  const quad = a * a - c2 * va
  const lin = c2 * va * b
  const constant = -c2 * (a * a * vb + b * b * va)
  const discriminant = lin * lin - quad * constant
  if (quad > 0) {
    const root = Math.sqrt(Math.max(0, discriminant))
    const positive = (-lin + root) / quad
    const negative = (-lin - root) / quad
    return { lower: Math.max(0, (b - positive) / a), upper: (b - negative) / a }
  }
  // The statistic never falls to −c (the control is not known to be above 0): no upper bound. It may
  // still exceed c on a bounded stretch of ρ, the values that the data rule out from below.
  if (discriminant < 0 || quad === 0) return { lower: 0, upper: Number.POSITIVE_INFINITY }
  const root = Math.sqrt(discriminant)
  const u1 = (-lin + root) / quad
  const u2 = (-lin - root) / quad
  const rhoHigh = (b - Math.min(u1, u2)) / a
  const rhoLow = (b - Math.max(u1, u2)) / a
  const lower = rhoLow <= 0 && rhoHigh > 0 ? rhoHigh : 0
  return { lower, upper: Number.POSITIVE_INFINITY }
}

/**
 * A contrast on a transformed scale (log Q for a relative quantile change) with a bias allowance: the
 * sketch's relative error can move each arm's value by up to `bias` on that scale, so the statistic is
 * pulled toward 0 by it and the interval widened by it. `back` maps the scale to θ (e^x − 1 for a
 * relative change, the identity for a difference).
 *
 * @param options - Estimate, variance and its degrees of freedom on the scale, the bias allowance and
 *   the maps to and from θ.
 * @returns The contrast on θ.
 */
export function transformedContrast(options: {
  readonly estimate: number
  readonly variance: number
  readonly degreesOfFreedom: number
  readonly bias: number
  readonly forward: (theta: number) => number
  readonly back: (value: number) => number
}): EffectContrast {
  const { estimate, variance, bias, forward, back, degreesOfFreedom } = options
  const standardError = Math.sqrt(variance)
  return {
    estimate: back(estimate),
    degreesOfFreedom,
    statisticAt: (nullValue) => {
      const distance = estimate - forward(nullValue)
      return divide(Math.sign(distance) * Math.max(0, Math.abs(distance) - bias), standardError)
    },
    interval: (critical) => ({
      lower: back(estimate - bias - critical * standardError),
      upper: back(estimate + bias + critical * standardError),
    }),
  }
}

function divide(distance: number, standardError: number): number {
  if (standardError > 0) return distance / standardError
  if (distance === 0) return 0
  return distance > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY
}
