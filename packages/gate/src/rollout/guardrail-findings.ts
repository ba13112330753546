import type { GuardrailMetric, GuardrailStatus } from '@llm-canary/core'
import { formatEstimate, formatInterval, formatRule, labelMetric } from '../report/guardrail-format.ts'
import type { AnalysisReport } from '../types.ts'
import { locateExperimentLines } from './experiment-lines.ts'

/** A failing guardrail, located on the line of the experiment file that sets it. */
export interface GuardrailFinding {
  readonly metric: GuardrailMetric
  /** The candidate arm. */
  readonly arm: string
  readonly status: GuardrailStatus
  /** 1-based line of `guardrails.<metric>` (else of `guardrails:`, else 1). */
  readonly line: number
  /** One plain-text line (raw names): metric, arm, estimate, interval and tolerance. */
  readonly message: string
}

/**
 * Lists the guardrails a report fails, each on the line of the experiment file where its tolerance is
 * written, for annotations on that line.
 *
 * @param report - The analysis report.
 * @param experimentText - The experiment file's text (at the commit the annotations point at).
 * @returns One finding per failing guardrail and candidate, in report order.
 * @example
 * findFailingGuardrails(report, text)[0] // { metric: 'latency_p95_ms', line: 12, message: 'P95 latency ...' }
 */
export function findFailingGuardrails(report: AnalysisReport, experimentText: string): GuardrailFinding[] {
  const lines = locateExperimentLines(experimentText)
  return report.verdict.guardrails
    .filter((result) => result.status === 'fail')
    .map((result) => ({
      metric: result.metric,
      arm: result.arm,
      status: result.status,
      line: lines.guardrails.get(result.metric) ?? lines.guardrailsKey ?? 1,
      message: `${labelMetric(result.metric)} of ${result.arm}: δ ${formatEstimate(result)}, always-valid interval ${formatInterval(result)}, beyond the tolerance ${formatRule(result)}`,
    }))
}
