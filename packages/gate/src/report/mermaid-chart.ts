import type { GuardrailResult } from '@llm-canary/core'
import type { IntervalHistoryPoint } from '../types.ts'
import { formatCount } from './format-units.ts'
import { chartAxisUnit, labelMetric, scaleForChart } from './guardrail-format.ts'
import { escapeMermaidLabel } from './markdown-escape.ts'

/**
 * A guardrail's interval history as a Mermaid `xychart-beta` chart, which GitHub renders from a
 * ```` ```mermaid ```` block: x = the looks (labelled with the units per arm at each), four lines = the
 * estimate δ̂, the upper bound (below the tolerance: a pass), the lower bound (above it: a fail) and the
 * tolerance (flat). The y range is set, not left to Mermaid: it holds the tolerance, every estimate and
 * the latest interval, reaches out to earlier (wider) bounds by at most the size of that core, and is
 * padded on both sides, so the tolerance and both bounds are drawn inside the plot, never on its edge.
 * A bound beyond the range (an early look's, or an unbounded one) is drawn at the range's edge, and the
 * caption says so. xychart has no legend, so the colours are fixed by a theme directive and named in the
 * caption.
 */

/** Most looks a chart plots; longer histories are thinned evenly, keeping the first and last look. */
export const MAX_CHART_LOOKS = 24

/** Line colours, in the order the lines are drawn: estimate, upper bound, lower bound, tolerance. */
const PALETTE = '#2563eb, #dc2626, #16a34a, #6b7280'

/** Height of a chart, in pixels: Mermaid's default (500) makes six charts a long scroll. */
const CHART_HEIGHT_PX = 320

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
  const scale = (value: number | undefined) => scaleForChart(value ?? Number.NaN, result)
  const range = chooseRange(looks.map((point) => ({ ...point, ...scaleLook(point, scale) })))
  const clamp = (value: number) => Math.min(range.high, Math.max(range.low, value))
  const estimates = looks.map((point) => clamp(scale(point.estimate)))
  const uppers = looks.map((point) => clamp(scale(point.upper)))
  // An unbounded lower bound (-∞) is drawn at the bottom edge, like any bound beyond the range.
  const lowers = looks.map((point) => clamp(scale(point.lower ?? Number.NEGATIVE_INFINITY)))
  const limits = looks.map((point) => clamp(scale(point.limit)))
  const clamped = looks.some((point) =>
    [point.upper, point.lower ?? Number.NEGATIVE_INFINITY].some((bound) => {
      const value = scale(bound)
      return value < range.low || value > range.high
    }),
  )
  const decimals = chooseDecimals([...estimates, ...uppers, ...lowers, ...limits, range.low, range.high])
  const unit = chartAxisUnit(result)
  const title = escapeMermaidLabel(`${result.arm}: ${labelMetric(result.metric)}`)
  const categories = looks.map((point) => `"${formatCount(point.units)}"`).join(', ')
  const number = (value: number) => value.toFixed(decimals)
  const series = (values: readonly number[]) => `[${values.map(number).join(', ')}]`
  const notes = [
    ...(clamped ? ['bounds beyond the range are drawn at its edge'] : []),
    ...(plotted.length > looks.length ? [`${looks.length} of ${plotted.length} looks shown`] : []),
  ]
  const lines = [
    '```mermaid',
    `%%{init: {"xyChart": {"height": ${CHART_HEIGHT_PX}}, "themeVariables": {"xyChart": {"plotColorPalette": "${PALETTE}"}}}}%%`,
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis "units per arm at each look" [${categories}]`,
    `  y-axis "degradation (${unit})" ${number(range.axisLow(decimals))} --> ${number(range.axisHigh(decimals))}`,
    `  line ${series(estimates)}`,
    `  line ${series(uppers)}`,
    `  line ${series(lowers)}`,
    `  line ${series(limits)}`,
    '```',
    `<sub>blue: estimate · red: upper bound (below the tolerance: pass) · green: lower bound (above it: fail) · grey: tolerance (${unit}, positive = worse)${notes.map((note) => ` · ${note}`).join('')}</sub>`,
  ]
  return { markdown: lines.join('\n'), looks: looks.length, skipped: own.length - plotted.length }
}

