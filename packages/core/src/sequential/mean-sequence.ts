import { CoreError } from '../errors.ts'
import { requireFinite, requireOpenUnit, requirePositive } from '../stats/argument-checks.ts'
import type { MeanSummary } from './mean-accumulator.ts'
import { computeNormalMixtureInterval, requireVariance, tuneMixingVariance } from './normal-mixture.ts'
import type { RatioSummary } from './ratio-accumulator.ts'
import { estimateRatio } from './ratio-accumulator.ts'
import type { AlwaysValidInterval, ArmEstimate, EffectScale } from './sequence-types.ts'

/** Units each arm is planned to reach; the sequence is tuned to be narrowest there. */
export interface PlannedUnits {
  readonly control: number
  readonly candidate: number
}

/** Inputs of `computeMeanEffectSequence`. */
export interface MeanEffectOptions {
  /** Control arm's estimate (`armEstimateFromMean` / `armEstimateFromRatio`). */
  readonly control: ArmEstimate
  /** Candidate arm's estimate. */
  readonly candidate: ArmEstimate
  /** Error rate of the sequence, in (0, 1). */
  readonly alpha: number
  /** `absolute` (μ_B − μ_A) or `relative` (μ_B / μ_A − 1). */
  readonly scale: EffectScale
  /** Planned units per arm (from the plan or `max_units_per_arm`). */
  readonly plannedUnits: PlannedUnits
  /** θ₀ of the p-value (a guardrail's tolerance, for a test of the shifted null); default 0. */
  readonly nullValue?: number
}

/** Inputs of `computeMeanSequence` (one arm against a fixed value). */
export interface MeanSequenceOptions {
  /** The arm's estimate. */
  readonly arm: ArmEstimate
  /** Error rate of the sequence, in (0, 1). */
  readonly alpha: number
  /** Units the arm is planned to reach. */
  readonly plannedUnits: number
  /** θ₀ of the p-value (a guardrail's floor or ceiling); default 0. */
  readonly nullValue?: number
}

/** An always-valid interval with the variance and mixing variance behind it. */
export interface MixtureInterval extends AlwaysValidInterval {
  /** Variance V of the estimate at this look. */
  readonly variance: number
  /** Mixing variance τ² the sequence was tuned with. */
  readonly mixingVariance: number
}

/**
 * An arm's estimate from a per-session mean: μ̂ = mean, Var(μ̂) = s²/n.
 *
 * @param summary - From a `MeanAccumulator`, n ≥ 2.
 * @returns The estimate and its variance.
 * @throws {CoreError} `INVALID_ARGUMENT` when n < 2 or the mean or variance is not finite.
 */
export function armEstimateFromMean(summary: MeanSummary): ArmEstimate {
  requireSessions(summary.n)
  requireFinite('mean', summary.mean)
  requireVariance('variance', summary.variance)
  return { n: summary.n, estimate: summary.mean, variance: summary.variance / summary.n }
}

/**
 * An arm's estimate from a clustered ratio metric: R̂ = Σy/Σm with its delta-method variance
 * (see `estimateRatio`).
 *
 * @param summary - From a `RatioAccumulator`, n ≥ 2 sessions and Σm > 0.
 * @returns The estimate and its variance.
 * @throws {CoreError} `INVALID_ARGUMENT` when n < 2, Σm ≤ 0 or a sum is not finite.
 */
export function armEstimateFromRatio(summary: RatioSummary): ArmEstimate {
  requireSessions(summary.n)
  const { n, ratio, variance } = estimateRatio(summary)
  return { n, estimate: ratio, variance }
}

/**
 * Always-valid confidence interval for the candidate-vs-control effect on a mean or ratio metric, with
 * the normal-mixture confidence sequence (see `computeNormalMixtureInterval`) on θ̂ with variance
 * V = V_A + V_B (absolute), or θ̂ = μ̂_B/μ̂_A − 1 with V = V_B/μ_A² + μ_B²·V_A/μ_A⁴ (relative, delta
 * method). Unequal allocation is handled by the per-arm variances. τ² is tuned at the planned sizes:
 * V* is V with each arm's variance scaled by n / n*.
 *
 * Assumes independent sessions within and across arms and enough of them for the estimate to be
 * near-normal (asymptotic confidence sequence). References: Johari et al. (2022), Operations Research 70;
 * Waudby-Smith et al. (2024), Ann. Statist.; for the relative effect, Deng, Knoblich & Lu (2018), KDD.
 *
 * The p-value tests H0: θ = θ₀ (`nullValue`, default 0) with the mixture centred there; a non-zero θ₀
 * (the tolerance, for `fail_rule: bound`) moves only the p-value, never the interval, and p ≤ α exactly
 * when the interval at α excludes θ₀.
 *
 * @param options - Both arms' estimates, alpha, scale, planned units and the optional null value.
 * @returns θ̂, the always-valid bounds, the p-value for H0: θ = θ₀, V and τ².
 * @throws {CoreError} `INVALID_ARGUMENT` for alpha outside (0, 1), planned units not above 0, an arm
 *   with fewer than 2 units or a bad variance, a null value that is not finite, or a relative effect
 *   on a control mean ≤ 0.
 * @example
 * computeMeanEffectSequence({
 *   control: { n: 1000, estimate: 0.10, variance: 9e-5 },
 *   candidate: { n: 1000, estimate: 0.12, variance: 1.06e-4 },
 *   alpha: 0.05, scale: 'absolute', plannedUnits: { control: 4000, candidate: 4000 },
 * }) // { estimate: 0.02, lower: ≈ -0.0255, upper: ≈ 0.0655, pValue: ≈ 0.88, variance: 1.96e-4, ... }
 */
