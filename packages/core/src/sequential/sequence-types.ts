/**
 * Public types shared by the confidence sequences.
 */

/** How a candidate is compared with control: `absolute` θ = μ_B − μ_A, `relative` θ = μ_B / μ_A − 1. */
export type EffectScale = 'absolute' | 'relative'

/** One arm's estimate of a mean or ratio metric and the variance of that estimate. */
export interface ArmEstimate {
  /** Sessions behind the estimate. */
  readonly n: number
  /** The arm's mean (or ratio) μ̂. */
  readonly estimate: number
  /** Variance of μ̂ (s²/n for a mean, the delta-method variance for a ratio). */
  readonly variance: number
}

/** An always-valid confidence interval at the current look, with its p-value. */
export interface AlwaysValidInterval {
  /** Point estimate θ̂. */
  readonly estimate: number
  /** Lower bound; may be -Infinity when the data cannot bound it yet. */
  readonly lower: number
  /** Upper bound; may be Infinity when the data cannot bound it yet. */
  readonly upper: number
  /**
   * Always-valid p-value for H0: θ = θ₀ (0 unless the function takes a `nullValue`), the smallest α at
   * which the interval excludes θ₀. It is valid at any stopping time; when θ̂ > θ₀ it is also the p-value
   * for the one-sided H0: θ ≤ θ₀.
   */
  readonly pValue: number
}
