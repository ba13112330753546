import { GUARDRAIL_METRICS } from '../config/metrics.ts'
import type { Experiment, Tolerance } from '../types.ts'
import type { Comparison } from './comparison.ts'
import type { GuardrailReason, GuardrailResult, SrmResult, Verdict, VerdictInput } from './verdict-types.ts'

/**
 * Sentences for `Verdict.reasons`, written from the results' codes. Internal to the verdict; reports
 * format their own tables from the same codes.
 */

/**
 * Says what a measured guardrail found, in the tolerance's unit, and what its status means.
 *
 * @param result - A guardrail result.
 * @param failRule - The experiment's fail rule; under `bound` the fail test's p-value is for H0: within
 *   the tolerance.
 * @returns E.g. `candidate: P95 latency degraded by +12.3% (interval +4.1% to +20.5%; tolerance 10%,
 *   Holm-adjusted p = 0.0031 for H0: within the tolerance)`; a suspected regression adds what would
 *   settle it.
 */
export function describeGuardrail(result: GuardrailResult, failRule: 'estimate' | 'bound'): string {
  const label = GUARDRAIL_METRICS[result.metric].label
  const { tolerance } = result
  const head = `${result.arm}: ${label}`
  if (result.estimate === undefined || result.interval === undefined) {
    const note = result.note ?? describeReason(result.reason)
    return result.status === 'no_data'
      ? `${head} has no data (${note})`
      : `${head} cannot be decided: ${note}`
  }
  const interval = `interval ${formatDegradation(result.interval.lower, tolerance)} to ${formatDegradation(result.interval.upper, tolerance)}`
  const againstTolerance = failRule === 'bound' && tolerance.kind !== 'threshold'
  const p =
    result.adjustedPValue === undefined
      ? ''
      : `, Holm-adjusted p = ${formatP(result.adjustedPValue)}${againstTolerance ? ' for H0: within the tolerance' : ''}`
  const what =
    tolerance.kind === 'threshold'
      ? `is ${formatDegradation(result.estimate, tolerance)} past its ${result.bound === 'min' ? 'floor' : 'ceiling'} of ${tolerance.text}`
      : `degraded by ${formatDegradation(result.estimate, tolerance)}`
  const limit = tolerance.kind === 'threshold' ? '' : `; tolerance ${tolerance.text}`
  const sentence = `${head} ${what} (${interval}${limit}${p})`
  if (result.status !== 'suspected_regression') return sentence
  const settle =
    result.unitsNeeded === undefined
      ? ''
      : `; about ${Object.entries(result.unitsNeeded)
          .map(([arm, units]) => `${units.toLocaleString('en-US')} more ${arm}`)
          .join(' and ')} units would settle it`
  return `suspected regression: ${sentence}: significantly worse than control with the estimate beyond the tolerance, not yet significantly beyond it${settle}`
}

/**
 * Says why a guardrail has its status, from its code alone.
 *
 * @param reason - The code.
 * @returns A short phrase.
 */
function describeReason(reason: GuardrailReason): string {
  switch (reason) {
    case 'beyond_tolerance':
      return 'significantly beyond its tolerance'
    case 'worse_and_estimate_beyond':
      return 'significantly worse than control, with the estimate beyond its tolerance'
    case 'suspected_regression':
      return 'suspected regression: significantly worse than control, the estimate beyond its tolerance, not yet significantly beyond it'
    case 'within_tolerance':
      return 'upper bound below its tolerance'
    case 'undecided':
      return 'the interval still spans the tolerance'
    case 'waiting_for_planned_size':
      return 'method: fixed decides once every arm reaches the planned units'
    case 'past_horizon':
      return 'past the horizon: the group-sequential design has spent its error rate, a person decides'
    case 'relative_change_undefined':
      return "the control's value is 0 or less, so a relative change is undefined"
    case 'tail_not_reached':
      return 'too few units near the tail to estimate the quantile’s spread yet'
    case 'no_observations':
      return 'no observations'
    case 'too_few_units':
      return 'fewer than 2 units'
    case 'no_calls':
      return 'no calls'
    case 'no_values':
      return 'no values'
    case 'shadow_without_pairs':
      return 'shadow-only candidate (weight 0) without shadow pairs: nothing to gate yet'
  }
}

/**
 * What keeps the verdict from passing besides a suspected regression (which `describeGuardrail` words on
 * its own): arms below `min_units_per_arm`, shadow candidates without pairs, and every guardrail that is
 * undecided or has no data.
 *
 * @param input - The verdict input.
 * @param comparisons - The comparisons.
 * @param guardrails - The settled results.
 * @returns Distinct sentences; empty when nothing blocks a pass.
 */
