import type { GuardrailStatus, VerdictStatus } from '@llm-canary/core'
import type { AnalysisReport } from '../types.ts'
import { rankAgentRegressions } from './agent-ranking.ts'
import { buildFigureRows, joinFigureCell } from './arm-figures.ts'
import { formatCount, formatMs, formatP, formatRate, formatUsd, MISSING, pluralize } from './format-units.ts'
import {
  describeSuspectedRegression,
  formatAdjustedP,
  formatEstimate,
  formatInterval,
  formatRule,
  labelGuardrailStatus,
  labelMetric,
} from './guardrail-format.ts'
import { escapeMarkdown as esc, escapeHtml } from './markdown-escape.ts'
import { renderIntervalChart } from './mermaid-chart.ts'
import {
  describeExtraction,
  describePlan,
  describeSamplesNeeded,
  describeSrm,
  describeWindow,
  drawProgressBar,
  formatProgress,
  listPlanProgress,
} from './report-facts.ts'
import { findControlArmName, summarizeVerdict } from './verdict-summary.ts'

/**
 * The sections of the Markdown report, each a self-contained block. Every value from spans or the
 * experiment file goes through `escapeMarkdown`; formatted numbers do too, so `$` never opens math.
 */

const VERDICT_EMOJI: Readonly<Record<VerdictStatus, string>> = {
  pass: '✅',
  fail: '❌',
  inconclusive: '⏳',
  review: '👀',
}

const GUARDRAIL_EMOJI: Readonly<Record<GuardrailStatus, string>> = {
  pass: '✅',
  fail: '❌',
  suspected_regression: '⚠️',
  inconclusive: '⏳',
  no_data: '⚪',
}

/** Reasons listed under "Why"; the rest are counted. */
const MAX_REASONS = 10

/**
 * The first line: emoji, status and the main reason.
 *
 * @param report - The analysis report.
 * @returns E.g. `## ❌ FAIL — candidate: P95 latency +25.1%, beyond max\_increase 10%`.
 */
export function renderHeadline(report: AnalysisReport): string {
  const summary = summarizeVerdict(report)
  return `## ${VERDICT_EMOJI[summary.status]} ${summary.label} — ${esc(summary.reason)}`
}

/**
 * The line under the headline: experiment, unit, window, spans read and source.
 *
 * @param report - The analysis report.
 * @returns One paragraph.
 */
export function renderContext(report: AnalysisReport): string {
  const spans = `${formatCount(report.extraction.spansRead)} spans read from ${report.source}`
  const fetched = report.extraction.spansRead === 0 ? `**${esc(spans)}**` : esc(spans)
  // A trailing backslash is CommonMark's hard line break: two lines, one paragraph.
  return [
    `**llm-canary** · experiment **${esc(report.experiment.id)}** · unit ${esc(report.experiment.unit)}\\`,
    `window ${esc(describeWindow(report))} · ${fetched}`,
  ].join('\n')
}

/**
 * The guardrail table with its notes.
 *
 * @param report - The analysis report.
 * @returns A Markdown table, or a sentence when no guardrail is configured.
 */
export function renderGuardrailTable(report: AnalysisReport): string {
  const { guardrails, alpha } = report.verdict
  if (guardrails.length === 0) return '### Guardrails\n\nNo guardrails are configured.'
  const rows = guardrails.map((result) =>
    row([
      `${GUARDRAIL_EMOJI[result.status]} ${esc(labelGuardrailStatus(result.status))}`,
      esc(labelMetric(result.metric)),
      esc(result.arm),
      esc(formatEstimate(result)),
      esc(formatInterval(result)),
      esc(formatRule(result)),
      esc(formatAdjustedP(result)),
    ]),
  )
  const notes = guardrails
    .filter((result) => result.note !== undefined || result.status === 'suspected_regression')
    .map(
      (result) =>
        `- ${esc(labelMetric(result.metric))} (${esc(result.arm)}): ${esc(result.status === 'suspected_regression' ? describeSuspectedRegression(result) : (result.note ?? ''))}`,
    )
  return [
    '### Guardrails',
    '',
    `δ is the candidate's degradation versus control (positive = worse), with an always-valid interval at α/m = ${esc(formatP(alpha.perInterval))} and a Holm-adjusted p-value (family-wise α = ${esc(formatP(alpha.familyWise))}).`,
    '',
    row(['status', 'metric', 'arm', 'δ', 'always-valid interval', 'tolerance', 'p (Holm)']),
    row(['---', '---', '---', '---:', '---', '---', '---:']),
    ...rows,
    ...(notes.length === 0 ? [] : ['', ...notes]),
  ].join('\n')
}

