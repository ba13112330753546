import { CoreError } from '../errors.ts'
import { requireClosedUnit, requireOpenUnit, requirePositive } from './argument-checks.ts'
import { MAX_NONCENTRALITY, normalQuantile } from './distributions.ts'
import {
  computeNormalPower,
  computeTTestPower,
  effectiveSize,
  maxTTestControlSize,
  requireTTestArms,
} from './power-curves.ts'
import { solveIncreasing } from './solve-increasing.ts'

/** Significance, power and allocation shared by every planning function. */
interface PlanningOptions {
  /** Significance level of the two-sided test, in (0, 1). */
  readonly alpha: number
  /** Probability of detecting the effect, in (alpha, 1), e.g. 0.8. */
  readonly power: number
  /** Allocation `nTreatment / nControl`, e.g. 0.25 for a 80/20 split; default 1. */
  readonly ratio?: number
}

/** Inputs of `computeSampleSizeForProportions`. */
export interface ProportionsSampleSizeOptions extends PlanningOptions {
  /** Rate expected in the control arm, in [0, 1]. */
  readonly pControl: number
  /** Rate to detect in the treatment arm, in [0, 1], different from `pControl`. */
  readonly pTreatment: number
}

/** Inputs of `computeSampleSizeForMeans`. */
export interface MeansSampleSizeOptions extends PlanningOptions {
  /** Difference of means to detect (treatment − control), in the metric's unit (`150` ms); not 0. */
  readonly delta: number
  /** Common standard deviation of the metric, in the same unit, > 0. */
  readonly sd: number
}

/** Units needed per arm. */
export interface SampleSize {
  /** Control units, `ceil(nControlExact)`. */
  readonly nControl: number
  /** Treatment units, `ceil(nControlExact * ratio)`. */
  readonly nTreatment: number
  /** The unrounded control size at which power equals the target. */
  readonly nControlExact: number
  /** The standardized effect planned for: Cohen's h (proportions) or d (means), signed. */
  readonly effectSize: number
}

/** Inputs of the minimum-detectable-effect functions: the sizes you have. */
interface MdeOptions extends PlanningOptions {
  /** Units in the control arm (the treatment arm has `nControl * ratio`). */
  readonly nControl: number
}

/** Inputs of `computeMdeForProportions`. */
export interface ProportionsMdeOptions extends MdeOptions {
  /** Rate in the control arm, in [0, 1]. */
  readonly pControl: number
}

/** Inputs of `computeMdeForMeans`. */
export interface MeansMdeOptions extends MdeOptions {
  /** Standard deviation of the metric, in its unit, > 0. */
  readonly sd: number
}

/** Smallest change in a rate that the planned test detects with the requested power. */
export interface ProportionsMde {
  /** Minimum detectable Cohen's h, > 0. */
  readonly cohenH: number
  /** Smallest detectable rise of the rate (absolute, 0.02 = 2pp); undefined when even 1 is not enough. */
  readonly minIncrease: number | undefined
  /** Smallest detectable fall of the rate (absolute, positive); undefined when even 0 is not enough. */
  readonly minDecrease: number | undefined
}

/** Smallest difference of means that the planned test detects with the requested power. */
export interface MeansMde {
  /** Minimum detectable Cohen's d, > 0. */
  readonly effectSize: number
  /** The same in the metric's unit: `effectSize * sd`. */
  readonly minDelta: number
}

/**
 * Units per arm to detect a difference of two proportions: arcsine transformation (Cohen's h =
 * 2·asin√p_t − 2·asin√p_c), normal approximation, two-sided test, unequal allocation.
 *
 * Assumes independent units and large samples. Solves `computeNormalPower` = power for n_c, like
 * statsmodels `NormalIndPower.solve_power` (both tails counted). Reference: Cohen (1988), ch. 6.
 *
 * @param options - Rates, alpha, power and `ratio = nTreatment / nControl`.
 * @returns Rounded-up sizes per arm, the exact control size and h.
 * @throws {CoreError} `INVALID_ARGUMENT` for rates outside [0, 1] or equal, alpha or power outside
 *   (0, 1), power ≤ alpha, or a ratio that is not above 0.
 * @example
 * computeSampleSizeForProportions({ pControl: 0.1, pTreatment: 0.12, alpha: 0.05, power: 0.8 })
 * // { nControl: 3835, nTreatment: 3835, ... }
 */