export function describeBlockers(
  input: VerdictInput,
  comparisons: readonly Comparison[],
  guardrails: readonly GuardrailResult[],
): string[] {
  const { minUnitsPerArm, failRule } = input.experiment.analysis
  const blockers: string[] = []
  if (comparisons.length === 0) blockers.push('the experiment has no candidate arm: nothing to gate')
  for (const comparison of comparisons) {
    const { candidate, units } = comparison
    if (comparison.nothingToGate) {
      blockers.push(
        `${candidate.name} is shadow-only (weight 0) and has no shadow pairs yet: nothing to gate`,
      )
      continue
    }
    for (const [role, count] of [
      [comparison.control.name, units.control],
      [candidate.name, units.candidate],
    ] as const) {
      if (count < minUnitsPerArm)
        blockers.push(`${role} has ${count} of the ${minUnitsPerArm} units a pass needs (min_units_per_arm)`)
    }
  }
  for (const result of guardrails) {
    if (result.status === 'pass' || result.status === 'fail') continue
    if (result.reason === 'shadow_without_pairs') continue
    if (result.status === 'suspected_regression') continue
    const why = result.reason === 'undecided' ? '' : ` (${result.note ?? describeReason(result.reason)})`
    blockers.push(
      result.estimate === undefined
        ? describeGuardrail(result, failRule)
        : `undecided: ${describeGuardrail(result, failRule)}${why}`,
    )
  }
  return [...new Set(blockers)]
}

/**
 * The reason of a pass.
 *
 * @param experiment - The experiment.
 * @param candidates - Number of candidates compared.
 * @param perInterval - The per-interval level.
 * @returns The sentence.
 */
export function describePass(experiment: Experiment, candidates: number, perInterval: number): string {
  const count = experiment.guardrails.length
  if (count === 0) {
    return `no guardrails are configured: only the units per arm (≥ ${experiment.analysis.minUnitsPerArm}) and the traffic split were checked`
  }
  return `every guardrail's upper bound is below its tolerance (${count} guardrail(s) × ${candidates} candidate(s), each interval at α/m = ${perInterval.toPrecision(2)}), every arm has at least ${experiment.analysis.minUnitsPerArm} units, and the split matches the weights`
}

/**
 * Says that the horizon is reached, when it is: `horizon_days`, or every gated comparison at the planned
 * units (a plan or `max_units_per_arm`, not the default tuning size).
 *
 * @param input - The verdict input.
 * @param comparisons - The comparisons.
 * @param plan - The resolved plan.
 * @returns The sentence, or undefined before the horizon.
 */
export function describeHorizon(
  input: VerdictInput,
  comparisons: readonly Comparison[],
  plan: Verdict['plan'],
): string | undefined {
  const { horizonDays } = input.experiment.analysis
  if (input.observedDays >= horizonDays) {
    return `undecided after ${input.observedDays} days, at the ${horizonDays}-day horizon: a person should decide`
  }
  const gated = comparisons.filter((comparison) => !comparison.nothingToGate)
  const reached = (c: Comparison) => Math.min(c.units.control, c.units.candidate) >= plan.unitsPerArm
  if (plan.source !== 'default' && gated.length > 0 && gated.every(reached)) {
    return `undecided at the planned ${plan.unitsPerArm} units per arm: a person should decide`
  }
  return undefined
}

/**
 * Says what the sample-ratio check found.
 *
 * @param srm - The check's result.
 * @returns A sentence naming the observed and expected units and the p-value.
 */
export function describeSampleRatioMismatch(srm: SrmResult): string {
  const observed = Object.entries(srm.observed)
    .map(([arm, units]) => `${arm} ${units}`)
    .join(', ')
  const expected = Object.entries(srm.expected)
    .map(([arm, units]) => `${arm} ${Math.round(units)}`)
    .join(', ')
  return `sample-ratio mismatch: observed ${observed} units, the weights predict ${expected} (χ² = ${srm.statistic.toFixed(1)}, p = ${formatP(srm.pValue)} < 0.001); the assignment or the data collection is broken, so no comparison can be trusted`
}

function formatDegradation(value: number, tolerance: Tolerance): string {
  if (!Number.isFinite(value)) return value > 0 ? '+∞' : '−∞'
  const sign = value > 0 ? '+' : ''
  if (tolerance.kind === 'relative') return `${sign}${(value * 100).toFixed(1)}%`
  if (tolerance.kind === 'threshold') return `${sign}${value.toPrecision(3)}`
  switch (tolerance.unit) {
    case 'pp':
      return `${sign}${(value * 100).toFixed(2)}pp`
    case 'ms':
      return `${sign}${value.toFixed(0)}ms`
    case 'usd':
      return `${sign}$${value.toPrecision(3)}`
    case 'points':
      return `${sign}${value.toPrecision(3)} points`
  }
}

function formatP(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : p.toPrecision(2)
}
