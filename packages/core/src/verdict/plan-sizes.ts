import { computeOptimalMixingRatio } from '../sequential/normal-mixture.ts'
import { requireClosedUnit, requireFinite, requirePositive } from '../stats/argument-checks.ts'
import { normalQuantile, studentTQuantile } from '../stats/distributions.ts'
import {
  computeSampleSizeForMeans,
  computeSampleSizeForProportions,
  isDetectedAtMinimumSize,
} from '../stats/power-analysis.ts'
import { computeSatterthwaiteDf } from '../stats/satterthwaite.ts'
import type { Guardrail } from '../types.ts'
import type { DegradationScale } from './degradation-scale.ts'
import { describeDegradation, readQuantileLevel } from './degradation-scale.ts'
import { BANDWIDTH_Z } from './quantile-contrast.ts'

/**
 * What the caller knows about a metric before the experiment, to size it:
 * - `rate`: a proportion's baseline (error rate 0.02, accuracy 0.91);
 * - `mean`: a mean's baseline and standard deviation per session (cost per run, judge score);
 * - `lognormal`: for latency quantiles, the σ of log-latency (≈ 0.3–0.8 for LLM calls) and, for an
 *   absolute (ms) tolerance, the median in ms.
 */
export type MetricBaseline =
  | { readonly kind: 'rate'; readonly rate: number }
  | { readonly kind: 'mean'; readonly mean: number; readonly sd: number }
  | { readonly kind: 'lognormal'; readonly sigma: number; readonly medianMs?: number }

/** Units per arm for one comparison. */
export interface ArmSizes {
  readonly control: number
  readonly candidate: number
}

/** How one guardrail was sized. Internal to the verdict. */
export type SizedGuardrail =
  | {
      readonly method: 'two-proportions' | 'two-means' | 'one-sample' | 'lognormal-quantile'
      /** One look, a regression equal to the tolerance against 0 (the classical reference size). */
      readonly fixedHorizon: ArmSizes
      /** One look, the fail side of `fail_rule: bound`: twice the tolerance against the tolerance. */
      readonly failSide: ArmSizes
      /** One look, the pass side: a candidate as good as control against the tolerance. */
      readonly passSide: ArmSizes
      /**
       * The group-sequential horizon: the larger of the two sides, each sized for the horizon's critical
       * value z_{1−α/(2m)} (read on Student's t at the standard error's degrees of freedom there), so that
       * a look at the horizon alone has the planned power and any earlier looks only add to it.
       */
      readonly groupSequential: ArmSizes
      /** The open-ended normal mixture: the larger side × its inflation. */
      readonly sequential: ArmSizes
    }
  | { readonly method: 'none'; readonly note: string }

/** Per-control-unit variance of a contrast μ_B − s·μ_A and the distance to detect on it. */
interface ContrastSizing {
  readonly candidateVariance: number
  readonly controlVariance: number
  /** s: 1 for a difference, 1 + tolerance for Fieller's relative contrast. */
  readonly controlScale: number
  readonly distance: number
  /**
   * Degrees of freedom of one arm's variance estimate on n units: n − 1 for a mean, half the order
   * statistics the standard error spans for a quantile (see `quantileContrast`).
   */
  readonly armDf: (units: number) => number
}

/** Both sides of `fail_rule: bound`, for one look at α/m and for the group-sequential horizon. */
interface SideSizes {
  readonly fail: ArmSizes
  readonly pass: ArmSizes
  readonly failAtHorizon: ArmSizes
  readonly passAtHorizon: ArmSizes
}

/** Inputs of `sizeGuardrail`. */
export interface SizingOptions {
  readonly guardrail: Guardrail
  readonly baseline: MetricBaseline | undefined
  /** Two-sided level of this test (family-wise α over the number of tests). */
  readonly alpha: number
  readonly power: number
  /** Allocation n_candidate / n_control. */
  readonly ratio: number
}

