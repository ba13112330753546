import type { GuardrailResult } from '@llm-canary/core'
import type { IntervalHistoryPoint } from '../types.ts'
import { formatCount } from './format-units.ts'
import { chartAxisUnit, labelMetric, scaleForChart } from './guardrail-format.ts'
import { escapeMermaidLabel } from './markdown-escape.ts'

/**
 * A guardrail's interval history as a Mermaid `xychart-beta` chart, which GitHub renders from a
 * ```` ```mermaid ```` block: x = the looks (labelled with the units per arm at each), four lines = the
 * estimate δ̂, the upper bound (below the tolerance: a pass), the lower bound (above it: a fail) and the
 * tolerance (flat). Looks where the lower bound is unbounded plot it at the chart's floor. xychart has no legend, so the
 * colours are fixed by a theme directive and named in the caption.
 */

/** Most looks a chart plots; longer histories are thinned evenly, keeping the first and last look. */
export const MAX_CHART_LOOKS = 24

/** Line colours, in the order the lines are drawn: estimate, upper bound, lower bound, tolerance. */
const PALETTE = '#2563eb, #dc2626, #16a34a, #6b7280'

/** A rendered chart and the looks it left out. */
export interface IntervalChart {
  /** The fenced Mermaid block followed by a one-line caption (Markdown). */
  readonly markdown: string
  /** Looks plotted. */
  readonly looks: number
  /** Looks left out because their estimate or upper bound was missing or unbounded. */
  readonly skipped: number
}

/**
 * Draws one guardrail's interval history.
 *
 * @param result - The guardrail (metric, arm, tolerance) the chart is about.
 * @param history - The report's whole history; the guardrail's points are picked by metric and arm.
 * @returns The chart, or undefined when fewer than two looks have a bounded estimate and upper bound.
 * @example
 * renderIntervalChart(result, report.history)?.markdown // '```mermaid\n%%{init: ...}%%\nxychart-beta\n...'
 */
export function renderIntervalChart(
  result: GuardrailResult,
  history: readonly IntervalHistoryPoint[],
): IntervalChart | undefined {
  const own = history
    .filter((point) => point.metric === result.metric && point.arm === result.arm)
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.units - b.units))
  const plotted = own.filter(
    (point) => Number.isFinite(point.estimate ?? Number.NaN) && Number.isFinite(point.upper ?? Number.NaN),
  )
  if (plotted.length < 2) return undefined
  const looks = thin(plotted, MAX_CHART_LOOKS)
  const scale = (value: number) => scaleForChart(value, result)
  const estimates = looks.map((point) => scale(point.estimate ?? Number.NaN))
  const uppers = looks.map((point) => scale(point.upper ?? Number.NaN))
  const limits = looks.map((point) => scale(point.limit))
  const floor = Math.min(...estimates, ...limits)
  const lowers = looks.map((point) =>
    Number.isFinite(point.lower ?? Number.NaN) ? scale(point.lower ?? 0) : floor,
  )
  const decimals = chooseDecimals([...estimates, ...uppers, ...lowers, ...limits])
  const unit = chartAxisUnit(result)
  const title = escapeMermaidLabel(`${result.arm}: ${labelMetric(result.metric)}`)
  const categories = looks.map((point) => `"${formatCount(point.units)}"`).join(', ')
  const series = (values: readonly number[]) => `[${values.map((v) => v.toFixed(decimals)).join(', ')}]`
  const lines = [
    '```mermaid',
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${PALETTE}"}}}}%%`,
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis "units per arm at each look" [${categories}]`,
    `  y-axis "degradation (${unit})"`,
    `  line ${series(estimates)}`,
    `  line ${series(uppers)}`,
    `  line ${series(lowers)}`,
    `  line ${series(limits)}`,
    '```',
    `<sub>blue: estimate · red: upper bound (below the tolerance: pass) · green: lower bound (above it: fail) · grey: tolerance (${unit}, positive = worse)${
      plotted.length > looks.length ? ` · ${looks.length} of ${plotted.length} looks shown` : ''
    }</sub>`,
  ]
  return { markdown: lines.join('\n'), looks: looks.length, skipped: own.length - plotted.length }
}

function thin<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points]
  const picked: T[] = []
  for (let i = 0; i < max; i += 1) {
    const point = points[Math.round((i * (points.length - 1)) / (max - 1))]
    if (point !== undefined) picked.push(point)
  }
  return picked
}

/** Enough decimals for three significant digits of the largest value, never exponent notation. */
function chooseDecimals(values: readonly number[]): number {
  const largest = Math.max(...values.map((v) => Math.abs(v)).filter((v) => Number.isFinite(v) && v > 0))
  if (!Number.isFinite(largest)) return 0
  return Math.min(8, Math.max(0, 2 - Math.floor(Math.log10(largest))))
}