export function computeSampleSizeForProportions(options: ProportionsSampleSizeOptions): SampleSize {
  const { pControl, pTreatment, alpha, power, ratio = 1 } = options
  requireClosedUnit('pControl', pControl)
  requireClosedUnit('pTreatment', pTreatment)
  checkPlanning(options)
  const h = computeCohenH(pControl, pTreatment)
  if (h === 0) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `pControl and pTreatment are both ${pControl}; pass the rate you want to detect, different from the control rate`,
    )
  }
  // The one-tailed closed form reaches the target; the second tail only adds power, so it bounds n.
  const upper = (zSum(alpha, power) ** 2 * (1 + ratio)) / (ratio * h * h)
  const exact = solveIncreasing(
    (n) => computeNormalPower({ effectSize: h, nControl: n, alpha, ratio }),
    power,
    0,
    upper,
  )
  return roundSampleSize(exact, ratio, h)
}

/**
 * Whether an effect is so large (d√n* past 25 at 2 units per arm) that `computeSampleSizeForMeans`
 * refuses to size it: the minimum of 2 units per arm already detects it.
 *
 * @param effectSize - Cohen's d, delta / sd.
 * @param ratio - `nTreatment / nControl`.
 * @returns True when no power analysis is needed.
 */
export function isDetectedAtMinimumSize(effectSize: number, ratio: number): boolean {
  return maxTTestControlSize(effectSize, ratio) < Math.max(2, 2 / ratio)
}

/**
 * Units per arm to detect a difference of two means with the two-sample Student t-test (equal
 * variances), two-sided, unequal allocation; power from the noncentral t.
 *
 * Assumes independent, roughly normal outcomes with a common sd (use it for sessions' mean latency
 * or cost; the Welch test that analyses them is close at these sizes). Solves `computeTTestPower` =
 * power like statsmodels `TTestIndPower.solve_power`; each arm gets at least 2 units.
 * Reference: Cohen (1988), ch. 2.
 *
 * @param options - Difference, sd, alpha, power and `ratio = nTreatment / nControl`.
 * @returns Rounded-up sizes per arm, the exact control size and d = delta / sd.
 * @throws {CoreError} `INVALID_ARGUMENT` for delta = 0, sd ≤ 0, alpha or power outside (0, 1),
 *   power ≤ alpha, a ratio not above 0, or an effect so large that d√n* passes 25 at 2 units per arm.
 * @example
 * computeSampleSizeForMeans({ delta: 100, sd: 400, alpha: 0.05, power: 0.8 })
 * // { nControl: 253, nTreatment: 253, ... }
 */
export function computeSampleSizeForMeans(options: MeansSampleSizeOptions): SampleSize {
  const { delta, sd, alpha, power, ratio = 1 } = options
  if (!(Number.isFinite(delta) && delta !== 0)) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `delta is ${delta}; pass the non-zero difference of means to detect`,
    )
  }
  requirePositive('sd', sd)
  checkPlanning(options)
  const d = delta / sd
  const nMin = Math.max(2, 2 / ratio)
  const nCap = maxTTestControlSize(d, ratio)
  if (isDetectedAtMinimumSize(d, ratio)) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `delta / sd is ${d}; an effect this large needs no power analysis (2 units per arm detect it), check delta and sd`,
    )
  }
  const powerAt = (n: number): number => computeTTestPower({ effectSize: d, nControl: n, alpha, ratio })
  if (powerAt(nMin) >= power) return roundSampleSize(nMin, ratio, d)
  const normalGuess = (zSum(alpha, power) ** 2 * (1 + ratio)) / (ratio * d * d)
  const upper = expandUpper(powerAt, power, Math.max(nMin, normalGuess) * 1.25 + 4, nCap)
  return roundSampleSize(solveIncreasing(powerAt, power, nMin, upper), ratio, d)
}

/**
 * Minimum detectable effect on a proportion for the sizes you have: the smallest Cohen's h that the
 * two-sided normal-approximation test detects with the requested power, and the rates it means
 * around `pControl`. Same method and assumptions as `computeSampleSizeForProportions`.
 *
 * @param options - Control rate, control size, alpha, power and ratio.
 * @returns h and the smallest detectable rise and fall of the rate.
 * @throws {CoreError} `INVALID_ARGUMENT` for pControl outside [0, 1], nControl not above 0, alpha or
 *   power outside (0, 1), power ≤ alpha, or a ratio not above 0.
 * @example
 * computeMdeForProportions({ pControl: 0.1, nControl: 5000, alpha: 0.05, power: 0.8 })
 * // { cohenH: 0.0560, minIncrease: 0.0174, minDecrease: 0.0162 }
 */
