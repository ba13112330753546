/**
 * Number and table formatting for the simulation report. No locale data is used, so the report is the same
 * on every machine.
 */
import type { RateEstimate } from './summarize.ts'
import type { LookPoint } from './trial.ts'

/**
 * A share as a percentage: two decimals below 1%, one above.
 *
 * @param share - In [0, 1].
 * @returns `0.35%`, `4.2%`.
 */
export function formatPercent(share: number): string {
  const percent = share * 100
  return `${percent < 1 ? percent.toFixed(2) : percent.toFixed(1)}%`
}

/**
 * A share with its count and 95% interval.
 *
 * @param estimate - The share.
 * @returns `4.2% (84/2,000; 95% CI 3.4–5.2%)`.
 */
export function formatRate(estimate: RateEstimate): string {
  const interval = `${formatPercent(estimate.lower).replace('%', '')}–${formatPercent(estimate.upper)}`
  return `${formatPercent(estimate.rate)} (${formatCount(estimate.count)}/${formatCount(estimate.trials)}; CI ${interval})`
}

/**
 * A whole number with thousands separators.
 *
 * @param value - The number.
 * @returns `20,000`.
 */
export function formatCount(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/**
 * A look: sessions and the candidate's share of them.
 *
 * @param point - The look, or undefined when the median was not reached.
 * @returns `1,450 (cand. 284)` or `not reached`.
 */
export function formatLook(point: LookPoint | undefined): string {
  if (point === undefined) return 'not reached'
  return `${formatCount(point.sessions)} (cand. ${formatCount(point.candidateSessions)})`
}

/**
 * A Markdown table with padded cells, laid out as the repository's formatter writes tables.
 *
 * @param headers - Column titles.
 * @param rows - Cells, one array per row.
 * @param rightAligned - Which columns are right-aligned (numbers); default none.
 * @returns The table's lines.
 */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  rightAligned: readonly boolean[] = [],
): string[] {
  const widths = headers.map((header, i) =>
    Math.max(header.length, 3, ...rows.map((row) => (row[i] ?? '').length)),
  )
  const pad = (cell: string, i: number) =>
    rightAligned[i] === true ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)
  const line = (cells: readonly string[]) =>
    `| ${headers.map((_, i) => pad(cells[i] ?? '', i)).join(' | ')} |`
  const rule = widths.map((width, i) =>
    rightAligned[i] === true ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width),
  )
  return [line(headers), `| ${rule.join(' | ')} |`, ...rows.map(line)]
}
