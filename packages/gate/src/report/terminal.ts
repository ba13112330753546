import type { VerdictStatus } from '@llm-canary/core'
import type { AnalysisReport } from '../types.ts'
import type { AgentRegression } from './agent-ranking.ts'
import { rankAgentRegressions } from './agent-ranking.ts'
import { buildFigureRows, joinFigureCell } from './arm-figures.ts'
import { renderForestPlot } from './forest-plot.ts'
import { formatCount, formatMs, formatP, formatRate, formatUsd, MISSING } from './format-units.ts'
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
import {
  describeExtraction,
  describePlan,
  describeSamplesNeeded,
  describeSrm,
  describeWindow,
  formatProgress,
  listPlanProgress,
} from './report-facts.ts'
import type { ReportStyle } from './terminal-style.ts'
import { createReportStyle, guardrailStatusStyle, sanitizeTerminalText } from './terminal-style.ts'
import type { TextCell } from './text-table.ts'
import { renderTextTable, wrapText } from './text-table.ts'
import { findControlArmName, summarizeVerdict } from './verdict-summary.ts'

/** Options of `renderTerminal`. */
export interface TerminalOptions {
  /** Emit ANSI colours; off by default. */
  readonly color?: boolean
  /** Widest a line may be, in characters (default 100, at least 40): prose wraps, table columns shrink. */
  readonly width?: number
  /** Agents listed in the per-agent breakdown, worst first (default 10). */
  readonly maxAgents?: number
  /** Extraction warnings listed (default 20); the count of the rest is printed. */
  readonly maxWarnings?: number
}

const DEFAULT_WIDTH = 100
const DEFAULT_MAX_AGENTS = 10
const DEFAULT_MAX_WARNINGS = 20
const INDENT = '  '
/** The forest plot is no wider than this, however wide the terminal: past it the columns only spread. */
const PLOT_MAX_WIDTH = 100

interface Context {
  readonly report: AnalysisReport
  readonly style: ReportStyle
  readonly width: number
  readonly safe: (text: string) => string
}

/**
 * Renders an analysis report for a terminal: the verdict and its main reason on the first line, then
 * the forest plot of every guardrail against its tolerance, the guardrail table with its always-valid
 * intervals, where the data came from (experiment, window, spans fetched), the reasons, the per-arm
 * figures, the worst agents, the sample-ratio check, the plan and samples still needed, and the
 * extraction. Colour is optional: without it the text says everything. Text from spans or the experiment
 * file is stripped of control characters.
 *
 * @param report - The analysis report.
 * @param options - Colour (off by default), width, and how many agents and warnings to list.
 * @returns The report, lines joined with `\n`, ending with a newline.
 * @example
 * process.stdout.write(renderTerminal(report, { color: process.stdout.isTTY, width: process.stdout.columns }))
 */
export function renderTerminal(report: AnalysisReport, options: TerminalOptions = {}): string {
  const context: Context = {
    report,
    style: createReportStyle(options.color ?? false),
    width: Math.max(40, options.width ?? DEFAULT_WIDTH),
    safe: sanitizeTerminalText,
  }
  const sections = [
    renderHeadline(context),
    renderPlot(context),
    renderGuardrails(context),
    renderContext(context),
    renderReasons(context),
    renderArms(context),
    renderAgents(context, options.maxAgents ?? DEFAULT_MAX_AGENTS),
    renderProgress(context),
    renderExtraction(context, options.maxWarnings ?? DEFAULT_MAX_WARNINGS),
  ]
  return `${sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n'))
    .join('\n\n')}\n`
}

function renderHeadline(context: Context): string[] {
  const { report, style, safe, width } = context
  const summary = summarizeVerdict(report)
  const label = paintStatus(summary.status, summary.label, style)
  const [first = '', ...rest] = wrapText(`${summary.label}  ${safe(summary.reason)}`, width, INDENT)
  return [`${label}${first.slice(summary.label.length)}`, ...rest]
}

function renderPlot(context: Context): string[] {
  const { report, style, safe, width } = context
  const lines = renderForestPlot(report, {
    width: Math.min(width, PLOT_MAX_WIDTH),
    indent: INDENT,
    style,
    safe,
  })
  if (lines.length === 0) return []
  const title = `${style.bold('Guardrails against their tolerances')}${style.dim('  (each scaled to its own: 0 = control, 1 = the tolerance)')}`
  return [...wrapText(title, width, INDENT), ...lines]
}

