import { CoreError } from '../errors.ts'
import { computeOptimalMixingRatio } from '../sequential/normal-mixture.ts'
import { requireClosedUnit, requireFinite, requirePositive } from '../stats/argument-checks.ts'
import { normalQuantile } from '../stats/distributions.ts'
import { computeSampleSizeForMeans, computeSampleSizeForProportions } from '../stats/power-analysis.ts'
import type { Guardrail } from '../types.ts'
import { describeDegradation, readQuantileLevel } from './degradation-scale.ts'

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
      readonly fixedHorizon: ArmSizes
      readonly sequential: ArmSizes
    }
  | { readonly method: 'none'; readonly note: string }

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
    return finish(options, 'one-sample', { control: 0, candidate: n })
  }
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
    return finish(options, 'two-proportions', exact(size.nControlExact, options.ratio))
  }
  return sizeMeans(options, 'two-means', worse - center, baseline.sd)
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
  return sizeMeans(options, 'lognormal-quantile', Math.log1p(relative), sd)
}

function sizeMeans(
  options: SizingOptions,
  method: 'two-means' | 'lognormal-quantile',
  delta: number,
  sd: number,
): SizedGuardrail {
  if (!(delta !== 0 && sd > 0))
    return { method: 'none', note: 'the tolerance or the baseline sd is 0, so nothing can be sized' }
  try {
    const size = computeSampleSizeForMeans({ ...planning(options), delta, sd })
    return finish(options, method, exact(size.nControlExact, options.ratio))
  } catch (error) {
    // An effect many standard deviations wide: power-analysis refuses it because 2 units already detect it.
    if (error instanceof CoreError) return finish(options, method, exact(2, options.ratio))
    throw error
  }
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
  sizes: ArmSizes,
): SizedGuardrail {
  const factor = sequentialFactor(options.alpha, options.power)
  return {
    method,
    fixedHorizon: { control: Math.ceil(sizes.control), candidate: Math.ceil(sizes.candidate) },
    sequential: {
      control: Math.ceil(sizes.control * factor),
      candidate: Math.ceil(sizes.candidate * factor),
    },
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