export function computeMeanEffectSequence(options: MeanEffectOptions): MixtureInterval {
  const { control, candidate, alpha, scale, plannedUnits, nullValue = 0 } = options
  requireOpenUnit('alpha', alpha)
  requireFinite('nullValue', nullValue)
  checkArm('control', control)
  checkArm('candidate', candidate)
  requirePositive('plannedUnits.control', plannedUnits.control)
  requirePositive('plannedUnits.candidate', plannedUnits.candidate)
  const now = combineArms(control, candidate, scale)
  const planned = combineArms(
    atPlannedSize(control, plannedUnits.control),
    atPlannedSize(candidate, plannedUnits.candidate),
    scale,
  )
  return buildInterval({ ...now, plannedVariance: planned.variance, alpha, nullValue })
}

/**
 * Always-valid confidence interval for one arm's mean against a fixed value (a guardrail's floor or
 * ceiling), with the normal-mixture confidence sequence tuned at the arm's planned size.
 * Same method, assumptions and references as `computeMeanEffectSequence`.
 *
 * @param options - The arm's estimate, alpha, planned units and the null value.
 * @returns μ̂, the always-valid bounds on μ, the p-value for H0: μ = nullValue, V and τ².
 * @throws {CoreError} `INVALID_ARGUMENT` for alpha outside (0, 1), planned units not above 0, or an arm
 *   with fewer than 2 units or a bad variance.
 */
export function computeMeanSequence(options: MeanSequenceOptions): MixtureInterval {
  const { arm, alpha, plannedUnits, nullValue = 0 } = options
  requireOpenUnit('alpha', alpha)
  checkArm('arm', arm)
  requirePositive('plannedUnits', plannedUnits)
  requireFinite('nullValue', nullValue)
  const plannedVariance = atPlannedSize(arm, plannedUnits).variance
  return buildInterval({ estimate: arm.estimate, variance: arm.variance, plannedVariance, alpha, nullValue })
}

function buildInterval(input: {
  estimate: number
  variance: number
  plannedVariance: number
  alpha: number
  nullValue: number
}): MixtureInterval {
  const { estimate, variance, plannedVariance, alpha, nullValue } = input
  // With no variance at all the width is 0 whatever τ² is; any positive τ² keeps the formula defined.
  const mixingVariance = plannedVariance > 0 ? tuneMixingVariance({ alpha, plannedVariance }) : 1
  const interval = computeNormalMixtureInterval({ estimate, variance, mixingVariance, alpha, nullValue })
  return { ...interval, variance, mixingVariance }
}

function combineArms(
  control: ArmEstimate,
  candidate: ArmEstimate,
  scale: EffectScale,
): { estimate: number; variance: number } {
  if (scale === 'absolute') {
    return {
      estimate: candidate.estimate - control.estimate,
      variance: candidate.variance + control.variance,
    }
  }
  const base = control.estimate
  if (!(base > 0)) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `the control estimate is ${base}; a relative effect needs a control value above 0 (use an absolute tolerance instead)`,
    )
  }
  return {
    estimate: candidate.estimate / base - 1,
    variance: candidate.variance / base ** 2 + (candidate.estimate ** 2 * control.variance) / base ** 4,
  }
}

function atPlannedSize(arm: ArmEstimate, plannedUnits: number): ArmEstimate {
  return { ...arm, variance: (arm.variance * arm.n) / plannedUnits }
}

function checkArm(name: string, arm: ArmEstimate): void {
  requireSessions(arm.n, name)
  requireFinite(`${name}.estimate`, arm.estimate)
  requireVariance(`${name}.variance`, arm.variance)
}

function requireSessions(n: number, name = 'summary'): void {
  if (!(Number.isSafeInteger(n) && n >= 2)) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `${name}.n is ${n}; a confidence sequence needs at least 2 sessions per arm to estimate a variance (wait for more traffic)`,
    )
  }
}
