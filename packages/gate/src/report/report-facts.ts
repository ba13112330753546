import { SRM_P_THRESHOLD } from '@llm-canary/core'
import type { AnalysisReport } from '../types.ts'
import { describeP, formatCount, formatDays, formatRate } from './format-units.ts'

/**
 * The plain-text sentences both reports print about the sample-ratio check, the plan, the samples
 * still needed and the extraction. They hold raw arm names: the Markdown report escapes them whole,
 * the terminal report sanitises them.
 */

/** The sample-ratio check in one line. */
export interface SrmFact {
  /** True when p < 0.001: the split does not match the weights. */
  readonly mismatch: boolean
  /** E.g. `p = 0.52 (χ² = 0.41): control 4,960 (expected 4,960), candidate 1,240 (expected 1,240)`. */
  readonly text: string
}

/** One arm's progress toward the planned units per arm. */
export interface PlanProgress {
  readonly arm: string
  readonly units: number
  readonly planned: number
  /** units / planned; above 1 once the arm passed the plan (1 when nothing is planned). */
  readonly fraction: number
}

const PLAN_SOURCES = {
  input: 'from the experiment plan',
  max_units_per_arm: 'max_units_per_arm',
  default: 'default: 10 × min_units_per_arm, for tuning only',
} as const

/**
 * Describes the sample-ratio-mismatch check.
 *
 * @param report - The analysis report.
 * @returns Whether the split is broken and a line with the p-value and observed and expected units.
 */
export function describeSrm(report: AnalysisReport): SrmFact {
  const { srm } = report.verdict
  const arms = Object.entries(srm.observed).map(([arm, observed]) => {
    const expected = srm.expected[arm]
    return `${arm} ${formatCount(observed)}${expected === undefined ? '' : ` (expected ${formatCount(expected)})`}`
  })
  const statistic = Number.isFinite(srm.statistic) ? srm.statistic.toFixed(2) : String(srm.statistic)
  const observed = arms.length === 0 ? 'no traffic arm to check' : arms.join(', ')
  return {
    mismatch: srm.pValue < SRM_P_THRESHOLD,
    text: `${describeP(srm.pValue)} (χ² = ${statistic}; a mismatch is p < ${SRM_P_THRESHOLD}): ${observed}`,
  }
}

/**
 * Lists each arm's units against the planned units per arm the sequences were tuned for.
 *
 * @param report - The analysis report.
 * @returns One entry per arm, in report order.
 */
export function listPlanProgress(report: AnalysisReport): PlanProgress[] {
  const planned = report.verdict.plan.unitsPerArm
  return report.arms.map((arm) => ({
    arm: arm.arm,
    units: arm.units,
    planned,
    fraction: planned > 0 ? arm.units / planned : 1,
  }))
}

/**
 * Says where the planned units per arm came from.
 *
 * @param report - The analysis report.
 * @returns E.g. `2,400 sessions per arm (max_units_per_arm)`.
 */
export function describePlan(report: AnalysisReport): string {
  const { plan } = report.verdict
  return `${formatCount(plan.unitsPerArm)} ${report.experiment.unit}s per arm (${PLAN_SOURCES[plan.source]})`
}

/**
 * Formats one arm's progress as `n / planned (p%)`.
 *
 * @param progress - The arm's progress.
 * @returns E.g. `1,240 / 2,400 (51.7%)`.
 */
export function formatProgress(progress: PlanProgress): string {
  return `${formatCount(progress.units)} / ${formatCount(progress.planned)} (${formatRate(progress.fraction)})`
}

/**
 * Draws a progress bar of block characters.
 *
 * @param fraction - Share done, clamped to [0, 1].
 * @param cells - Bar length in characters.
 * @returns E.g. `██████░░░░` for 0.6 over 10 cells.
 */
export function drawProgressBar(fraction: number, cells = 20): string {
  const clamped = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0
  const done = Math.round(clamped * cells)
  return `${'█'.repeat(done)}${'░'.repeat(cells - done)}`
}

/**
 * Describes the units an undecided verdict still needs and when they should arrive.
 *
 * @param report - The analysis report.
 * @returns E.g. `candidate +1,160 sessions, control +0; ETA 2.3 days at the observed traffic`, or
 *   undefined when the verdict reports no need.
 */
export function describeSamplesNeeded(report: AnalysisReport): string | undefined {
  const needed = report.verdict.samplesNeeded
  if (needed === undefined) return undefined
  const unit = `${report.experiment.unit}s`
  const perArm = Object.entries(needed.perArm).map(([arm, more]) => `${arm} +${formatCount(more)} ${unit}`)
  const eta =
    needed.eta === undefined
      ? 'no ETA: the traffic rate is unknown'
      : Number.isFinite(needed.eta)
        ? `ETA ${formatDays(needed.eta)} at the observed traffic`
        : 'no ETA: an arm that needs more gets no traffic'
  return `${perArm.length === 0 ? 'no arm' : perArm.join(', ')}; ${eta}`
}

/**
 * Describes what the extraction read, in the numbers every report prints.
 *
 * @param report - The analysis report.
 * @returns E.g. `48,210 spans read, 12 skipped, 310 ignored; 24,800 LLM spans; 6,200 sessions`, plus
 *   `; 2 implausible values set aside` when there were any.
 */
export function describeExtraction(report: AnalysisReport): string {
  const e = report.extraction
  const implausible = e.implausibleValues ?? 0
  const setAside =
    implausible === 0
      ? ''
      : `; ${formatCount(implausible)} implausible ${implausible === 1 ? 'value' : 'values'} set aside`
  return `${formatCount(e.spansRead)} spans read, ${formatCount(e.spansSkipped)} skipped, ${formatCount(e.spansIgnored)} ignored; ${formatCount(e.llmSpans)} LLM spans; ${formatCount(e.units)} ${report.experiment.unit}s${setAside}`
}

/**
 * Describes the data window.
 *
 * @param report - The analysis report.
 * @returns E.g. `2026-05-01T00:00:00.000Z → 2026-05-04T00:00:00.000Z (3 days)`.
 */
export function describeWindow(report: AnalysisReport): string {
  const { since, until, observedDays } = report.window
  return `${since} → ${until} (${formatDays(observedDays)})`
}