/**
 * Sizes one guardrail: the units per arm to detect a regression equal to its tolerance with the given
 * power, first for a fixed-horizon test (`stats/power-analysis.ts`), then for the always-valid
 * sequence by the factor ((c + z_power) / (z_{1−α/2} + z_power))², where c·SE is the normal-mixture
 * half-width at the size it is tuned for (c = √((1 + 1/r*)(2·ln(1/α) + ln(1 + r*)))).
 *
 * Proportions use Cohen's h (arcsine); means the noncentral t. A quantile's sample size uses the
 * lognormal approximation: log Q̂_p has standard deviation σ·√(p(1 − p)) / φ(z_p) per unit (the
 * asymptotic variance of a sample quantile, p(1 − p)/f(q_p)², on the log scale), and a relative change
 * of the quantile is a shift of ln(1 + tolerance). Thresholds (`min` / `max`) use the one-sample normal
 * size ((z + z_power)·σ / gap)², gap = distance from the baseline to the threshold. Internal to the verdict.
 *
 * @param options - The guardrail, its baseline, alpha, power and allocation.
 * @returns The sizes, or `none` with a note saying what is missing.
 * @throws {CoreError} `INVALID_ARGUMENT` for a baseline with values outside their domain.
 */
export function sizeGuardrail(options: SizingOptions): SizedGuardrail {
  const { guardrail, baseline } = options
  const quantile = readQuantileLevel(guardrail.metric)
  if (baseline === undefined) return { method: 'none', note: `no baseline given for ${guardrail.metric}` }
  checkBaseline(baseline)
  if (quantile !== undefined) {
    if (baseline.kind !== 'lognormal')
      return { method: 'none', note: `${guardrail.metric} needs a lognormal baseline (sigma)` }
    return sizeQuantile(options, baseline, quantile)
  }
  if (baseline.kind === 'lognormal') {
    return { method: 'none', note: `${guardrail.metric} needs a rate or mean baseline, not lognormal` }
  }
  const scale = describeDegradation(guardrail)
  const center = baseline.kind === 'rate' ? baseline.rate : baseline.mean
  const sd = baseline.kind === 'rate' ? Math.sqrt(baseline.rate * (1 - baseline.rate)) : baseline.sd
  if (scale.mode === 'threshold') {
    const gap = -scale.sign * (center - scale.reference)
    if (!(gap > 0 && sd > 0)) {
      return {
        method: 'none',
        note: `the baseline ${center} is not inside the ${guardrail.tolerance.text} threshold, so no size can pass it`,
      }
    }
    const n = (((-normalQuantile(options.alpha / 2) + normalQuantile(options.power)) * sd) / gap) ** 2
    // Already the horizon's critical value z_{1−a/2}: one size serves every design.
    const sizes = { control: 0, candidate: n }
    return finish(options, 'one-sample', {
      fixed: sizes,
      fail: sizes,
      pass: sizes,
      failAtHorizon: sizes,
      passAtHorizon: sizes,
    })
  }
  const sides = sizeSides(options, scale, center, sd, baseline.kind === 'rate')
  if (typeof sides === 'string') return { method: 'none', note: sides }
  const shift = scale.mode === 'relative' ? scale.limit * center : scale.limit
  const worse = center + scale.sign * shift
  if (baseline.kind === 'rate') {
    if (!(worse >= 0 && worse <= 1)) {
      return {
        method: 'none',
        note: `a regression of ${guardrail.tolerance.text} from ${center} leaves [0, 1]`,
      }
    }
    const size = computeSampleSizeForProportions({
      ...planning(options),
      pControl: center,
      pTreatment: worse,
    })
    return finish(options, 'two-proportions', {
      fixed: exact(size.nControlExact, options.ratio),
      ...sides,
    })
  }
  const fixed = sizeFixedMeans(options, worse - center, baseline.sd)
  if (typeof fixed === 'string') return { method: 'none', note: fixed }
  return finish(options, 'two-means', { fixed, ...sides })
}

/**
 * The two sides of `fail_rule: bound` for a mean or rate, by the normal approximation on Fieller's
 * contrast μ_B − s·μ_A (s = 1 + tolerance for a relative tolerance, 1 for an absolute one; see
 * `sizeContrast`): the fail side puts the candidate at twice the tolerance and tests it against the
 * tolerance; the pass side puts it at control's value. A relative regression scales the whole
 * distribution (its sd too); a rate's variance is p(1 − p) at each rate.
 */
