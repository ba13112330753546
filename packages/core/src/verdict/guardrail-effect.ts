import { GUARDRAIL_METRICS } from '../config/metrics.ts'
import { CoreError } from '../errors.ts'
import type { PlannedUnits } from '../sequential/mean-sequence.ts'
import {
  armEstimateFromMean,
  armEstimateFromRatio,
  computeMeanEffectSequence,
  computeMeanSequence,
} from '../sequential/mean-sequence.ts'
import { computeQuantileEffectSequence } from '../sequential/quantile-effect.ts'
import type { AlwaysValidInterval, ArmEstimate } from '../sequential/sequence-types.ts'
import { normalQuantile, normalSf } from '../stats/distributions.ts'
import type { Guardrail, GuardrailMetric } from '../types.ts'
import type { DegradationScale } from './degradation-scale.ts'
import {
  describeDegradation,
  readNullDegradation,
  readQuantileLevel,
  toDegradation,
  toEffect,
} from './degradation-scale.ts'
import type { IntervalMethod, MetricObservations } from './verdict-types.ts'

/** Inputs of `evaluateGuardrail`. Internal to the verdict. */
export interface GuardrailEvaluationInput {
  readonly guardrail: Guardrail
  readonly control: MetricObservations | undefined
  readonly candidate: MetricObservations | undefined
  /** Level of each interval: the family-wise α over the number of guardrail × candidate pairs. */
  readonly intervalAlpha: number
  readonly plannedUnits: PlannedUnits
  readonly method: 'sequential' | 'fixed'
  /** Which null the p-value tests: H0: δ ≤ 0 (`estimate`) or H0: δ ≤ limit (`bound`). */
  readonly failRule: 'estimate' | 'bound'
}

/** A guardrail's degradation before the family-wise adjustment. */
export type GuardrailEvaluation =
  | { readonly kind: 'no_data'; readonly note: string }
  | { readonly kind: 'undecidable'; readonly note: string }
  | {
      readonly kind: 'measured'
      readonly estimate: number
      readonly lower: number
      readonly upper: number
      /** Always-valid p-value for H0: δ ≤ δ₀, δ₀ = 0 (`fail_rule: estimate`) or the limit (`bound`). */
      readonly pValue: number
      readonly method: IntervalMethod
    }

/**
 * Measures one guardrail on one candidate: δ̂, its interval at `intervalAlpha`, and the p-value for
 * H0: δ ≤ δ₀ (the two-sided always-valid p-value of δ = δ₀ when δ̂ > δ₀, else 1: the interval can only
 * exclude δ₀ on the side of the estimate). δ₀ is 0 under `fail_rule: estimate` and the limit under
 * `bound` (the shifted null: the same confidence sequence, its p-value read at the tolerance), so
 * p ≤ α/m exactly when the interval's lower bound is above δ₀.
 *
 * @param input - The guardrail, both arms' observations, levels, plan, method and fail rule.
 * @returns `no_data`, `undecidable` (e.g. a relative change on a control value of 0) or the measurement.
 * @throws {CoreError} `INVALID_ARGUMENT` when the observations' kind does not fit the metric (quantile
 *   metrics take `quantile`, the others `mean` or `ratio`) or a threshold is set on a quantile metric.
 */
export function evaluateGuardrail(input: GuardrailEvaluationInput): GuardrailEvaluation {
  const { guardrail, control, candidate } = input
  const scale = describeDegradation(guardrail)
  const quantileP = readQuantileLevel(guardrail.metric)
  for (const [role, observations] of [
    ['control', control],
    ['candidate', candidate],
  ] as const) {
    if (observations !== undefined && (observations.kind === 'quantile') !== (quantileP !== undefined)) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        `${role} observations of ${guardrail.metric} are of kind ${observations.kind}; ${guardrail.metric} takes ${quantileP === undefined ? 'mean or ratio' : 'quantile'} observations`,
      )
    }
  }
  const missing =
    describeMissing(candidate, 'candidate') ??
    (scale.mode === 'threshold' ? undefined : describeMissing(control, 'control'))
  if (missing !== undefined) return { kind: 'no_data', note: missing }
  const nullDegradation = readNullDegradation(scale.limit, input.failRule)
  const nullValue = toEffect(scale, nullDegradation)
  const effect =
    quantileP === undefined
      ? measureMean(input, scale, nullValue)
      : measureQuantile(input, { scale, p: quantileP, nullValue })
  if (typeof effect === 'string') return { kind: 'undecidable', note: effect }
  const degradation = toDegradation(scale, effect)
  return {
    kind: 'measured',
    ...degradation,
    pValue: degradation.estimate > nullDegradation ? effect.pValue : 1,
    method: effect.method,
  }
}

type Measured = AlwaysValidInterval & { readonly method: IntervalMethod }