/** A look's values in the chart's unit. */
interface ScaledLook {
  readonly estimate: number
  readonly lower: number
  readonly upper: number
  readonly limit: number
}

function scaleLook(point: IntervalHistoryPoint, scale: (value: number | undefined) => number): ScaledLook {
  return {
    estimate: scale(point.estimate),
    lower: scale(point.lower ?? Number.NEGATIVE_INFINITY),
    upper: scale(point.upper),
    limit: scale(point.limit),
  }
}

/** Share of the range added above and below, so no line lies on the plot's frame. */
const RANGE_PADDING = 0.08

interface ChartRange {
  /** Lowest value drawn; lower ones are drawn here. */
  readonly low: number
  /** Highest value drawn; higher ones are drawn here. */
  readonly high: number
  /** The axis's ends: the range padded, rounded outward to the decimals written. */
  axisLow(decimals: number): number
  axisHigh(decimals: number): number
}

/**
 * How far the latest look's bounds may pull the range beyond the tolerance and the estimates, in sizes
 * of them (their span or their largest magnitude, at least 1): an interval ten orders of magnitude wide (early looks of a ratio near zero) would flatten
 * every other line into one, and print numbers Mermaid cannot parse.
 */
const MAX_BOUND_REACH = 10

/** No chart value goes past this (in the chart's unit): `toFixed` writes exponent notation from 1e21 up. */
const MAX_CHART_VALUE = 1e9

/**
 * The y range: the tolerance and every estimate, the latest look's bounds (what decides now) within
 * {@link MAX_BOUND_REACH} sizes of them, reaching out to earlier looks' bounds by at most that core's
 * own size (early intervals can be a million times wider), then padded.
 */
function chooseRange(looks: readonly ScaledLook[]): ChartRange {
  const finite = (values: readonly number[]) =>
    values
      .filter((value) => Number.isFinite(value))
      .map((value) => Math.min(MAX_CHART_VALUE, Math.max(-MAX_CHART_VALUE, value)))
  const latest = looks.at(-1)
  const anchor = finite(looks.flatMap((look) => [look.limit, look.estimate]))
  const anchorLow = Math.min(...anchor)
  const anchorHigh = Math.max(...anchor)
  const anchorSize = Math.max(anchorHigh - anchorLow, ...anchor.map(Math.abs), 1)
  const reach = (value: number) =>
    Math.min(
      anchorHigh + MAX_BOUND_REACH * anchorSize,
      Math.max(anchorLow - MAX_BOUND_REACH * anchorSize, value),
    )
  const core = [...anchor, ...finite([latest?.lower ?? Number.NaN, latest?.upper ?? Number.NaN]).map(reach)]
  const coreLow = Math.min(...core)
  const coreHigh = Math.max(...core)
  const size = coreHigh - coreLow > 0 ? coreHigh - coreLow : Math.max(Math.abs(coreHigh), 1)
  const bounds = finite(looks.flatMap((look) => [look.lower, look.upper]))
  const low = Math.max(coreLow - size, Math.min(coreLow, ...bounds))
  const high = Math.min(coreHigh + size, Math.max(coreHigh, ...bounds))
  const pad = (high - low) * RANGE_PADDING
  const step = (decimals: number) => 10 ** -decimals
  return {
    low,
    high,
    axisLow: (decimals) => Math.floor((low - pad) / step(decimals)) * step(decimals),
    axisHigh: (decimals) => Math.ceil((high + pad) / step(decimals)) * step(decimals),
  }
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

/** Enough decimals to tell apart a thousandth of the range, never exponent notation. */
function chooseDecimals(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v))
  const span = Math.max(...finite) - Math.min(...finite)
  const size = span > 0 ? span : Math.max(...finite.map((v) => Math.abs(v)))
  if (!Number.isFinite(size) || size <= 0) return 0
  return Math.min(8, Math.max(0, 3 - Math.floor(Math.log10(size))))
}