function sizeSides(
  options: SizingOptions,
  scale: DegradationScale,
  center: number,
  sd: number,
  rate: boolean,
): SideSizes | string {
  const relative = scale.mode === 'relative'
  const limit = scale.limit
  const valueAt = (degradation: number) =>
    relative ? center * (1 + scale.sign * degradation) : center + scale.sign * degradation
  const varianceAt = (value: number, factor: number) => (rate ? value * (1 - value) : (sd * factor) ** 2)
  const controlScale = relative ? 1 + scale.sign * limit : 1
  const distance = relative ? center * limit : limit
  const failValue = valueAt(2 * limit)
  if (rate && !(failValue >= 0 && failValue <= 1)) {
    return `a regression of twice ${options.guardrail.tolerance.text} from ${center} leaves [0, 1]`
  }
  const failFactor = relative ? Math.abs(1 + 2 * scale.sign * limit) : 1
  const armDf = (units: number) => units - 1
  const failContrast = {
    candidateVariance: varianceAt(failValue, failFactor),
    controlVariance: varianceAt(center, 1),
    controlScale,
    distance,
    armDf,
  }
  const passContrast = { ...failContrast, candidateVariance: varianceAt(center, 1) }
  return sizeBothSides(options, failContrast, passContrast)
}

function sizeBothSides(options: SizingOptions, fail: ContrastSizing, pass: ContrastSizing): SideSizes {
  return {
    fail: sizeContrast(options, fail, 'one-look'),
    pass: sizeContrast(options, pass, 'one-look'),
    failAtHorizon: sizeContrast(options, fail, 'horizon'),
    passAtHorizon: sizeContrast(options, pass, 'horizon'),
  }
}

/**
 * n_A = (c + z_power)²·(V_B/ratio + s²·V_A)/d² for one side. `one-look`: c = z_{1−a}, a one-sided test at
 * a = α/m, as each of the verdict's bounds is. `horizon`: c is the continuous-monitoring boundary's value
 * at the horizon, z_{1−a/2}, read on Student's t at the Welch–Satterthwaite degrees of freedom the
 * estimate will have there (the verdict's `studentizeContrast`), found by a few fixed-point steps.
 */
function sizeContrast(
  options: SizingOptions,
  contrast: ContrastSizing,
  look: 'one-look' | 'horizon',
): ArmSizes {
  const { candidateVariance, controlVariance, controlScale, distance, armDf } = contrast
  const { ratio, alpha } = options
  const zPower = normalQuantile(options.power)
  const perControl = candidateVariance / ratio + controlScale ** 2 * controlVariance
  const size = (critical: number) =>
    Math.max(2, ((critical + zPower) ** 2 * perControl) / (distance * distance))
  if (look === 'one-look') return exact(size(-normalQuantile(alpha)), ratio)
  let nControl = size(-normalQuantile(alpha / 2))
  for (let step = 0; step < 8; step += 1) {
    const df = computeSatterthwaiteDf([
      { variance: candidateVariance / (ratio * nControl), df: Math.max(1, armDf(ratio * nControl)) },
      { variance: (controlScale ** 2 * controlVariance) / nControl, df: Math.max(1, armDf(nControl)) },
    ])
    const next = size(-studentTQuantile(alpha / 2, df))
    if (Math.abs(next - nControl) < 1e-6 * nControl) break
    nControl = next
  }
  return exact(nControl, ratio)
}

