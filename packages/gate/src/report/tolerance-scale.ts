import type { GuardrailResult } from '@llm-canary/core'
import type { AnalysisReport } from '../types.ts'
import { readFigure } from './agent-ranking.ts'
import { findArmRow } from './arm-row.ts'
import { findControlArmName } from './verdict-summary.ts'

/**
 * The forest plot's common axis: every guardrail's δ in units of its own tolerance, so 0 = as good as
 * control and 1 = at the tolerance whatever the metric. A `%`, pp, ms, $ or points tolerance divides δ by
 * the tolerance. A `min` / `max` threshold has no tolerance to divide by (δ is the distance past the
 * threshold, limit 0), so its unit is control's own margin inside the threshold: x = 1 + δ / margin puts
 * control's value at 0 and the threshold at 1, the same reading as the others ("the candidate used up
 * 2.2× the room control had"). Display only: the verdict never reads these numbers.
 */

/** How one guardrail's δ maps to the common axis: x = origin + δ / unit. */
export type ToleranceScale =
  | { readonly ok: true; readonly origin: 0 | 1; readonly unit: number }
  | {
      readonly ok: false
      /** Why the guardrail cannot be drawn on the common axis, in a few words. */
      readonly why: string
    }

/**
 * Finds the scale of a guardrail on the common axis.
 *
 * @param result - The guardrail result.
 * @param controlValue - Control's value of the metric (only a threshold needs it).
 * @returns The scale, or why there is none: a tolerance of 0, or a threshold that control itself does
 *   not keep (or whose control value is unknown).
 */
export function findToleranceScale(
  result: GuardrailResult,
  controlValue: number | undefined,
): ToleranceScale {
  const { tolerance } = result
  if (tolerance.kind !== 'threshold') {
    return tolerance.value > 0
      ? { ok: true, origin: 0, unit: tolerance.value }
      : { ok: false, why: 'tolerance 0' }
  }
  if (controlValue === undefined || !Number.isFinite(controlValue))
    return { ok: false, why: 'control unmeasured' }
  const margin = result.bound === 'min' ? controlValue - tolerance.value : tolerance.value - controlValue
  return margin > 0 ? { ok: true, origin: 1, unit: margin } : { ok: false, why: 'control past it too' }
}

/**
 * Finds the scale of every guardrail of a report, reading control's figures for thresholds.
 *
 * @param report - The analysis report.
 * @returns One scale per entry of `report.verdict.guardrails`, in the same order.
 */
export function findReportScales(report: AnalysisReport): ToleranceScale[] {
  const controlName = findControlArmName(report)
  const control = findArmRow(report.arms, controlName)
  return report.verdict.guardrails.map((result) =>
    findToleranceScale(result, control === undefined ? undefined : readFigure(control, result.metric)),
  )
}

/**
 * Converts δ to the common axis.
 *
 * @param delta - δ on the guardrail's scale (±Infinity for an unbounded side stays infinite).
 * @param scale - A scale found by `findToleranceScale`.
 * @returns x, where 0 = control and 1 = the tolerance.
 */
export function toToleranceUnits(delta: number, scale: Extract<ToleranceScale, { ok: true }>): number {
  return scale.origin + delta / scale.unit
}
