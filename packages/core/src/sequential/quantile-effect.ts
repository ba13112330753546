import { CoreError } from '../errors.ts'
import { requireFinite, requireOpenUnit } from '../stats/argument-checks.ts'
import type { PlannedUnits } from './mean-sequence.ts'
import type { QuantileInterval } from './quantile-sequence.ts'
import { computeQuantileSequence } from './quantile-sequence.ts'
import type { QuantileSummary } from './quantile-summary.ts'
import type { AlwaysValidInterval, EffectScale } from './sequence-types.ts'

/** Inputs of `computeQuantileEffectSequence`. */
export interface QuantileEffectOptions {
  /** Control arm's values. */
  readonly control: QuantileSummary
  /** Candidate arm's values. */
  readonly candidate: QuantileSummary
  /** Which quantile, in (0, 1): 0.95 for P95. */
  readonly p: number
  /** Error rate of the comparison, in (0, 1); each arm gets α/2. */
  readonly alpha: number
  /** `absolute` (Q_B − Q_A) or `relative` (Q_B / Q_A − 1). */
  readonly scale: EffectScale
  /** Values each arm is planned to reach. */
  readonly plannedUnits: PlannedUnits
  /** Level each arm's mixture is tuned for; default α/2. Hold it fixed to compare several alphas. */
  readonly tuningAlpha?: number
  /** θ₀ of the p-value (a guardrail's tolerance, for a test of the shifted null); default 0. */
  readonly nullValue?: number
}

/** The always-valid comparison of two arms' quantiles, with each arm's own interval. */
export interface QuantileEffect extends AlwaysValidInterval {
  /** Control's interval at level α/2. */
  readonly control: QuantileInterval
  /** Candidate's interval at level α/2. */
  readonly candidate: QuantileInterval
}

/** Smallest p-value reported: below it the search stops (far beyond any family-wise level). */
const MIN_P_VALUE = 1e-300

/**
 * Always-valid confidence interval for the candidate-vs-control difference (or ratio) of a quantile, from
 * the two arms' quantile confidence sequences (Howard & Ramdas 2022, Bernoulli 28, Theorem 1; see
 * `computeQuantileSequence`) with α split evenly: both cover with probability ≥ 1 − α at all times
 * (union bound), so [L_B − U_A, U_B − L_A] (absolute) or [L_B/U_A − 1, U_B/L_A − 1] (relative, positive
 * values) covers Q_B − Q_A (or Q_B/Q_A − 1) at all times.
 *
 * The p-value for H0: θ = θ₀ (`nullValue`; 0, i.e. Q_B = Q_A, by default) is the smallest α at which the
 * interval excludes θ₀, found by bisection with the mixtures' tuning level held fixed (`tuningAlpha`) so
 * that intervals are nested in α. It is valid at any stopping time: under H0 the interval excludes θ₀
 * only when an arm's sequence misses. A non-zero θ₀ (the tolerance, for `fail_rule: bound`) moves only
 * the p-value, never the interval. Assumes i.i.d. values within each arm (one per session) and
 * independent arms.
 *
 * @param options - Both arms' summaries, p, alpha, scale, planned units, optional tuning level and null value.
 * @returns The effect's point estimate (from the empirical quantiles), bounds, p-value and both arms'
 *   intervals.
 * @throws {CoreError} `INVALID_ARGUMENT` for p, alpha or tuningAlpha outside (0, 1), planned units not above 0, an
 *   empty summary, a null value that is not finite, or a relative effect on a control quantile ≤ 0.
 * @example
 * computeQuantileEffectSequence({
 *   control: exactQuantiles(controlMs), candidate: exactQuantiles(candidateMs),
 *   p: 0.95, alpha: 0.05, scale: 'relative', plannedUnits: { control: 5000, candidate: 5000 },
 * }) // { estimate: Q̂_B/Q̂_A − 1, lower, upper, pValue, control: { lower, upper, ... }, candidate: { ... } }
 */
export function computeQuantileEffectSequence(options: QuantileEffectOptions): QuantileEffect {
  const { alpha, scale, tuningAlpha = alpha / 2, nullValue = 0 } = options
  requireOpenUnit('alpha', alpha)
  requireOpenUnit('tuningAlpha', tuningAlpha)
  requireFinite('nullValue', nullValue)
  const armAlphaOpt = tuningAlpha
  const at = (level: number) => compareArms(options, level, armAlphaOpt)
  const { control, candidate, lower, upper } = at(alpha)
  if (scale === 'relative' && !(control.estimate > 0)) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `the control quantile is ${control.estimate}; a relative effect needs a control value above 0 (use an absolute tolerance instead)`,
    )
  }
  const estimate =
    scale === 'absolute' ? candidate.estimate - control.estimate : candidate.estimate / control.estimate - 1
  return { estimate, lower, upper, pValue: findPValue(at, nullValue), control, candidate }
}

function compareArms(
  options: QuantileEffectOptions,
  level: number,
  armAlphaOpt: number,
): { control: QuantileInterval; candidate: QuantileInterval; lower: number; upper: number } {
  const { p, plannedUnits, scale } = options
  const armOptions = { p, alpha: level / 2, alphaOpt: armAlphaOpt }
  const control = computeQuantileSequence(options.control, {
    ...armOptions,
    plannedCount: plannedUnits.control,
  })
  const candidate = computeQuantileSequence(options.candidate, {
    ...armOptions,
    plannedCount: plannedUnits.candidate,
  })
  if (scale === 'absolute') {
    return {
      control,
      candidate,
      lower: candidate.lower - control.upper,
      upper: candidate.upper - control.lower,
    }
  }
  return {
    control,
    candidate,
    lower: divideBounds(candidate.lower, control.upper, Number.NEGATIVE_INFINITY) - 1,
    upper: divideBounds(candidate.upper, control.lower, Number.POSITIVE_INFINITY) - 1,
  }
}

/** a / b for one end of a ratio interval; `unbounded` when the divisor is not above 0 or a is infinite. */
function divideBounds(a: number, b: number, unbounded: number): number {
  if (!(b > 0 && Number.isFinite(a))) return unbounded
  return a / b
}

/** Smallest level at which the interval excludes θ₀; bisection on ln α since exclusion is monotone in α. */
function findPValue(at: (level: number) => { lower: number; upper: number }, nullValue: number): number {
  const excludesNull = (level: number): boolean => {
    const { lower, upper } = at(level)
    return lower > nullValue || upper < nullValue
  }
  if (!excludesNull(1 - 1e-12)) return 1
  if (excludesNull(MIN_P_VALUE)) return MIN_P_VALUE
  let lo = Math.log(MIN_P_VALUE)
  let hi = Math.log(1 - 1e-12)
  // 1e-10 in ln α is a relative error of 1e-10 in the p-value, far below what a decision can notice.
  while (hi - lo > 1e-10) {
    const mid = lo + (hi - lo) / 2
    if (excludesNull(Math.exp(mid))) hi = mid
    else lo = mid
  }
  return Math.exp(hi)
}
