/**
 * Aligned plain-text tables for the terminal report, shrunk to a width when they would not fit: the
 * widest columns give way first and their cells end in `…`.
 */

/** A column of a text table. */
interface TextColumn {
  readonly header: string
  /** `right` for numbers; `left` by default. */
  readonly align?: 'left' | 'right'
  /** Shrinks before the other columns when the table is too wide (names, models). */
  readonly flexible?: boolean
}

/** A cell: its text, and a style applied after padding (so colour codes never count as width). */
export interface TextCell {
  readonly text: string
  readonly style?: (text: string) => string
}

/** What `renderTextTable` draws. */
export interface TextTable {
  readonly columns: readonly TextColumn[]
  readonly rows: readonly (readonly (string | TextCell)[])[]
  /** Prefix of every line; counts toward the width. */
  readonly indent?: string
  /** Widest a line may be, in characters; unlimited when absent. */
  readonly width?: number
  /** Applied to the header line after padding. */
  readonly headerStyle?: (text: string) => string
}

const GAP = '  '
/** A column is never shrunk below this, so a truncated cell still shows a few characters. */
const MIN_COLUMN_WIDTH = 6

/**
 * Draws a table: a header line, then one line per row, columns two spaces apart.
 *
 * @param table - Columns, rows, indent, width and header style.
 * @returns The lines, without trailing spaces.
 * @example
 * renderTextTable({ columns: [{ header: 'arm' }, { header: 'sessions', align: 'right' }], rows: [['control', '4,960']] })
 * // ['arm      sessions', 'control     4,960']
 */
export function renderTextTable(table: TextTable): string[] {
  const indent = table.indent ?? ''
  const rows = table.rows.map((row) => table.columns.map((_, i) => toCell(row[i])))
  const widths = table.columns.map((column, i) =>
    Math.max(measure(column.header), ...rows.map((row) => measure(row[i]?.text ?? ''))),
  )
  if (table.width !== undefined) {
    const available = table.width - measure(indent)
    const flexible = table.columns.map((column) => column.flexible === true)
    shrinkToFit(widths, available, flexible)
    shrinkToFit(
      widths,
      available,
      flexible.map(() => true),
    )
  }
  const header = formatLine(
    table.columns.map((column) => ({ text: column.header })),
    table,
    widths,
  )
  const headerStyle = table.headerStyle ?? ((text: string) => text)
  return [
    `${indent}${headerStyle(header)}`.trimEnd(),
    ...rows.map((row) => `${indent}${formatLine(row, table, widths)}`.trimEnd()),
  ]
}

/**
 * Counts the characters a string takes on screen (code points; wide characters count as one).
 *
 * @param text - Plain text without colour codes.
 * @returns Its width.
 */
export function measure(text: string): number {
  let count = 0
  for (const _ of text) count += 1
  return count
}

/**
 * Cuts text to a width, ending in `…` when it was longer.
 *
 * @param text - Plain text.
 * @param width - At least 1.
 * @returns The text, at most `width` characters.
 */
export function truncateText(text: string, width: number): string {
  const chars = [...text]
  if (chars.length <= width) return text
  return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`
}

/**
 * Wraps prose at spaces so that no line exceeds a width (a word longer than the width gets its own line).
 *
 * @param text - One paragraph.
 * @param width - The widest line; unlimited when absent.
 * @param indent - Prefix of every continuation line.
 * @returns The lines.
 */
export function wrapText(text: string, width: number | undefined, indent = ''): string[] {
  if (width === undefined || measure(text) <= width) return [text]
  const lead = /^ */.exec(text)?.[0] ?? ''
  const lines: string[] = []
  let line = lead
  for (const word of text.slice(lead.length).split(' ')) {
    const start = line === lead || line === indent
    const candidate = start ? `${line}${word}` : `${line} ${word}`
    if (measure(candidate) > width && !start) {
      lines.push(line)
      line = `${indent}${word}`
    } else {
      line = candidate
    }
  }
  lines.push(line)
  return lines
}

function toCell(cell: string | TextCell | undefined): TextCell {
  if (cell === undefined) return { text: '' }
  return typeof cell === 'string' ? { text: cell } : cell
}

function shrinkToFit(widths: number[], available: number, shrinkable: readonly boolean[]): void {
  const total = () => widths.reduce((sum, w) => sum + w, 0) + GAP.length * Math.max(0, widths.length - 1)
  let excess = total() - available
  while (excess > 0) {
    let widest = -1
    for (const [i, w] of widths.entries()) {
      if (shrinkable[i] === true && w > MIN_COLUMN_WIDTH && (widest < 0 || w > (widths[widest] ?? 0)))
        widest = i
    }
    if (widest < 0) return
    widths[widest] = (widths[widest] ?? 0) - 1
    excess -= 1
  }
}

function formatLine(cells: readonly TextCell[], table: TextTable, widths: readonly number[]): string {
  return cells
    .map((cell, i) => {
      const width = widths[i] ?? 0
      const text = truncateText(cell.text, width)
      const pad = ' '.repeat(Math.max(0, width - measure(text)))
      const padded = table.columns[i]?.align === 'right' ? `${pad}${text}` : `${text}${pad}`
      return cell.style === undefined ? padded : applyStyleToText(padded, text, cell.style)
    })
    .join(GAP)
}

/** Styles only the visible text, so padding stays unstyled and underlines do not run into the gap. */
function applyStyleToText(padded: string, text: string, style: (text: string) => string): string {
  const at = padded.indexOf(text)
  if (at < 0 || text === '') return padded
  return `${padded.slice(0, at)}${style(text)}${padded.slice(at + text.length)}`
}
