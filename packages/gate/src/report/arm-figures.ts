import type { ArmReport, MetricFigures } from '../types.ts'
import { findArmRow } from './arm-row.ts'
import {
  formatCount,
  formatMs,
  formatPp,
  formatRate,
  formatRelative,
  formatScore,
  formatSignedScore,
  formatUsd,
  MISSING,
} from './format-units.ts'

/**
 * The per-arm figures as rows of formatted text, shared by the terminal and Markdown reports: one row
 * per figure, one cell per arm, and for every arm but control its change versus control (relative for
 * latency and cost, percentage points for rates, points for the judge). Changes are point estimates,
 * not tests: the guardrail table carries the always-valid intervals.
 */

/** One arm's cell of a figure row. */
export interface FigureCell {
  /** The formatted value, `—` when the arm has no data for it. */
  readonly value: string
  /** The change versus control (`+12.3%`, `+0.25pp`), for arms other than control when both have data. */
  readonly change?: string
}

/** One figure across the arms. */
export interface FigureRow {
  readonly label: string
  readonly cells: readonly FigureCell[]
}

interface FigureSpec {
  readonly label: string
  readonly value: (figures: MetricFigures) => number | undefined
  readonly format: (value: number) => string
  readonly change?: (candidate: number, control: number) => string | undefined
}

const relative = (candidate: number, control: number): string | undefined =>
  control === 0 ? undefined : formatRelative(candidate / control - 1)
const points = (candidate: number, control: number): string => formatPp(candidate - control)
const judgePoints = (candidate: number, control: number): string =>
  formatSignedScore(candidate - control, 'pts')

/** The figures, in the order reports list them. */
const FIGURES: readonly FigureSpec[] = [
  { label: 'runs', value: (f) => f.runs, format: formatCount },
  { label: 'LLM calls', value: (f) => f.calls, format: formatCount },
  { label: 'error rate', value: (f) => f.errorRate, format: formatRate, change: points },
  { label: 'run failure rate', value: (f) => f.runFailureRate, format: formatRate, change: points },
  { label: 'latency P50', value: (f) => f.latencyMs?.p50, format: formatMs, change: relative },
  { label: 'latency P95', value: (f) => f.latencyMs?.p95, format: formatMs, change: relative },
  { label: 'latency P99', value: (f) => f.latencyMs?.p99, format: formatMs, change: relative },
  { label: 'TTFT P95', value: (f) => f.ttftMs?.p95, format: formatMs, change: relative },
  { label: 'cost per call', value: (f) => f.costPerCallUsd, format: formatUsd, change: relative },
  { label: 'cost per run', value: (f) => f.costPerRunUsd, format: formatUsd, change: relative },
  { label: 'calls of unknown cost', value: (f) => f.callsWithUnknownCost, format: formatCount },
  { label: 'accuracy', value: (f) => f.accuracy, format: formatRate, change: points },
  { label: 'judge (1–5)', value: (f) => f.judgeScore, format: formatScore, change: judgePoints },
]

/**
 * Lays the arms' figures out as rows.
 *
 * @param arms - The arms, in report order.
 * @param controlArm - The name of the arm changes are measured against.
 * @param unit - The experiment's unit (`session`), for the row counting them.
 * @returns Rows for model, weight, units, runs, calls, error and failure rates, latency P50/P95/P99, TTFT
 *   P95, cost per call and per run, unknown-cost calls, accuracy, judge and citation stability.
 */
export function buildFigureRows(
  arms: readonly ArmReport[],
  controlArm: string | undefined,
  unit: string,
): FigureRow[] {
  const control = findArmRow(arms, controlArm)
  const rows: FigureRow[] = [
    { label: 'model', cells: arms.map((arm) => ({ value: arm.model })) },
    {
      label: 'weight',
      cells: arms.map((arm) => ({
        value: `${Number(arm.weight.toFixed(2))}%${arm.source === 'shadow' ? ' (shadow)' : ''}`,
      })),
    },
    { label: `${unit}s`, cells: arms.map((arm) => ({ value: formatCount(arm.units) })) },
  ]
  for (const spec of FIGURES) {
    rows.push({ label: spec.label, cells: arms.map((arm) => buildCell(spec, arm, control)) })
  }
  rows.push({ label: 'citation stability', cells: arms.map(formatCitationStability) })
  return rows
}

/**
 * Joins a cell's value and change for one-line display.
 *
 * @param cell - A figure cell.
 * @returns E.g. `1,950 ms (+12.3%)`, or the value alone.
 */
export function joinFigureCell(cell: FigureCell): string {
  return cell.change === undefined ? cell.value : `${cell.value} (${cell.change})`
}

function buildCell(spec: FigureSpec, arm: ArmReport, control: ArmReport | undefined): FigureCell {
  const value = spec.value(arm)
  if (value === undefined) return { value: MISSING }
  const formatted = spec.format(value)
  if (control === undefined || control === arm || spec.change === undefined) return { value: formatted }
  const base = spec.value(control)
  const change = base === undefined ? undefined : spec.change(value, base)
  return change === undefined ? { value: formatted } : { value: formatted, change }
}

function formatCitationStability(arm: ArmReport): FigureCell {
  if (arm.citationStability === undefined) return { value: MISSING }
  const pairs = arm.citationPairs === undefined ? '' : ` (${formatCount(arm.citationPairs)} pairs)`
  return { value: `${formatScore(arm.citationStability)}${pairs}` }
}
