import type { GuardrailResult, GuardrailStatus } from '@llm-canary/core'
import type { AnalysisReport } from '../types.ts'
import { labelGuardrailStatus, labelMetricShort } from './guardrail-format.ts'
import type { ReportStyle } from './terminal-style.ts'
import { createReportStyle, guardrailStatusStyle } from './terminal-style.ts'
import { wrapText } from './text-table.ts'
import type { ToleranceScale } from './tolerance-scale.ts'
import { findReportScales, toToleranceUnits } from './tolerance-scale.ts'

/**
 * Every guardrail × candidate in one text picture: δ̂ and its always-valid interval on a common axis
 * scaled to each tolerance (0 = control, 1 = at the tolerance; see tolerance-scale.ts), the control and
 * tolerance columns marked on every row, the status beside it. The same lines go in the terminal report
 * and, inside a code block, in the Markdown report, so they read the same in a plain-text email.
 *
 * Only characters of one column everywhere: ASCII, plus ◊ ◄ ► whose Unicode East Asian Width is
 * Neutral (never doubled, even by a CJK terminal that widens "ambiguous" characters such as box
 * drawing) and which are in WGL4, the glyph set of every common monospace font (Consolas, Menlo, DejaVu
 * Sans Mono, Liberation Mono), so no fallback font with another advance width steps in.
 */

/** The glyphs of the plot; `FOREST_PLOT_CHARACTERS` lists every character the plot draws itself. */
export const FOREST_GLYPHS = {
  estimate: '◊',
  bar: '=',
  lower: '[',
  upper: ']',
  beyondLeft: '◄',
  beyondRight: '►',
  control: ':',
  tolerance: '|',
  axis: '-',
  tick: '+',
} as const

/** Options of `renderForestPlot`. */
export interface ForestPlotOptions {
  /** Widest line in characters, indent included (default 80: a plain-text email). */
  readonly width?: number
  /** Prefix of every line (default none). */
  readonly indent?: string
  /** Colours for a terminal; plain when absent. */
  readonly style?: ReportStyle
  /** Makes an arm name safe to print on its own line (group headers of several candidates). */
  readonly safe?: (text: string) => string
}

/** The axis never reaches further than this, in tolerances: intervals beyond it end in an arrow. */
const AXIS_FLOOR = -2
const AXIS_CEILING = 4
/** Fewest columns per tolerance; below it the plot is wider than asked rather than unreadable. */
const MIN_COLUMNS_PER_UNIT = 3
const GAP = '  '
/** Labels are cut to this at the narrowest (`citatio.`), leaving room for the plot. */
const MIN_LABEL_WIDTH = 6
/** Status labels of a narrow plot, where `SUSPECTED REGRESSION` would leave no room to draw. */
const SHORT_STATUS: Readonly<Partial<Record<GuardrailStatus, string>>> = { suspected_regression: 'SUSPECTED' }

interface Row {
  readonly result: GuardrailResult
  readonly scale: ToleranceScale
}

interface Axis {
  readonly low: number
  readonly high: number
  readonly perUnit: number
  readonly columns: number
}

/**
 * Draws the forest plot of a report's guardrails.
 *
 * @param report - The analysis report.
 * @param options - Width, indent, colours and the sanitiser of arm names.
 * @returns The lines (no trailing spaces), or none when no guardrail is configured.
 * @example
 * renderForestPlot(report).join('\n')
 * // 'cost per run        :     |          [=◊=]      FAIL' ...
 */