export function computeMdeForProportions(options: ProportionsMdeOptions): ProportionsMde {
  const { pControl, nControl, alpha, power, ratio = 1 } = options
  requireClosedUnit('pControl', pControl)
  requirePositive('nControl', nControl)
  checkPlanning(options)
  const upper = zSum(alpha, power) / Math.sqrt(effectiveSize(nControl, ratio))
  const h = solveIncreasing(
    (x) => computeNormalPower({ effectSize: x, nControl, alpha, ratio }),
    power,
    0,
    upper,
  )
  const angle = Math.asin(Math.sqrt(pControl))
  const up = angle + h / 2
  const down = angle - h / 2
  return {
    cohenH: h,
    minIncrease: up <= Math.PI / 2 ? Math.sin(up) ** 2 - pControl : undefined,
    minDecrease: down >= 0 ? pControl - Math.sin(down) ** 2 : undefined,
  }
}

/**
 * Minimum detectable difference of means for the sizes you have: the smallest Cohen's d that the
 * two-sided two-sample t-test detects with the requested power (noncentral t), and d·sd.
 * Same method and assumptions as `computeSampleSizeForMeans`.
 *
 * @param options - sd, control size, alpha, power and ratio.
 * @returns d and the difference in the metric's unit.
 * @throws {CoreError} `INVALID_ARGUMENT` for sd ≤ 0, fewer than 2 units in an arm, alpha or power
 *   outside (0, 1), power ≤ alpha, or a ratio not above 0.
 * @example
 * computeMdeForMeans({ sd: 400, nControl: 500, alpha: 0.05, power: 0.8 })
 * // { effectSize: 0.1774, minDelta: 70.9 }
 */
export function computeMdeForMeans(options: MeansMdeOptions): MeansMde {
  const { sd, nControl, alpha, power, ratio = 1 } = options
  requirePositive('sd', sd)
  requirePositive('nControl', nControl)
  checkPlanning(options)
  requireTTestArms(nControl, ratio)
  const powerAt = (d: number): number => computeTTestPower({ effectSize: d, nControl, alpha, ratio })
  const nStar = effectiveSize(nControl, ratio)
  const dCap = MAX_NONCENTRALITY / Math.sqrt(nStar)
  const upper = expandUpper(
    powerAt,
    power,
    Math.min(dCap, (zSum(alpha, power) / Math.sqrt(nStar)) * 1.25),
    dCap,
  )
  const d = solveIncreasing(powerAt, power, 0, upper)
  return { effectSize: d, minDelta: d * sd }
}

function checkPlanning(options: PlanningOptions): void {
  requireOpenUnit('alpha', options.alpha)
  requireOpenUnit('power', options.power)
  requirePositive('ratio', options.ratio ?? 1)
  if (options.power <= options.alpha) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `power is ${options.power} and alpha ${options.alpha}; power must exceed alpha (typically 0.8 or 0.9)`,
    )
  }
}

/** z_{1−α/2} + z_{power}: the standardized shift a two-sided test needs, ignoring the far tail. */
function zSum(alpha: number, power: number): number {
  return -normalQuantile(alpha / 2) + normalQuantile(power)
}

/** Doubles `start` until f reaches `target`, never past `cap`; throws when even `cap` falls short. */
function expandUpper(f: (x: number) => number, target: number, start: number, cap: number): number {
  let upper = Math.min(start, cap)
  while (f(upper) < target) {
    if (upper >= cap) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        `power ${target} is out of reach of the noncentral t range (ncp ≤ 25) for these sizes; lower power or alpha`,
      )
    }
    upper = Math.min(upper * 2, cap)
  }
  return upper
}

function roundSampleSize(exact: number, ratio: number, effectSize: number): SampleSize {
  return {
    nControl: Math.ceil(exact),
    nTreatment: Math.ceil(exact * ratio),
    nControlExact: exact,
    effectSize,
  }
}

/**
 * Cohen's h, the arcsine-transformed difference of two proportions: 2·asin√p_t − 2·asin√p_c.
 *
 * @param pControl - Control rate, in [0, 1].
 * @param pTreatment - Treatment rate, in [0, 1].
 * @returns h, positive when the treatment rate is higher.
 * @throws {CoreError} `INVALID_ARGUMENT` when a rate is outside [0, 1].
 * @example computeCohenH(0.1, 0.12) // ≈ 0.0640
 */
export function computeCohenH(pControl: number, pTreatment: number): number {
  requireClosedUnit('pControl', pControl)
  requireClosedUnit('pTreatment', pTreatment)
  return 2 * Math.asin(Math.sqrt(pTreatment)) - 2 * Math.asin(Math.sqrt(pControl))
}