/**
 * The verdict's reasons as a list.
 *
 * @param report - The analysis report.
 * @returns A "Why" list, or an empty string without reasons.
 */
export function renderReasons(report: AnalysisReport): string {
  const { reasons } = report.verdict
  if (reasons.length === 0) return ''
  const shown = reasons.slice(0, MAX_REASONS).map((reason) => `- ${esc(reason)}`)
  const more = reasons.length - MAX_REASONS
  return ['**Why**', '', ...shown, ...(more > 0 ? [`- … and ${more} more`] : [])].join('\n')
}

/**
 * Progress toward the planned units per arm, the sample-ratio check and the samples still needed.
 *
 * @param report - The analysis report.
 * @returns A table with a bar per arm, then one line each for the SRM and the need.
 */
export function renderProgress(report: AnalysisReport): string {
  const srm = describeSrm(report)
  const needed = describeSamplesNeeded(report)
  const models = new Map(report.arms.map((arm) => [arm.arm, arm.model]))
  const rows = listPlanProgress(report).map((entry) =>
    row([
      esc(entry.arm),
      esc(models.get(entry.arm) ?? MISSING),
      drawProgressBar(entry.fraction),
      esc(formatProgress(entry)),
    ]),
  )
  const table =
    rows.length === 0
      ? ['No arm has data yet.']
      : [
          row(['arm', 'model', 'progress', `${report.experiment.unit}s / planned`]),
          row(['---', '---', '---', '---:']),
          ...rows,
        ]
  return [
    '### Progress',
    '',
    `Planned: ${esc(describePlan(report))}.`,
    '',
    ...table,
    '',
    `**Sample ratio:** ${srm.mismatch ? '🚨 mismatch' : 'ok'}, ${esc(srm.text)}`,
    ...(needed === undefined ? [] : ['', `**Still needed:** ${esc(needed)}`]),
  ].join('\n')
}

/**
 * The per-arm figures in a collapsed block.
 *
 * @param report - The analysis report.
 * @returns A `<details>` block, or an empty string without arms.
 */
export function renderArmFigures(report: AnalysisReport): string {
  if (report.arms.length === 0) return ''
  const rows = buildFigureRows(report.arms, findControlArmName(report), report.experiment.unit)
  return details(
    'Per-arm figures (changes versus control are point estimates)',
    [
      row(['', ...report.arms.map((arm) => esc(arm.arm))]),
      row(['---', ...report.arms.map(() => '---:')]),
      ...rows.map((figure) =>
        row([esc(figure.label), ...figure.cells.map((cell) => esc(joinFigureCell(cell)))]),
      ),
    ].join('\n'),
  )
}

/**
 * The per-agent breakdown, worst regressions first, in a collapsed block.
 *
 * @param report - The analysis report.
 * @param maxAgents - Rows listed; the rest are counted.
 * @returns A `<details>` block, or an empty string without agents.
 */