function renderContext(context: Context): string[] {
  const { report, style, safe, width } = context
  const summary = summarizeVerdict(report)
  const experiment = `experiment ${style.bold(safe(report.experiment.id))} · unit ${safe(report.experiment.unit)}`
  const fetched = `${formatCount(report.extraction.spansRead)} spans read from ${safe(report.source)}`
  return [
    ...wrapText(experiment, width, INDENT),
    ...wrapText(`window ${safe(describeWindow(report))}`, width, INDENT),
    ...wrapText(summary.noData ? style.red(fetched) : fetched, width, INDENT),
  ]
}

function renderReasons(context: Context): string[] {
  const { reasons } = context.report.verdict
  if (reasons.length === 0) return []
  const lines = [context.style.bold('Why')]
  for (const reason of reasons)
    lines.push(...wrapText(`${INDENT}- ${context.safe(reason)}`, context.width, '    '))
  return lines
}

function renderArms(context: Context): string[] {
  const { report, style, safe } = context
  if (report.arms.length === 0) return [style.bold('Arms'), `${INDENT}no arm has data`]
  const rows = buildFigureRows(report.arms, findControlArmName(report), safe(report.experiment.unit))
  return [
    style.bold('Arms') +
      style.dim('  (changes versus control are point estimates; the guardrails test them)'),
    ...renderTextTable({
      columns: [
        { header: '' },
        ...report.arms.map((arm) => ({ header: safe(arm.arm), align: 'right' as const, flexible: true })),
      ],
      rows: rows.map((row) => [row.label, ...row.cells.map((cell) => safe(joinFigureCell(cell)))]),
      indent: INDENT,
      width: context.width,
      headerStyle: style.bold,
    }),
  ]
}

function renderGuardrails(context: Context): string[] {
  const { report, style, safe } = context
  const { guardrails, alpha } = report.verdict
  const arms = [...new Set(guardrails.map((result) => result.arm))]
  // With one candidate its name goes in the title, leaving the width to the numbers.
  const armColumn = arms.length > 1
  const title = `${style.bold(armColumn ? 'Guardrails' : `Guardrails of ${safe(arms[0] ?? '')}`)}${style.dim(
    `  (δ = degradation versus control, positive = worse; always-valid intervals at α/m = ${formatP(alpha.perInterval)}; Holm-adjusted p)`,
  )}`
  if (guardrails.length === 0) return [style.bold('Guardrails'), `${INDENT}no guardrails are configured`]
  return [
    ...wrapText(title, context.width, INDENT),
    ...renderTextTable({
      columns: [
        { header: 'metric' },
        ...(armColumn ? [{ header: 'arm', flexible: true }] : []),
        { header: 'δ', align: 'right' },
        { header: 'interval' },
        { header: 'tolerance' },
        { header: 'p (Holm)', align: 'right' },
        { header: 'status' },
      ],
      rows: guardrails.map((result) => [
        labelMetricShort(result.metric),
        ...(armColumn ? [safe(result.arm)] : []),
        formatEstimate(result),
        formatInterval(result),
        safe(formatRule(result)),
        formatAdjustedP(result),
        { text: labelGuardrailStatus(result.status), style: guardrailStatusStyle(result.status, style) },
      ]),
      indent: INDENT,
      width: context.width,
      headerStyle: style.dim,
    }),
    ...guardrails
      .filter((result) => result.note !== undefined || result.status === 'suspected_regression')
      .flatMap((result) =>
        wrapText(
          `${INDENT}${labelMetric(result.metric)} (${safe(result.arm)}): ${safe(result.status === 'suspected_regression' ? describeSuspectedRegression(result) : (result.note ?? ''))}`,
          context.width,
          '    ',
        ),
      ),
  ]
}

