import { GUARDRAIL_METRICS } from '../config/metrics.ts'
import type { Tolerance } from '../types.ts'
import type { GuardrailResult, SrmResult } from './verdict-types.ts'

/**
 * Sentences for `Verdict.reasons`. Internal to the verdict; reports format their own tables.
 */

/**
 * Says what a measured guardrail found, in the tolerance's unit.
 *
 * @param result - A guardrail result with an estimate and interval.
 * @param failRule - The experiment's fail rule; under `bound` the p-value is said to test the tolerance.
 * @returns E.g. `candidate: P95 latency degraded by +12.3% (always-valid interval +4.1% to +20.5%; tolerance 10%, Holm-adjusted p = 0.0031)`;
 *   under `bound`, `..., Holm-adjusted p = 0.0031 for H0: within the tolerance)`.
 */
export function describeGuardrail(result: GuardrailResult, failRule: 'estimate' | 'bound'): string {
  const label = GUARDRAIL_METRICS[result.metric].label
  const { tolerance } = result
  const head = `${result.arm}: ${label}`
  if (result.estimate === undefined || result.interval === undefined) {
    const note = result.note ?? 'no observations'
    return result.status === 'no_data'
      ? `${head} has no data (${note})`
      : `${head} cannot be decided: ${note}`
  }
  const interval = `always-valid interval ${formatDegradation(result.interval.lower, tolerance)} to ${formatDegradation(result.interval.upper, tolerance)}`
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
  return `${head} ${what} (${interval}${limit}${p})`
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