export function renderAgentBreakdown(report: AnalysisReport, maxAgents: number): string {
  if (report.agents.length === 0) return ''
  const ranked = rankAgentRegressions(report)
  if (ranked.length === 0) return ''
  const beyond = ranked.filter((entry) => (entry.worst?.severity ?? 0) >= 1).length
  const shown = ranked.slice(0, Math.max(0, maxAgents)).map(({ agent, worst }) => {
    const worstText = worst === undefined ? MISSING : `${labelMetric(worst.metric)} ${worst.text}`
    return row([
      esc(agent.agent),
      esc(agent.arm),
      esc(agent.servedModel ?? MISSING),
      esc(formatCount(agent.calls)),
      esc(agent.errorRate === undefined ? MISSING : formatRate(agent.errorRate)),
      esc(agent.latencyMs === undefined ? MISSING : formatMs(agent.latencyMs.p95)),
      esc(agent.costPerCallUsd === undefined ? MISSING : formatUsd(agent.costPerCallUsd)),
      esc(agent.accuracy === undefined ? MISSING : formatRate(agent.accuracy)),
      worst !== undefined && worst.severity >= 1 ? `**▲ ${esc(worstText)}**` : esc(worstText),
    ])
  })
  const hidden = ranked.length - shown.length
  const summary = `Per-agent breakdown: ${formatCount(ranked.length)} agent ${pluralize(ranked.length, 'row')}, worst first${
    beyond > 0 ? `, ${formatCount(beyond)} beyond a tolerance` : ''
  }`
  return details(
    summary,
    [
      'Each candidate agent against the same agent in control (point estimates, not tests; ▲ = beyond the tolerance).',
      '',
      row([
        'agent',
        'arm',
        'model',
        'calls',
        'errors',
        'P95 latency',
        'cost/call',
        'accuracy',
        'worst change',
      ]),
      row(['---', '---', '---', '---:', '---:', '---:', '---:', '---:', '---']),
      ...shown,
      ...(hidden > 0 ? ['', `… ${formatCount(hidden)} more agent rows in the JSON report.`] : []),
    ].join('\n'),
  )
}

/**
 * One interval-history chart per failing or undecided guardrail.
 *
 * @param report - The analysis report.
 * @returns The charts under a heading, or an empty string when none has two looks to plot.
 */
export function renderHistoryCharts(report: AnalysisReport): string {
  const charts = report.verdict.guardrails
    .filter(
      (result) =>
        result.status === 'fail' ||
        result.status === 'suspected_regression' ||
        result.status === 'inconclusive',
    )
    .map((result) => renderIntervalChart(result, report.history))
    .filter((chart) => chart !== undefined)
  if (charts.length === 0) return ''
  return [
    '### Interval history',
    '',
    ...charts
      .map((chart) => chart.markdown)
      .join('\n\n')
      .split('\n'),
  ].join('\n')
}

/**
 * The extraction's numbers, always printed so an empty fetch shows.
 *
 * @param report - The analysis report.
 * @returns One line.
 */
export function renderExtractionLine(report: AnalysisReport): string {
  const warnings = report.extraction.warnings.length
  const line = `**Extraction:** ${esc(describeExtraction(report))}; ${formatCount(warnings)} ${pluralize(warnings, 'warning')}`
  return report.extraction.spansRead === 0
    ? `${line}\n\n> [!WARNING]\n> No spans were fetched: nothing was analysed.`
    : line
}

/**
 * The extraction's warnings in a collapsed block.
 *
 * @param report - The analysis report.
 * @param maxWarnings - Warnings listed; the rest are counted.
 * @returns A `<details>` block, or an empty string without warnings.
 */
export function renderWarnings(report: AnalysisReport, maxWarnings: number): string {
  const { warnings } = report.extraction
  if (warnings.length === 0) return ''
  const shown = warnings.slice(0, Math.max(0, maxWarnings)).map((warning) => `- ${esc(warning)}`)
  const hidden = warnings.length - shown.length
  return details(
    `${formatCount(warnings.length)} extraction ${pluralize(warnings.length, 'warning')}`,
    [...shown, ...(hidden > 0 ? [`- … ${formatCount(hidden)} more in the JSON report`] : [])].join('\n'),
  )
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`
}

function details(summary: string, body: string): string {
  return `<details><summary>${escapeHtml(summary)}</summary>\n\n${body}\n\n</details>`
}
