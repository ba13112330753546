import type { GuardrailStatus, VerdictStatus } from '@llm-canary/core'
import type { AnalysisReport } from '../types.ts'
import { rankAgentRegressions } from './agent-ranking.ts'
import { buildFigureRows, joinFigureCell } from './arm-figures.ts'
import { renderForestPlot } from './forest-plot.ts'
import { formatCount, formatMs, formatP, formatRate, formatUsd, MISSING, pluralize } from './format-units.ts'
import {
  describeSuspectedRegression,
  formatAdjustedP,
  formatEstimate,
  formatInterval,
  formatRule,
  labelGuardrailStatus,
  labelMetric,
  labelMetricShort,
} from './guardrail-format.ts'
import { escapeMarkdown as esc, escapeHtml, escapeMermaidLabel } from './markdown-escape.ts'
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
 * Where the data came from, in small print: experiment, unit, window, spans read and source. An empty
 * fetch is in bold.
 *
 * @param report - The analysis report.
 * @returns One paragraph.
 */
export function renderContext(report: AnalysisReport): string {
  const spans = `${formatCount(report.extraction.spansRead)} spans read from ${report.source}`
  const fetched = report.extraction.spansRead === 0 ? `**${esc(spans)}**` : esc(spans)
  // Inline HTML: GitHub still reads Markdown inside <sub>, so the values are Markdown-escaped.
  return `<sub>experiment ${esc(report.experiment.id)} · unit ${esc(report.experiment.unit)} · window ${esc(describeWindow(report))} · ${fetched}</sub>`
}

/**
 * Every guardrail × candidate in one text picture (forest-plot.ts), in a code block so GitHub keeps
 * the columns and a plain-text email shows the same.
 *
 * @param report - The analysis report.
 * @returns A fenced block, or an empty string without guardrails.
 */
export function renderForestPlotBlock(report: AnalysisReport): string {
  // Arm names keep letters, digits and a few signs: nothing in a code block can close it or carry HTML.
  const lines = renderForestPlot(report, { width: 80, safe: (arm) => escapeMermaidLabel(arm) })
  return lines.length === 0 ? '' : ['```text', ...lines, '```'].join('\n')
}

/**
 * The guardrail table (with an arm column only when there are several candidates), what the table's
 * symbols mean, and the notes: a suspected regression with the units that would settle it.
 *
 * @param report - The analysis report.
 * @returns A Markdown table, or a sentence when no guardrail is configured.
 */