function renderAgents(context: Context, maxAgents: number): string[] {
  const { report, style } = context
  if (report.agents.length === 0) return []
  // Nodes without LLM calls (a router) have nothing to compare.
  const ranked = rankAgentRegressions(report).filter((entry) => entry.agent.calls > 0)
  const shown = ranked.slice(0, Math.max(0, maxAgents))
  const arms = new Set(shown.map((entry) => entry.agent.arm))
  // With one candidate its name goes in the title, leaving the width to the numbers.
  const singleArm = arms.size === 1 ? ` of ${[...arms][0] ?? ''}` : ''
  const title = `${style.bold(`Agents${context.safe(singleArm)}`)}${style.dim('  (worst first; point estimates versus the same agent in control)')}`
  const lines = wrapText(title, context.width, INDENT)
  if (shown.length === 0) return [...lines, `${INDENT}no candidate agent to compare`]
  // The served model only tells something when it is not the arm's own (an agent outside the scope).
  const armModels = new Map(report.arms.map((arm) => [arm.arm, arm.model]))
  const showModel = shown.some(
    ({ agent }) => agent.servedModel !== undefined && agent.servedModel !== armModels.get(agent.arm),
  )
  const columns = [
    { header: 'agent', flexible: true },
    ...(singleArm === '' ? [{ header: 'arm', flexible: true }] : []),
    ...(showModel ? [{ header: 'model', flexible: true }] : []),
    { header: 'calls', align: 'right' as const },
    { header: 'errors', align: 'right' as const },
    { header: 'P95 latency', align: 'right' as const },
    { header: 'cost/call', align: 'right' as const },
    { header: 'accuracy', align: 'right' as const },
    { header: 'worst change' },
  ]
  lines.push(
    ...renderTextTable({
      columns,
      rows: shown.map((entry) => formatAgentRow(entry, context, { showArm: singleArm === '', showModel })),
      indent: INDENT,
      width: context.width,
      headerStyle: style.dim,
    }),
  )
  const hidden = ranked.length - shown.length
  if (hidden > 0) lines.push(`${INDENT}… ${formatCount(hidden)} more agent rows (see the JSON report)`)
  return lines
}

function formatAgentRow(
  entry: AgentRegression,
  context: Context,
  show: { readonly showArm: boolean; readonly showModel: boolean },
): (string | TextCell)[] {
  const { agent, worst } = entry
  const { style, safe } = context
  const worstText = worst === undefined ? MISSING : `${labelMetricShort(worst.metric)} ${worst.text}`
  return [
    safe(agent.agent),
    ...(show.showArm ? [safe(agent.arm)] : []),
    ...(show.showModel ? [safe(agent.servedModel ?? MISSING)] : []),
    formatCount(agent.calls),
    agent.errorRate === undefined ? MISSING : formatRate(agent.errorRate),
    agent.latencyMs === undefined ? MISSING : formatMs(agent.latencyMs.p95),
    agent.costPerCallUsd === undefined ? MISSING : formatUsd(agent.costPerCallUsd),
    agent.accuracy === undefined ? MISSING : formatRate(agent.accuracy),
    worst !== undefined && worst.severity >= 1 ? { text: `▲ ${worstText}`, style: style.red } : worstText,
  ]
}

function renderProgress(context: Context): string[] {
  const { report, style, safe, width } = context
  const srm = describeSrm(report)
  const srmLabel = srm.mismatch ? style.red('MISMATCH,') : style.green('ok,')
  const progress = listPlanProgress(report)
    .map((entry) => `${safe(entry.arm)} ${formatProgress(entry)}`)
    .join(', ')
  const needed = describeSamplesNeeded(report)
  return [
    ...wrapText(`${style.bold('Sample ratio')}  ${srmLabel} ${safe(srm.text)}`, width, INDENT),
    ...wrapText(`${style.bold('Plan')}  ${describePlan(report)}: ${progress || 'no arm'}`, width, INDENT),
    ...(needed === undefined
      ? []
      : wrapText(`${style.bold('Still needed')}  ${safe(needed)}`, width, INDENT)),
  ]
}

function renderExtraction(context: Context, maxWarnings: number): string[] {
  const { report, style, safe, width } = context
  const { warnings } = report.extraction
  const lines = [
    style.bold('Extraction'),
    ...wrapText(`${INDENT}${describeExtraction(report)}`, width, '    '),
  ]
  if (warnings.length === 0) return lines
  lines.push(`${INDENT}${style.yellow(`${formatCount(warnings.length)} warnings`)}`)
  const shown = warnings.slice(0, Math.max(0, maxWarnings))
  for (const warning of shown) lines.push(...wrapText(`${INDENT}- ${safe(warning)}`, width, '    '))
  if (warnings.length > shown.length) {
    lines.push(
      `${INDENT}… ${formatCount(warnings.length - shown.length)} more warnings (see the JSON report)`,
    )
  }
  return lines
}

function paintStatus(status: VerdictStatus, label: string, style: ReportStyle): string {
  switch (status) {
    case 'pass':
      return style.bold(style.green(label))
    case 'fail':
      return style.bold(style.red(label))
    case 'inconclusive':
    case 'review':
      return style.bold(style.yellow(label))
  }
}
