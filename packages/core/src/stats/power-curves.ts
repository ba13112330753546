import { CoreError } from '../errors.ts'
import { requireFinite, requireOpenUnit, requirePositive } from './argument-checks.ts'
import {
  MAX_NONCENTRALITY,
  noncentralTCdf,
  normalCdf,
  normalQuantile,
  normalSf,
  studentTQuantile,
} from './distributions.ts'

/** Inputs of a two-sided, two-sample power calculation. */
export interface PowerOptions {
  /** Standardized effect: Cohen's h for proportions, Cohen's d for means. Its sign does not matter. */
  readonly effectSize: number
  /** Units in the control arm (may be fractional while solving). */
  readonly nControl: number
  /** Significance level of the two-sided test, in (0, 1). */
  readonly alpha: number
  /** Allocation `nTreatment / nControl`; default 1. */
  readonly ratio?: number
}

/**
 * Power of the two-sided two-sample z-test on a standardized effect (Cohen's h for proportions),
 * counting both rejection tails: Φ(|h|√n* − z) + Φ(−|h|√n* − z), n* = 1 / (1/n_c + 1/n_t),
 * z = z_{1−α/2}.
 *
 * Assumes independent units and a normal test statistic (large samples). Reference: Cohen (1988),
 * Statistical Power Analysis, ch. 6; matches statsmodels `NormalIndPower.power`.
 *
 * @param options - Effect size (h), control size, alpha and allocation ratio.
 * @returns The probability of rejecting H0 when the effect is real, in [alpha, 1].
 * @throws {CoreError} `INVALID_ARGUMENT` when alpha is outside (0, 1), or n, ratio are not above 0.
 * @example computeNormalPower({ effectSize: 0.2, nControl: 393, alpha: 0.05 }) // ≈ 0.80
 */
export function computeNormalPower(options: PowerOptions): number {
  const { effectSize, nControl, alpha, ratio = 1 } = options
  checkPowerOptions(options)
  const zCrit = -normalQuantile(alpha / 2)
  const shift = Math.abs(effectSize) * Math.sqrt(effectiveSize(nControl, ratio))
  return normalSf(zCrit - shift) + normalCdf(-zCrit - shift)
}

/**
 * Power of the two-sided two-sample Student t-test (equal variances) on Cohen's d, from the
 * noncentral t: P(T' > t) + P(T' < −t), df = n_c + n_t − 2, ncp = |d|√n*, t = t_{1−α/2, df}.
 *
 * Assumes independent, roughly normal outcomes with a common standard deviation. Reference:
 * Cohen (1988), ch. 2; matches statsmodels `TTestIndPower.power`.
 *
 * @param options - Effect size (d), control size, alpha and allocation ratio.
 * @returns The probability of rejecting H0 when the effect is real.
 * @throws {CoreError} `INVALID_ARGUMENT` when alpha is outside (0, 1), an arm has fewer than 2 units,
 *   or the noncentrality |d|√n* exceeds 25 (beyond the range jstat computes;
 *   the power there is ≈ 1 unless df is tiny).
 * @example computeTTestPower({ effectSize: 0.5, nControl: 64, alpha: 0.05 }) // ≈ 0.80
 */
export function computeTTestPower(options: PowerOptions): number {
  const { effectSize, nControl, alpha, ratio = 1 } = options
  checkPowerOptions(options)
  requireTTestArms(nControl, ratio)
  const nTreatment = nControl * ratio
  const df = nControl + nTreatment - 2
  const ncp = Math.abs(effectSize) * Math.sqrt(effectiveSize(nControl, ratio))
  const tCrit = -studentTQuantile(alpha / 2, df)
  return 1 - noncentralTCdf(tCrit, df, ncp) + noncentralTCdf(-tCrit, df, ncp)
}

/**
 * Requires at least 2 units in each arm, as the two-sample t-test does.
 *
 * @param nControl - Control arm size.
 * @param ratio - Allocation `nTreatment / nControl`.
 * @throws {CoreError} `INVALID_ARGUMENT` when an arm has fewer than 2 units.
 */
export function requireTTestArms(nControl: number, ratio: number): void {
  const nTreatment = nControl * ratio
  if (!(nControl >= 2 && nTreatment >= 2)) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `the arms have ${nControl} and ${nTreatment} units; the t-test needs at least 2 in each (raise nControl or ratio)`,
    )
  }
}

/**
 * The control size at which the t-test's noncentrality reaches `MAX_NONCENTRALITY`.
 *
 * @param effectSize - Cohen's d, not 0.
 * @param ratio - Allocation `nTreatment / nControl`.
 * @returns The largest n_c `computeTTestPower` accepts for this effect.
 */
export function maxTTestControlSize(effectSize: number, ratio: number): number {
  return (MAX_NONCENTRALITY / effectSize) ** 2 * ((1 + ratio) / ratio)
}

/**
 * The harmonic-type effective size n* = 1 / (1/n_c + 1/n_t) = n_c·k / (1 + k).
 *
 * @param nControl - Control arm size.
 * @param ratio - Allocation k = n_t / n_c.
 * @returns n* , so that the standard error of a difference is σ/√n*.
 */
export function effectiveSize(nControl: number, ratio: number): number {
  return (nControl * ratio) / (1 + ratio)
}

function checkPowerOptions(options: PowerOptions): void {
  requireFinite('effectSize', options.effectSize)
  requirePositive('nControl', options.nControl)
  requireOpenUnit('alpha', options.alpha)
  requirePositive('ratio', options.ratio ?? 1)
}