function sizeQuantile(
  options: SizingOptions,
  baseline: { readonly sigma: number; readonly medianMs?: number },
  p: number,
): SizedGuardrail {
  const { tolerance } = options.guardrail
  const z = normalQuantile(p)
  const density = Math.exp(-(z * z) / 2) / Math.sqrt(2 * Math.PI)
  const sd = (baseline.sigma * Math.sqrt(p * (1 - p))) / density
  let relative: number
  if (tolerance.kind === 'relative') relative = tolerance.value
  else if (baseline.medianMs !== undefined)
    relative = tolerance.value / (baseline.medianMs * Math.exp(baseline.sigma * z))
  else
    return {
      method: 'none',
      note: `${options.guardrail.metric} has an absolute tolerance; give the baseline's medianMs`,
    }
  const fixed = sizeFixedMeans(options, Math.log1p(relative), sd)
  if (typeof fixed === 'string') return { method: 'none', note: fixed }
  // On the log scale the quantiles' spread does not change with a relative regression. The standard
  // error spans about 2·z_{0.975}·√(n·p(1 − p)) + 1 order statistics, half as many degrees of freedom.
  const armDf = (units: number) => (2 * BANDWIDTH_Z * Math.sqrt(units * p * (1 - p)) + 1) / 2
  const side = (distance: number): ContrastSizing => ({
    candidateVariance: sd * sd,
    controlVariance: sd * sd,
    controlScale: 1,
    distance,
    armDf,
  })
  return finish(options, 'lognormal-quantile', {
    fixed,
    ...sizeBothSides(
      options,
      side(Math.log((1 + 2 * relative) / (1 + relative))),
      side(Math.log1p(relative)),
    ),
  })
}

function sizeFixedMeans(options: SizingOptions, delta: number, sd: number): ArmSizes | string {
  if (!(delta !== 0 && sd > 0)) return 'the tolerance or the baseline sd is 0, so nothing can be sized'
  // An effect many standard deviations wide: power-analysis refuses it because 2 units already detect it.
  if (isDetectedAtMinimumSize(delta / sd, options.ratio)) return exact(2, options.ratio)
  const size = computeSampleSizeForMeans({ ...planning(options), delta, sd })
  return exact(size.nControlExact, options.ratio)
}

function planning(options: SizingOptions): { alpha: number; power: number; ratio: number } {
  return { alpha: options.alpha, power: options.power, ratio: options.ratio }
}

function exact(nControl: number, ratio: number): ArmSizes {
  return { control: nControl, candidate: nControl * ratio }
}

function finish(
  options: SizingOptions,
  method: 'two-proportions' | 'two-means' | 'one-sample' | 'lognormal-quantile',
  sizes: SideSizes & { fixed: ArmSizes },
): SizedGuardrail {
  const largerOf = (a: ArmSizes, b: ArmSizes): ArmSizes => ({
    control: Math.max(a.control, b.control),
    candidate: Math.max(a.candidate, b.candidate),
  })
  const larger = largerOf(sizes.fail, sizes.pass)
  const scaled = (size: ArmSizes, factor: number): ArmSizes => ({
    control: Math.ceil(size.control * factor),
    candidate: Math.ceil(size.candidate * factor),
  })
  return {
    method,
    fixedHorizon: scaled(sizes.fixed, 1),
    failSide: scaled(sizes.fail, 1),
    passSide: scaled(sizes.pass, 1),
    groupSequential: scaled(largerOf(sizes.failAtHorizon, sizes.passAtHorizon), 1),
    sequential: scaled(larger, sequentialFactor(options.alpha, options.power)),
  }
}

/**
 * How many times more units the always-valid sequence needs than a fixed-horizon test at the same
 * power: ((c + z_power) / (z_{1−α/2} + z_power))², c the normal-mixture half-width in standard errors
 * at the size it is tuned for: about 1.9 at α = 0.05 and 1.7 at α = 0.0125, power 0.8.
 *
 * @param alpha - Two-sided level.
 * @param power - Power.
 * @returns The factor, above 1.
 */
export function sequentialFactor(alpha: number, power: number): number {
  const r = computeOptimalMixingRatio(alpha)
  const c = Math.sqrt((1 + 1 / r) * (2 * Math.log(1 / alpha) + Math.log1p(r)))
  const zPower = normalQuantile(power)
  return ((c + zPower) / (-normalQuantile(alpha / 2) + zPower)) ** 2
}

function checkBaseline(baseline: MetricBaseline): void {
  switch (baseline.kind) {
    case 'rate':
      requireClosedUnit('baseline.rate', baseline.rate)
      return
    case 'mean':
      requireFinite('baseline.mean', baseline.mean)
      requirePositive('baseline.sd', baseline.sd)
      return
    case 'lognormal':
      requirePositive('baseline.sigma', baseline.sigma)
      if (baseline.medianMs !== undefined) requirePositive('baseline.medianMs', baseline.medianMs)
      return
  }
}