export function renderGuardrailTable(report: AnalysisReport): string {
  const { guardrails, alpha } = report.verdict
  if (guardrails.length === 0) return 'No guardrails are configured.'
  const armColumn = new Set(guardrails.map((result) => result.arm)).size > 1
  const rows = guardrails.map((result) =>
    row([
      `${GUARDRAIL_EMOJI[result.status]} ${esc(labelGuardrailStatus(result.status))}`,
      esc(labelMetricShort(result.metric)),
      ...(armColumn ? [esc(result.arm)] : []),
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
    row(['status', 'guardrail', ...(armColumn ? ['arm'] : []), 'δ', 'interval', 'tolerance', 'p (Holm)']),
    row(['---', '---', ...(armColumn ? ['---'] : []), '---:', '---', '---', '---:']),
    ...rows,
    '',
    `<sub>δ: the candidate's degradation versus control, positive = worse; always-valid interval, each bound at α/m = ${esc(formatP(alpha.perInterval))}; p Holm-adjusted, family-wise α = ${esc(formatP(alpha.familyWise))}.</sub>`,
    ...(notes.length === 0 ? [] : ['', ...notes]),
  ].join('\n')
}

/**
 * What the data still needs to decide, and a broken split: the lines a reviewer acts on, above the fold.
 *
 * @param report - The analysis report.
 * @returns The "Still needed" and sample-ratio-mismatch lines, or an empty string when neither applies.
 */
export function renderNextSteps(report: AnalysisReport): string {
  const srm = describeSrm(report)
  const needed = describeSamplesNeeded(report)
  return [
    ...(srm.mismatch ? [`**Sample ratio:** 🚨 mismatch, ${esc(srm.text)}`] : []),
    ...(needed === undefined ? [] : [`**Still needed:** ${esc(needed)}`]),
  ].join('\n\n')
}

/**
 * The verdict's reasons as a list, collapsed: the headline says the main one.
 *
 * @param report - The analysis report.
 * @returns A `<details>` block, or an empty string without reasons.
 */
export function renderReasons(report: AnalysisReport): string {
  const { reasons } = report.verdict
  if (reasons.length === 0) return ''
  const shown = reasons.slice(0, MAX_REASONS).map((reason) => `- ${esc(reason)}`)
  const more = reasons.length - MAX_REASONS
  return details(
    `Why: ${formatCount(reasons.length)} ${pluralize(reasons.length, 'reason')}`,
    [...shown, ...(more > 0 ? [`- … and ${more} more`] : [])].join('\n'),
  )
}

/**
 * Progress toward the planned units per arm, the sample-ratio check and the samples still needed,
 * collapsed under a one-line summary.
 *
 * @param report - The analysis report.
 * @returns A `<details>` block with a bar per arm, then one line each for the SRM and the need.
 */
export function renderProgress(report: AnalysisReport): string {
  const srm = describeSrm(report)
  const needed = describeSamplesNeeded(report)
  const models = new Map(report.arms.map((arm) => [arm.arm, arm.model]))
  const progress = listPlanProgress(report)
  const rows = progress.map((entry) =>
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
  const summary = [
    `Progress: ${progress.length === 0 ? 'no arm has data' : progress.map((entry) => `${entry.arm} ${formatProgress(entry)}`).join(', ')}`,
    `sample ratio ${srm.mismatch ? 'MISMATCH' : 'ok'}`,
  ].join(' · ')
  return details(
    summary,
    [
      `Planned: ${esc(describePlan(report))}.`,
      '',
      ...table,
      '',
      `**Sample ratio:** ${srm.mismatch ? '🚨 mismatch' : 'ok'}, ${esc(srm.text)}`,
      ...(needed === undefined ? [] : ['', `**Still needed:** ${esc(needed)}`]),
    ].join('\n'),
  )
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
 * One interval-history chart per failing, suspected or undecided guardrail, collapsed: the forest plot
 * above says where each stands now; the charts say how it got there.
 *
 * @param report - The analysis report.
 * @returns A `<details>` block of charts, or an empty string when none has two looks to plot.
 */
export function renderHistoryCharts(report: AnalysisReport): string {
  const charted = report.verdict.guardrails
    .filter(
      (result) =>
        result.status === 'fail' ||
        result.status === 'suspected_regression' ||
        result.status === 'inconclusive',
    )
    .map((result) => ({ result, chart: renderIntervalChart(result, report.history) }))
    .filter((entry) => entry.chart !== undefined)
  if (charted.length === 0) return ''
  const names = charted.map(({ result }) => labelMetric(result.metric))
  return details(
    `Interval history: ${formatCount(charted.length)} ${pluralize(charted.length, 'chart')} (${[...new Set(names)].join(', ')})`,
    charted.map(({ chart }) => chart?.markdown ?? '').join('\n\n'),
  )
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
  return `<details><summary>${escapeSummary(summary)}</summary>\n\n${body}\n\n</details>`
}

/**
 * A summary line is raw HTML (GitHub reads no Markdown there, so backslash escapes would show), but
 * GitHub still turns `@name`, `#123` and bare URLs in its text into mentions and links: a zero-width
 * space after `@`, `#` and inside `://` keeps an arm name from doing so.
 */
function escapeSummary(text: string): string {
  return escapeHtml(text)
    .replace(/@/g, '@&#8203;')
    .replace(/#(?=\d)/g, '#&#8203;')
    .replace(/:\/\//g, ':&#8203;//')
    .replace(/\bwww\./gi, (match) => `${match.slice(0, 3)}&#8203;.`)
}