/** `nullValue` is θ₀ of the p-value, on the effect's own scale (see `toEffect`). */
function measureMean(
  input: GuardrailEvaluationInput,
  scale: DegradationScale,
  nullValue: number,
): Measured | string {
  const { guardrail, intervalAlpha: alpha, plannedUnits } = input
  const candidate = toArmEstimate(guardrail.metric, input.candidate)
  if (scale.mode === 'threshold') {
    if (input.method === 'fixed') {
      return fixedHorizon({ estimate: candidate.estimate, variance: candidate.variance, nullValue, alpha })
    }
    const sequence = computeMeanSequence({
      arm: candidate,
      alpha,
      plannedUnits: plannedUnits.candidate,
      nullValue,
    })
    return { ...sequence, method: 'normal-mixture' }
  }
  const control = toArmEstimate(guardrail.metric, input.control)
  if (scale.mode === 'relative' && !(control.estimate > 0)) {
    return `the control's ${GUARDRAIL_METRICS[guardrail.metric].label} is ${control.estimate}, so a relative change is undefined (use an absolute tolerance)`
  }
  const sequence = computeMeanEffectSequence({
    control,
    candidate,
    alpha,
    scale: scale.mode,
    plannedUnits,
    nullValue,
  })
  if (input.method === 'fixed') {
    return fixedHorizon({ estimate: sequence.estimate, variance: sequence.variance, nullValue, alpha })
  }
  return { ...sequence, method: 'normal-mixture' }
}

function measureQuantile(
  input: GuardrailEvaluationInput,
  on: { readonly scale: DegradationScale; readonly p: number; readonly nullValue: number },
): Measured | string {
  const { guardrail, control, candidate } = input
  const { scale, p, nullValue } = on
  if (control?.kind !== 'quantile' || candidate?.kind !== 'quantile')
    return 'quantile observations are missing'
  if (scale.mode === 'threshold') {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `${guardrail.metric} has a ${guardrail.bound} threshold; quantile guardrails take max_increase only (see the metric catalogue)`,
    )
  }
  if (scale.mode === 'relative' && !(control.summary.quantile(p) > 0)) {
    return `the control's ${GUARDRAIL_METRICS[guardrail.metric].label} is ${control.summary.quantile(p)}, so a relative change is undefined (use an absolute tolerance)`
  }
  const effect = computeQuantileEffectSequence({
    control: control.summary,
    candidate: candidate.summary,
    p,
    alpha: input.intervalAlpha,
    scale: scale.mode,
    plannedUnits: input.plannedUnits,
    nullValue,
  })
  return { ...effect, method: 'quantile-beta-binomial' }
}

/** The classical z-interval and two-sided p-value, for `method: fixed` (valid at the planned size only). */
function fixedHorizon(input: {
  estimate: number
  variance: number
  nullValue: number
  alpha: number
}): Measured {
  const { estimate, variance, nullValue, alpha } = input
  const standardError = Math.sqrt(variance)
  const halfWidth = -normalQuantile(alpha / 2) * standardError
  const distance = Math.abs(estimate - nullValue)
  const pValue =
    standardError === 0 ? (distance === 0 ? 1 : 0) : Math.min(1, 2 * normalSf(distance / standardError))
  return {
    estimate,
    lower: estimate - halfWidth,
    upper: estimate + halfWidth,
    pValue,
    method: 'fixed-horizon-z',
  }
}

function toArmEstimate(metric: GuardrailMetric, observations: MetricObservations | undefined): ArmEstimate {
  if (observations === undefined || observations.kind === 'quantile') {
    throw new CoreError('INVALID_ARGUMENT', `${metric} needs mean or ratio observations`)
  }
  const estimate =
    observations.kind === 'mean'
      ? armEstimateFromMean(observations.summary)
      : armEstimateFromRatio(observations.summary)
  if (GUARDRAIL_METRICS[metric].valueUnit !== 'fraction') return estimate
  // A rate with no events (0 errors in 300 sessions) has sample variance 0; without a floor its interval
  // would have width 0 and pass at once. Flooring Var(μ̂) at 1/N² (what a single event would add) keeps
  // "no events yet" from meaning "no risk"; with a few events the floor no longer binds.
  const trials = observations.kind === 'mean' ? observations.summary.n : observations.summary.sumM
  return { ...estimate, variance: Math.max(estimate.variance, 1 / (trials * trials)) }
}

function describeMissing(observations: MetricObservations | undefined, role: string): string | undefined {
  if (observations === undefined) return `no ${role} observations`
  switch (observations.kind) {
    case 'mean':
      return observations.summary.n < 2 || !Number.isFinite(observations.summary.mean)
        ? `the ${role} has ${observations.summary.n} session(s); at least 2 are needed`
        : undefined
    case 'ratio':
      if (observations.summary.n < 2)
        return `the ${role} has ${observations.summary.n} session(s); at least 2 are needed`
      return observations.summary.sumM > 0 ? undefined : `the ${role} has no calls`
    case 'quantile':
      return observations.summary.count < 1 ? `the ${role} has no values` : undefined
  }
}