export function renderForestPlot(report: AnalysisReport, options: ForestPlotOptions = {}): string[] {
  const { guardrails } = report.verdict
  if (guardrails.length === 0) return []
  const style = options.style ?? createReportStyle(false)
  const safe = options.safe ?? ((text: string) => text)
  const indent = options.indent ?? ''
  const scales = findReportScales(report)
  const rows = guardrails.map((result, i): Row => ({ result, scale: scales[i] ?? { ok: false, why: '' } }))
  const width = Math.max(40, options.width ?? 80) - indent.length
  const layout = planLayout(rows, width)
  const axis = planAxis(rows, layout.plotWidth)
  const arms = [...new Set(guardrails.map((result) => result.arm))]
  const lines: string[] = []
  for (const arm of arms) {
    if (arms.length > 1) lines.push(`arm ${safe(arm)}`)
    for (const row of rows) {
      if (row.result.arm !== arm) continue
      const label = fitLabel(labelMetricShort(row.result.metric), layout.labelWidth).padEnd(layout.labelWidth)
      const plot = drawRow(row, axis)
      const painted = paintRun(plot.cells, plot.run, guardrailStatusStyle(row.result.status, style))
      const status = guardrailStatusStyle(row.result.status, style)(layout.status(row.result.status))
      lines.push(`${label}${GAP}${painted}${GAP}${status}`)
    }
  }
  const pad = ' '.repeat(layout.labelWidth + GAP.length)
  lines.push(`${pad}${drawAxisLine(axis)}`, `${pad}${drawTickLabels(axis)}`)
  // The legend starts under the axis, or at the margin when the plot is too narrow for its words.
  for (const text of legend(rows)) {
    const wrapped = wrapText(`${pad}${text}`, width, pad)
    lines.push(...(wrapped.every((line) => line.length <= width) ? wrapped : wrapText(text, width)))
  }
  return lines.map((line) => `${indent}${line}`.trimEnd())
}

interface Layout {
  readonly labelWidth: number
  readonly plotWidth: number
  readonly status: (status: GuardrailStatus) => string
}

function planLayout(rows: readonly Row[], width: number): Layout {
  const labels = rows.map((row) => labelMetricShort(row.result.metric).length)
  const full = (status: GuardrailStatus) => labelGuardrailStatus(status)
  const short = (status: GuardrailStatus) => SHORT_STATUS[status] ?? labelGuardrailStatus(status)
  const statusWidth = (label: (status: GuardrailStatus) => string) =>
    Math.max(...rows.map((row) => label(row.result.status).length))
  const minPlot = (AXIS_CEILING - AXIS_FLOOR) * MIN_COLUMNS_PER_UNIT + 1
  let labelWidth = Math.max(...labels)
  let status = full
  const plotWidth = () => width - labelWidth - statusWidth(status) - 2 * GAP.length
  if (plotWidth() < minPlot) status = short
  while (plotWidth() < minPlot && labelWidth > MIN_LABEL_WIDTH) labelWidth -= 1
  return { labelWidth, plotWidth: Math.max(minPlot, plotWidth()), status }
}

/** The axis: whole tolerances from at least -1 to 2, widened to the data up to -2 and 4. */
function planAxis(rows: readonly Row[], plotWidth: number): Axis {
  const values: number[] = []
  for (const { result, scale } of rows) {
    if (!scale.ok) continue
    for (const delta of [result.estimate, result.interval?.lower, result.interval?.upper]) {
      const x = delta === undefined ? Number.NaN : toToleranceUnits(delta, scale)
      if (Number.isFinite(x)) values.push(x)
    }
  }
  const low = Math.max(AXIS_FLOOR, Math.min(-1, Math.floor(Math.min(...values))))
  const high = Math.min(AXIS_CEILING, Math.max(2, Math.ceil(Math.max(...values))))
  const perUnit = Math.max(MIN_COLUMNS_PER_UNIT, Math.floor((plotWidth - 1) / (high - low)))
  return { low, high, perUnit, columns: (high - low) * perUnit + 1 }
}

function columnOf(x: number, axis: Axis): number {
  return Math.round((x - axis.low) * axis.perUnit)
}

interface DrawnRow {
  readonly cells: string[]
  /** First and last column of the interval, to colour; absent when nothing was drawn. */
  readonly run?: readonly [number, number]
}

