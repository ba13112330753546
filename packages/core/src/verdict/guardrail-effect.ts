import { GUARDRAIL_METRICS } from '../config/metrics.ts'
import { CoreError } from '../errors.ts'
import type { PlannedUnits } from '../sequential/mean-sequence.ts'
import { armEstimateFromMean, armEstimateFromRatio } from '../sequential/mean-sequence.ts'
import { computeQuantileEffectSequence } from '../sequential/quantile-effect.ts'
import type { ArmEstimate } from '../sequential/sequence-types.ts'
import type { Guardrail, GuardrailMetric } from '../types.ts'
import type { DegradationScale } from './degradation-scale.ts'
import {
  describeDegradation,
  readNullDegradation,
  readQuantileLevel,
  toDegradation,
  toEffect,
} from './degradation-scale.ts'
import type { EffectContrast } from './effect-contrast.ts'
import {
  armsDegreesOfFreedom,
  fiellerContrast,
  linearContrast,
  studentizeContrast,
} from './effect-contrast.ts'
import type { MonitoringDesign } from './guardrail-design.ts'
import { criticalValue, designPValue } from './guardrail-design.ts'
import { quantileContrast } from './quantile-contrast.ts'
import type { GuardrailReason, IntervalMethod, MetricObservations } from './verdict-types.ts'

/** Inputs of `evaluateGuardrail`. Internal to the verdict. */
export interface GuardrailEvaluationInput {
  readonly guardrail: Guardrail
  readonly control: MetricObservations | undefined
  readonly candidate: MetricObservations | undefined
  /** Two-sided level of each interval: the family-wise α over the guardrail × candidate pairs. */
  readonly intervalAlpha: number
  /** How the guardrail is monitored. */
  readonly design: MonitoringDesign
  /** Planned counts per arm, for the open-ended quantile sequences' tuning. */
  readonly plannedUnits: PlannedUnits
  /** Which null the fail test's p-value tests: H0: δ ≤ 0 (`estimate`) or H0: δ ≤ limit (`bound`). */
  readonly failRule: 'estimate' | 'bound'
}

/** A guardrail's degradation before the family-wise adjustment. */
export type GuardrailEvaluation =
  | { readonly kind: 'no_data'; readonly reason: GuardrailReason; readonly note: string }
  | { readonly kind: 'undecidable'; readonly reason: GuardrailReason; readonly note: string }
  | {
      readonly kind: 'measured'
      readonly estimate: number
      readonly lower: number
      readonly upper: number
      /** P-value of the fail test: H0: δ ≤ 0 (`fail_rule: estimate`) or δ ≤ limit (`bound`). */
      readonly pValue: number
      /** P-value of H0: δ ≤ 0. */
      readonly pValueVsControl: number
      readonly method: IntervalMethod
    }

/**
 * Measures one guardrail on one candidate: δ̂, its interval at `intervalAlpha`, and the p-values of
 * H0: δ ≤ limit and H0: δ ≤ 0. Means, rates and ratio metrics are linear contrasts (a relative change by
 * Fieller's method, see `fiellerContrast`); a quantile is compared on the log scale (relative) or as a
 * difference, with the order-statistic standard error of `quantileContrast` when the design is
 * group-sequential, or with Howard & Ramdas' confidence sequences when it is open-ended or fixed. The
 * design supplies the critical value and reads the p-values, so p ≤ α/m exactly when the interval at
 * α/m excludes the null. The group-sequential and fixed designs read their normal critical values on
 * Student's t at the standard error's degrees of freedom (`studentizeContrast`); the mixture does not.
 *
 * @param input - The guardrail, both arms' observations, level, design, plan and fail rule.
 * @returns `no_data`, `undecidable` (with a reason code) or the measurement.
 * @throws {CoreError} `INVALID_ARGUMENT` when the observations' kind does not fit the metric (quantile
 *   metrics take `quantile`, the others `mean` or `ratio`) or a threshold is set on a quantile metric.
 */
export function evaluateGuardrail(input: GuardrailEvaluationInput): GuardrailEvaluation {
  const { guardrail, control, candidate } = input
  const scale = describeDegradation(guardrail)
  const quantileP = readQuantileLevel(guardrail.metric)
  const takesQuantiles = GUARDRAIL_METRICS[guardrail.metric].observation === 'quantile'
  for (const [role, observations] of [
    ['control', control],
    ['candidate', candidate],
  ] as const) {
    if (observations !== undefined && (observations.kind === 'quantile') !== takesQuantiles) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        `${role} observations of ${guardrail.metric} are of kind ${observations.kind}; ${guardrail.metric} takes ${takesQuantiles ? 'quantile' : 'mean or ratio'} observations`,
      )
    }
  }
  if (quantileP !== undefined && scale.mode === 'threshold') {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `${guardrail.metric} has a ${guardrail.bound} threshold; quantile guardrails take max_increase only (see the metric catalogue)`,
    )
  }
  const missing =
    describeMissing(candidate, 'candidate') ??
    (scale.mode === 'threshold' ? undefined : describeMissing(control, 'control'))
  if (missing !== undefined) return { kind: 'no_data', ...missing }
  const undefinedRelative = checkRelativeBase(input, scale, quantileP)
  if (undefinedRelative !== undefined) return { kind: 'undecidable', ...undefinedRelative }
  if (quantileP !== undefined && input.design.kind !== 'group-sequential')
    return measureQuantileSequence(input, scale, quantileP)
  const built = buildContrast(input, scale, quantileP)
  if (built === undefined) {
    return {
      kind: 'undecidable',
      reason: 'tail_not_reached',
      note: `too few units to estimate the spread of ${GUARDRAIL_METRICS[guardrail.metric].label} near its tail yet`,
    }
  }
  const { design, intervalAlpha } = input
  // The mixture's sequences are calibrated on the normal; the planned tests read t (`studentizeContrast`).
  const contrast = design.kind === 'mixture' ? built : studentizeContrast(built)
  const critical = criticalValue(design, intervalAlpha)
  const degradation = toDegradation(scale, { estimate: contrast.estimate, ...contrast.interval(critical) })
  const pAt = (nullDegradation: number): number =>
    designPValue(design, scale.sign * contrast.statisticAt(toEffect(scale, nullDegradation)), intervalAlpha)
  const method: IntervalMethod =
    design.kind === 'group-sequential'
      ? quantileP === undefined
        ? 'group-sequential'
        : 'group-sequential-quantile'
      : design.kind === 'mixture'
        ? 'normal-mixture'
        : 'fixed-horizon-z'
  return {
    kind: 'measured',
    ...degradation,
    pValue: pAt(readNullDegradation(scale.limit, input.failRule)),
    pValueVsControl: pAt(0),
    method,
  }
}

