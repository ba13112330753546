import type { GuardrailMetric, GuardrailResult, GuardrailStatus, Tolerance } from '@llm-canary/core'
import { GUARDRAIL_METRICS } from '@llm-canary/core'
import {
  formatP,
  formatPp,
  formatRelative,
  formatSignedMs,
  formatSignedScore,
  formatSignedUsd,
  MISSING,
} from './format-units.ts'

/**
 * How a guardrail's δ (the candidate's degradation, positive = worse) reads in reports: in the
 * tolerance's own unit (`+12.3%`, `+1.10pp`, `+120 ms`, `+$0.0012`, `+0.12 pts`), or, for a `min` /
 * `max` threshold, as the distance past it in the metric's unit.
 */

/** The part of a guardrail result that decides how its numbers read. */
export type GuardrailScale = Pick<GuardrailResult, 'metric' | 'tolerance'>

/**
 * Names a guardrail metric for people.
 *
 * @param metric - The metric key (`latency_p95_ms`).
 * @returns Core's report label, e.g. `P95 latency`.
 */
export function labelMetric(metric: GuardrailMetric): string {
  return GUARDRAIL_METRICS[metric].label
}

/**
 * Names a guardrail metric in few characters, for narrow tables: `P95 TTFT` for `P95 time to first token`.
 *
 * @param metric - The metric key.
 * @returns Core's label with "time to first token" shortened to "TTFT".
 */
export function labelMetricShort(metric: GuardrailMetric): string {
  return labelMetric(metric).replace('time to first token', 'TTFT')
}

/**
 * Formats a degradation δ on its guardrail's scale.
 *
 * @param value - δ, positive = worse.
 * @param scale - The guardrail's metric and tolerance.
 * @returns E.g. `+12.3%` (relative), `+1.10pp`, `+120 ms`, `-$0.0012`, `+0.12 pts`; `+∞` when unbounded.
 */
export function formatDegradation(value: number, scale: GuardrailScale): string {
  const unit = unitOfDegradation(scale)
  switch (unit) {
    case 'relative':
      return formatRelative(value)
    case 'pp':
      return formatPp(value)
    case 'ms':
      return formatSignedMs(value)
    case 'usd':
      return formatSignedUsd(value)
    case 'points':
      return formatSignedScore(value, 'pts')
  }
}

/**
 * Formats a guardrail's always-valid interval.
 *
 * @param result - The guardrail result.
 * @returns E.g. `[+4.1%, +20.5%]`; `—` without data.
 */
export function formatInterval(result: GuardrailResult): string {
  if (result.interval === undefined) return MISSING
  return `[${formatDegradation(result.interval.lower, result)}, ${formatDegradation(result.interval.upper, result)}]`
}

/**
 * Formats a guardrail's estimate δ̂.
 *
 * @param result - The guardrail result.
 * @returns E.g. `+12.3%`; `—` without data.
 */
export function formatEstimate(result: GuardrailResult): string {
  return result.estimate === undefined ? MISSING : formatDegradation(result.estimate, result)
}

/**
 * Formats a guardrail's rule as the experiment file writes it.
 *
 * @param result - The guardrail result (bound and tolerance).
 * @returns E.g. `max_increase 10%`, `min 0.90`.
 */
export function formatRule(result: Pick<GuardrailResult, 'bound' | 'tolerance'>): string {
  return `${result.bound} ${result.tolerance.text}`
}

/**
 * Formats a guardrail's Holm-adjusted p-value.
 *
 * @param result - The guardrail result.
 * @returns E.g. `0.0031`; `—` without data.
 */
export function formatAdjustedP(result: GuardrailResult): string {
  return result.adjustedPValue === undefined ? MISSING : formatP(result.adjustedPValue)
}

/**
 * Names a guardrail status for people.
 *
 * @param status - The status.
 * @returns `pass`, `FAIL`, `SUSPECTED REGRESSION`, `undecided` or `no data`.
 */
export function labelGuardrailStatus(status: GuardrailStatus): string {
  switch (status) {
    case 'pass':
      return 'pass'
    case 'fail':
      return 'FAIL'
    case 'suspected_regression':
      return 'SUSPECTED REGRESSION'
    case 'inconclusive':
      return 'undecided'
    case 'no_data':
      return 'no data'
  }
}

/**
 * Says what a suspected regression is, from its code: δ̂, the interval, the tolerance and the units per arm
 * that should settle it.
 *
 * @param result - A guardrail result with status `suspected_regression`.
 * @returns E.g. `suspected regression: +32.0% [+2.1%, +61.9%] against the tolerance 20%, significantly worse
 *   than control but not yet significantly beyond the tolerance; about 1,200 more units per arm would settle it`.
 */
export function describeSuspectedRegression(result: GuardrailResult): string {
  const needs = Object.values(result.unitsNeeded ?? {})
  const most = needs.length === 0 ? undefined : Math.max(...needs)
  const settle =
    most === undefined ? '' : `; about ${most.toLocaleString('en-US')} more units per arm would settle it`
  return `suspected regression: ${formatEstimate(result)} ${formatInterval(result)} against the tolerance ${result.tolerance.text}, significantly worse than control but not yet significantly beyond the tolerance${settle}`
}

/** The unit a degradation is shown in. */
export type DegradationUnit = 'relative' | 'pp' | 'ms' | 'usd' | 'points'

/**
 * Tells which unit a guardrail's δ is shown in: the tolerance's, or for a threshold the metric's own
 * (fractions in percentage points).
 *
 * @param scale - The guardrail's metric and tolerance.
 * @returns The unit.
 */
export function unitOfDegradation(scale: GuardrailScale): DegradationUnit {
  const tolerance: Tolerance = scale.tolerance
  if (tolerance.kind === 'relative') return 'relative'
  if (tolerance.kind === 'absolute') return tolerance.unit
  switch (GUARDRAIL_METRICS[scale.metric].valueUnit) {
    case 'fraction':
      return 'pp'
    case 'ms':
      return 'ms'
    case 'usd':
      return 'usd'
    case 'points':
      return 'points'
  }
}

/**
 * Converts δ to the number a chart plots: percent for relative changes and percentage points, the raw
 * value otherwise.
 *
 * @param value - δ.
 * @param scale - The guardrail's metric and tolerance.
 * @returns The value in the chart's unit (see `chartAxisUnit`).
 */
export function scaleForChart(value: number, scale: GuardrailScale): number {
  const unit = unitOfDegradation(scale)
  return unit === 'relative' || unit === 'pp' ? value * 100 : value
}

/**
 * Names the unit `scaleForChart` returns.
 *
 * @param scale - The guardrail's metric and tolerance.
 * @returns `%`, `pp`, `ms`, `USD` or `points`.
 */
export function chartAxisUnit(scale: GuardrailScale): string {
  const unit = unitOfDegradation(scale)
  switch (unit) {
    case 'relative':
      return '%'
    case 'pp':
      return 'pp'
    case 'ms':
      return 'ms'
    case 'usd':
      return 'USD'
    case 'points':
      return 'points'
  }
}
