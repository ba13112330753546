import type { Column } from '@llm-canary/bench-kit'

/**
 * The q-quantile of sorted values, linearly interpolated (type 7).
 *
 * @param sorted - Values in ascending order.
 * @param q - The quantile, in [0, 1].
 * @returns The quantile; NaN for no values.
 */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  const high = Math.ceil(position)
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low)
}

/** Median and interquartile range of a series. */
export interface Spread {
  readonly median: number
  readonly p25: number
  readonly p75: number
}

/**
 * Median and quartiles of `series[r] − baseline[r]` over rounds `r`: the paired difference of two
 * configurations measured in the same round, so load that changes between rounds cancels out.
 *
 * @param series - Per round, a configuration's time per operation.
 * @param baseline - Per round, the baseline's time per operation.
 * @returns The median and quartiles of the differences.
 */
export function pairedDifference(series: readonly number[], baseline: readonly number[]): Spread {
  const differences = series.map((value, round) => value - baseline[round]!).sort((a, b) => a - b)
  return spreadOfSorted(differences)
}

/**
 * Median and quartiles of a series.
 *
 * @param series - The values, in any order.
 * @returns The median and quartiles.
 */
export function spreadOf(series: readonly number[]): Spread {
  return spreadOfSorted([...series].sort((a, b) => a - b))
}

function spreadOfSorted(sorted: readonly number[]): Spread {
  return { median: quantile(sorted, 0.5), p25: quantile(sorted, 0.25), p75: quantile(sorted, 0.75) }
}

/**
 * Formats microseconds: one decimal below 100 µs, none from there.
 *
 * @param us - Microseconds.
 * @returns The number as text.
 */
export function formatUs(us: number): string {
  return Math.abs(us) < 100 ? us.toFixed(1) : us.toFixed(0)
}

/** One row of the headline table: a mode and, per configuration, its cell. */
export interface HeadlineRow {
  readonly mode: string
  /** Cells in the order of the headline's configuration columns. */
  readonly cells: readonly string[]
}

/**
 * The headline table's columns: the mode, then one column per configuration label.
 *
 * @param labels - The configurations' column headers, left to right.
 * @returns The columns.
 */
export function headlineColumns(labels: readonly string[]): Column<HeadlineRow>[] {
  return [
    { header: 'mode', cell: (row) => row.mode },
    ...labels.map((header, index) => ({
      header,
      rightAligned: true,
      cell: (row: HeadlineRow) => row.cells[index] ?? '',
    })),
  ]
}