function buildContrast(
  input: GuardrailEvaluationInput,
  scale: DegradationScale,
  quantileP: number | undefined,
): EffectContrast | undefined {
  const { guardrail, control, candidate } = input
  if (quantileP !== undefined) {
    if (control?.kind !== 'quantile' || candidate?.kind !== 'quantile') return undefined
    return quantileContrast({
      control: control.summary,
      candidate: candidate.summary,
      p: quantileP,
      relative: scale.mode === 'relative',
    })
  }
  const candidateArm = toArmEstimate(guardrail.metric, candidate)
  if (scale.mode === 'threshold') {
    return linearContrast(
      candidateArm.estimate,
      candidateArm.variance,
      armsDegreesOfFreedom(candidateArm, undefined),
    )
  }
  const controlArm = toArmEstimate(guardrail.metric, control)
  if (scale.mode === 'relative') return fiellerContrast(controlArm, candidateArm)
  return linearContrast(
    candidateArm.estimate - controlArm.estimate,
    candidateArm.variance + controlArm.variance,
    armsDegreesOfFreedom(candidateArm, controlArm),
  )
}

/** Open-ended (and fixed) quantile guardrails: Howard & Ramdas' sequences, read at both nulls. */
function measureQuantileSequence(
  input: GuardrailEvaluationInput,
  scale: DegradationScale,
  p: number,
): GuardrailEvaluation {
  const { control, candidate } = input
  if (control?.kind !== 'quantile' || candidate?.kind !== 'quantile') {
    return { kind: 'no_data', reason: 'no_values', note: 'quantile observations are missing' }
  }
  const at = (nullDegradation: number) =>
    computeQuantileEffectSequence({
      control: control.summary,
      candidate: candidate.summary,
      p,
      alpha: input.intervalAlpha,
      scale: scale.mode === 'relative' ? 'relative' : 'absolute',
      plannedUnits: input.plannedUnits,
      nullValue: toEffect(scale, nullDegradation),
    })
  const failNull = readNullDegradation(scale.limit, input.failRule)
  const effect = at(failNull)
  const degradation = toDegradation(scale, effect)
  const readP = (nullDegradation: number, pValue: number): number =>
    degradation.estimate > nullDegradation ? pValue : 1
  return {
    kind: 'measured',
    ...degradation,
    pValue: readP(failNull, effect.pValue),
    pValueVsControl: failNull === 0 ? readP(0, effect.pValue) : readP(0, at(0).pValue),
    method: 'quantile-beta-binomial',
  }
}

function checkRelativeBase(
  input: GuardrailEvaluationInput,
  scale: DegradationScale,
  quantileP: number | undefined,
): { reason: GuardrailReason; note: string } | undefined {
  if (scale.mode !== 'relative') return undefined
  const { guardrail, control } = input
  const base =
    quantileP === undefined
      ? toArmEstimate(guardrail.metric, control).estimate
      : control?.kind === 'quantile'
        ? control.summary.quantile(quantileP)
        : Number.NaN
  if (base > 0) return undefined
  return {
    reason: 'relative_change_undefined',
    note: `the control's ${GUARDRAIL_METRICS[guardrail.metric].label} is ${base}, so a relative change is undefined (use an absolute tolerance)`,
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

function describeMissing(
  observations: MetricObservations | undefined,
  role: string,
): { reason: GuardrailReason; note: string } | undefined {
  if (observations === undefined) return { reason: 'no_observations', note: `no ${role} observations` }
  const tooFew = (n: number) => ({
    reason: 'too_few_units' as const,
    note: `the ${role} has ${n} unit(s); at least 2 are needed`,
  })
  switch (observations.kind) {
    case 'mean':
      return observations.summary.n < 2 || !Number.isFinite(observations.summary.mean)
        ? tooFew(observations.summary.n)
        : undefined
    case 'ratio':
      if (observations.summary.n < 2) return tooFew(observations.summary.n)
      return observations.summary.sumM > 0
        ? undefined
        : { reason: 'no_calls', note: `the ${role} has no calls` }
    case 'quantile':
      return observations.summary.count < 1
        ? { reason: 'no_values', note: `the ${role} has no values` }
        : undefined
  }
}