function drawRow(row: Row, axis: Axis): DrawnRow {
  const cells = drawGrid(axis)
  const { result, scale } = row
  if (!scale.ok) return { cells: writeText(cells, `(${scale.why}: see the table)`, columnOf(0, axis) + 2) }
  const x = (delta: number | undefined) =>
    delta === undefined || Number.isNaN(delta) ? undefined : toToleranceUnits(delta, scale)
  const estimate = x(result.estimate)
  const lower = x(result.interval?.lower) ?? estimate
  const upper = x(result.interval?.upper) ?? estimate
  const last = axis.columns - 1
  let run: readonly [number, number] | undefined
  if (lower !== undefined && upper !== undefined) {
    if (upper < axis.low) {
      cells[0] = FOREST_GLYPHS.beyondLeft
      run = [0, 0]
    } else if (lower > axis.high) {
      cells[last] = FOREST_GLYPHS.beyondRight
      run = [last, last]
    } else {
      const from = lower < axis.low ? 0 : columnOf(lower, axis)
      const to = upper > axis.high ? last : columnOf(upper, axis)
      for (let i = from; i <= to; i += 1) if (cells[i] === ' ') cells[i] = FOREST_GLYPHS.bar
      if (result.interval !== undefined) {
        cells[from] = lower < axis.low ? FOREST_GLYPHS.beyondLeft : FOREST_GLYPHS.lower
        cells[to] = upper > axis.high ? FOREST_GLYPHS.beyondRight : FOREST_GLYPHS.upper
      }
      run = [from, to]
    }
  }
  if (estimate !== undefined && estimate >= axis.low && estimate <= axis.high)
    cells[columnOf(estimate, axis)] = FOREST_GLYPHS.estimate
  return run === undefined ? { cells } : { cells, run }
}

/** An empty row: the control and tolerance columns, so they run down the whole plot. */
function drawGrid(axis: Axis): string[] {
  const cells = Array.from({ length: axis.columns }, () => ' ')
  cells[columnOf(0, axis)] = FOREST_GLYPHS.control
  cells[columnOf(1, axis)] = FOREST_GLYPHS.tolerance
  return cells
}

function writeText(cells: string[], text: string, at: number): string[] {
  const start = Math.max(0, Math.min(at, cells.length - text.length))
  for (const [i, char] of [...text].entries()) if (start + i < cells.length) cells[start + i] = char
  return cells
}

function drawAxisLine(axis: Axis): string {
  const cells: string[] = Array.from({ length: axis.columns }, () => FOREST_GLYPHS.axis)
  for (let tick = axis.low; tick <= axis.high; tick += 1) cells[columnOf(tick, axis)] = FOREST_GLYPHS.tick
  return cells.join('')
}

/** Each tick's number ends under its tick. */
function drawTickLabels(axis: Axis): string {
  const cells = Array.from({ length: axis.columns + 2 }, () => ' ')
  for (let tick = axis.low; tick <= axis.high; tick += 1) {
    const text = String(tick)
    const end = columnOf(tick, axis)
    writeText(cells, text, end - text.length + 1)
  }
  return cells.join('').trimEnd()
}

function legend(rows: readonly Row[]): string[] {
  const thresholds = rows.some((row) => row.result.tolerance.kind === 'threshold')
  const g = FOREST_GLYPHS
  return [
    `0 = control (${g.control}), 1 = the tolerance (${g.tolerance}), positive = worse`,
    `${g.lower}${g.bar}${g.estimate}${g.bar}${g.upper} interval and estimate, ${g.beyondLeft} ${g.beyondRight} beyond the axis`,
    ...(thresholds ? [`min/max: 1 = the threshold, 0 = control's value`] : []),
  ]
}

function fitLabel(label: string, width: number): string {
  return label.length <= width ? label : `${label.slice(0, width - 1)}.`
}

/** Colours the interval's columns only, so the grid and the padding stay plain. */
function paintRun(
  cells: readonly string[],
  run: readonly [number, number] | undefined,
  paint: (text: string) => string,
): string {
  if (run === undefined) return cells.join('')
  const [from, to] = run
  return `${cells.slice(0, from).join('')}${paint(cells.slice(from, to + 1).join(''))}${cells.slice(to + 1).join('')}`
}
