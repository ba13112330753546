import { CoreError } from '../errors.ts'
import {
  requireFinite,
  requireNonNegative,
  requireOpenUnit,
  requirePositive,
} from '../stats/argument-checks.ts'
import type { AlwaysValidInterval } from './sequence-types.ts'

/** Inputs of `computeNormalMixtureInterval`. */
export interface NormalMixtureOptions {
  /** Point estimate θ̂ (a difference, a relative effect, or one arm's mean). */
  readonly estimate: number
  /** Variance V of θ̂ at this look, ≥ 0. */
  readonly variance: number
  /** Mixing variance τ² > 0, fixed before the data (see `tuneMixingVariance`). */
  readonly mixingVariance: number
  /** Error rate of the whole sequence, in (0, 1). */
  readonly alpha: number
  /** θ₀ of the p-value's null hypothesis; default 0. */
  readonly nullValue?: number
}

/**
 * The mixing ratio r = τ² / V* that makes the normal-mixture interval narrowest when the variance of the
 * estimate is V*: the minimiser of (1 + 1/r)(2·ln(1/α) + ln(1 + r)), which solves r = 2·ln(1/α) + ln(1 + r)
 * (solved by Newton's method). Howard et al. (2021, §3.5) and Waudby-Smith et al. (2024) use the
 * first step of that fixed point, r ≈ 2·ln(1/α) + ln(1 + 2·ln(1/α)): within 5% of r* for α ≤ 0.1, and
 * the minimum is so flat that its interval is less than 0.01% wider.
 *
 * @param alpha - Error rate of the sequence, in (0, 1).
 * @returns r*, e.g. ≈ 8.21 at α = 0.05.
 * @throws {CoreError} `INVALID_ARGUMENT` when alpha is outside (0, 1).
 * @example computeOptimalMixingRatio(0.05) // ≈ 8.212
 */
export function computeOptimalMixingRatio(alpha: number): number {
  requireOpenUnit('alpha', alpha)
  const c = 2 * Math.log(1 / alpha)
  let r = c + Math.log(1 + c)
  for (let i = 0; i < 50; i += 1) {
    const step = ((r - c - Math.log1p(r)) * (1 + r)) / r
    r -= step
    if (Math.abs(step) <= 1e-15 * r) break
  }
  return r
}

/**
 * Chooses the mixing variance τ² of the normal-mixture confidence sequence from the planned sample size:
 * τ² = r*·V*, with V* the variance the estimate will have at the planned size and r* from
 * `computeOptimalMixingRatio`, so the interval is narrowest where the experiment expects to decide.
 * Tuning changes only the width, never the validity.
 *
 * @param options - `alpha` of the sequence and `plannedVariance` V* > 0.
 * @returns τ².
 * @throws {CoreError} `INVALID_ARGUMENT` when alpha is outside (0, 1) or V* is not above 0.
 * @example tuneMixingVariance({ alpha: 0.05, plannedVariance: 1e-4 }) // ≈ 8.21e-4
 */
export function tuneMixingVariance(options: {
  readonly alpha: number
  readonly plannedVariance: number
}): number {
  requirePositive('plannedVariance', options.plannedVariance)
  return computeOptimalMixingRatio(options.alpha) * options.plannedVariance
}

/**
 * Half-width of the normal-mixture confidence sequence: √( V(V+τ²)/τ² · (2·ln(1/α) + ln((V+τ²)/V)) ).
 *
 * @param variance - V ≥ 0; 0 gives 0.
 * @param mixingVariance - τ² > 0.
 * @param alpha - Error rate in (0, 1).
 * @returns The half-width.
 */
export function computeNormalMixtureHalfWidth(
  variance: number,
  mixingVariance: number,
  alpha: number,
): number {
  if (variance === 0) return 0
  const total = variance + mixingVariance
  return Math.sqrt(
    ((variance * total) / mixingVariance) * (2 * Math.log(1 / alpha) + Math.log(total / variance)),
  )
}

/**
 * Always-valid confidence interval and p-value from the normal-mixture sequential probability ratio test
 * (mSPRT): with θ̂ ~ N(θ, V) and a N(θ₀, τ²) mixture over the alternative,
 * Λ = √(V/(V+τ²))·exp(τ²(θ̂ − θ₀)² / (2V(V+τ²))), p = min(1, 1/Λ), and the interval
 * θ̂ ± √( V(V+τ²)/τ² · (2·ln(1/α) + ln((V+τ²)/V)) ) is { θ₀ : Λ(θ₀) < 1/α }.
 *
 * Valid at every look and at any data-dependent stopping time: P(∃ n: θ ∉ CI_n) ≤ α (Ville's inequality
 * on the mixture martingale). With V estimated from the data (s²/n) it is the asymptotic confidence
 * sequence of Waudby-Smith et al.: its coverage tends to 1 − α as the sample grows.
 * References: Robbins (1970), Ann. Math. Statist. 41; Johari, Koomen, Pekelis & Walsh (2022), "Always
 * Valid Inference", Operations Research 70 (arXiv 1512.04922); Waudby-Smith, Arnold, Wu, Wang & Ramdas
 * (2024), "Time-uniform central limit theory and asymptotic confidence sequences", Ann. Statist.
 *
 * @param options - θ̂, V, τ², alpha and the null value θ₀ (default 0).
 * @returns θ̂, the bounds and the always-valid p-value for H0: θ = θ₀.
 * @throws {CoreError} `INVALID_ARGUMENT` for a non-finite estimate, a negative or non-finite variance,
 *   τ² not above 0, or alpha outside (0, 1).
 * @example
 * computeNormalMixtureInterval({ estimate: 0.02, variance: 1e-4, mixingVariance: 8e-4, alpha: 0.05 })
 * // { estimate: 0.02, lower: ≈ -0.0104, upper: ≈ 0.0504, pValue: ≈ 0.507 }
 */
export function computeNormalMixtureInterval(options: NormalMixtureOptions): AlwaysValidInterval {
  const { estimate, variance, mixingVariance, alpha, nullValue = 0 } = options
  requireFinite('estimate', estimate)
  requireNonNegative('variance', variance)
  requirePositive('mixingVariance', mixingVariance)
  requireOpenUnit('alpha', alpha)
  requireFinite('nullValue', nullValue)
  const halfWidth = computeNormalMixtureHalfWidth(variance, mixingVariance, alpha)
  return {
    estimate,
    lower: estimate - halfWidth,
    upper: estimate + halfWidth,
    pValue: computeMixturePValue(estimate - nullValue, variance, mixingVariance),
  }
}

function computeMixturePValue(distance: number, variance: number, mixingVariance: number): number {
  if (variance === 0) return distance === 0 ? 1 : 0
  const total = variance + mixingVariance
  const logLikelihoodRatio =
    0.5 * Math.log(variance / total) + (mixingVariance * distance * distance) / (2 * variance * total)
  return Math.min(1, Math.exp(-logLikelihoodRatio))
}

/**
 * Requires a variance that is a finite number, 0 or more, naming what it belongs to.
 *
 * @param name - What the variance belongs to (`control.variance`).
 * @param value - The variance.
 * @throws {CoreError} `INVALID_ARGUMENT` when it is negative, NaN or infinite.
 */
export function requireVariance(name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `${name} is ${value}; a variance must be a finite number, 0 or more (an arm needs at least 2 sessions)`,
    )
  }
}
