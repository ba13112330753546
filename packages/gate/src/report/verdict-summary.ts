import type { GuardrailResult, VerdictStatus } from '@llm-canary/core'
import { SRM_P_THRESHOLD } from '@llm-canary/core'
import type { AnalysisReport } from '../types.ts'
import { describeP, formatCount, formatDays, pluralize } from './format-units.ts'
import { describeSuspectedRegression, formatEstimate, formatRule, labelMetric } from './guardrail-format.ts'

/** The verdict as the first line of every report says it. */
export interface VerdictSummary {
  readonly status: VerdictStatus
  /** `PASS`, `FAIL`, `INCONCLUSIVE` or `REVIEW`. */
  readonly label: string
  /** One plain-text line (no markup) saying the main reason; holds raw names, so escape it for Markdown. */
  readonly reason: string
  /** True when nothing was fetched or no arm has a unit: the reports then say so loudly. */
  readonly noData: boolean
}

/**
 * Says the verdict in one line: its status and the main reason, in words a reviewer reads first.
 * A report whose fetch came back empty says so in the reason whatever the status, so a pass can never
 * hide an empty fetch.
 *
 * @param report - The analysis report.
 * @returns The status, its label, the one-line reason and whether there was no data at all.
 * @example
 * summarizeVerdict(report) // { status: 'fail', label: 'FAIL', reason: 'candidate: P95 latency +25.1% ...', noData: false }
 */
export function summarizeVerdict(report: AnalysisReport): VerdictSummary {
  const { status } = report.verdict
  const noData = report.extraction.spansRead === 0 || report.arms.every((arm) => arm.units === 0)
  const reason = describeMainReason(report, noData)
  const emptyFetch = report.extraction.spansRead === 0 && !reason.startsWith('no data')
  return {
    status,
    label: status.toUpperCase(),
    reason: emptyFetch ? `${reason} (0 spans read from ${report.source})` : reason,
    noData,
  }
}

/**
 * Names the arm the candidates are compared with: the one called `control` (core's rule), else the first.
 *
 * @param report - The analysis report.
 * @returns The control arm's name, or undefined when the experiment lists no arm.
 */
export function findControlArmName(report: AnalysisReport): string | undefined {
  const names = report.experiment.arms.map((arm) => arm.name)
  return names.includes('control') ? 'control' : names[0]
}

function describeMainReason(report: AnalysisReport, noData: boolean): string {
  const { verdict } = report
  switch (verdict.status) {
    case 'fail':
      return describeFailure(verdict.guardrails)
    case 'review':
      if (verdict.srm.pValue < SRM_P_THRESHOLD)
        return `sample-ratio mismatch (${describeP(verdict.srm.pValue)}): the split does not match the weights`
      if (verdict.cause === 'suspected_regression') return describeSuspected(verdict.guardrails)
      return firstLine(verdict.reasons[0] ?? 'a person should decide')
    case 'pass':
      return describePass(report)
    case 'inconclusive':
      return noData ? describeNoData(report) : describeUndecided(report)
  }
}

function describeFailure(guardrails: readonly GuardrailResult[]): string {
  const failed = guardrails.filter((result) => result.status === 'fail')
  const [first] = failed
  if (first === undefined) return 'a guardrail failed'
  const head = `${first.arm}: ${labelMetric(first.metric)} ${formatEstimate(first)}, beyond ${formatRule(first)}`
  const more = failed.length - 1
  return more > 0 ? `${head}, and ${more} more ${pluralize(more, 'guardrail')} failed` : head
}

function describeSuspected(guardrails: readonly GuardrailResult[]): string {
  const first = guardrails.find((result) => result.status === 'suspected_regression')
  if (first === undefined) return 'a suspected regression: a person should decide'
  return `${first.arm}: ${labelMetric(first.metric)} ${describeSuspectedRegression(first)}`
}

function describePass(report: AnalysisReport): string {
  const { guardrails } = report.verdict
  if (guardrails.length === 0) return firstLine(report.verdict.reasons[0] ?? 'no guardrails are configured')
  const candidates = [...new Set(guardrails.map((result) => result.arm))]
  const minUnits = Math.min(...guardrails.map((r) => Math.min(r.units.control, r.units.candidate)))
  const units = `, at least ${formatCount(minUnits)} ${report.experiment.unit}s per arm`
  const count = guardrails.length
  return `${count} ${pluralize(count, 'guardrail')} within tolerance for ${candidates.join(', ')}${units}`
}

function describeNoData(report: AnalysisReport): string {
  const { spansRead } = report.extraction
  return spansRead === 0
    ? `no data: 0 spans read from ${report.source}, nothing to analyse`
    : `no data: ${formatCount(spansRead)} spans read but no ${report.experiment.unit} of this experiment found`
}

function describeUndecided(report: AnalysisReport): string {
  const { guardrails, samplesNeeded } = report.verdict
  const measured = guardrails.filter((result) => result.estimate !== undefined)
  const undecided = guardrails.filter(
    (result) => result.status === 'inconclusive' || result.status === 'no_data',
  )
  const head =
    measured.length === 0
      ? firstLine(report.verdict.reasons[0] ?? 'no guardrail has data yet')
      : `${undecided.length} of ${guardrails.length} ${pluralize(guardrails.length, 'guardrail')} undecided`
  const most = samplesNeeded === undefined ? 0 : Math.max(0, ...Object.values(samplesNeeded.perArm))
  if (samplesNeeded === undefined || most === 0) return head
  const eta =
    samplesNeeded.eta === undefined || !Number.isFinite(samplesNeeded.eta)
      ? ''
      : ` (ETA ${formatDays(samplesNeeded.eta)})`
  return `${head}; needs up to ${formatCount(most)} more ${report.experiment.unit}s per arm${eta}`
}

function firstLine(text: string): string {
  return text.split(/\r?\n/, 1)[0] ?? ''
}
