import { styleText } from 'node:util'

/** Where the CLI writes; injected so tests run it in-process. */
export interface CliIO {
  readonly stdout: { write(text: string): unknown }
  readonly stderr: { write(text: string): unknown }
  /** True when stdout is a terminal: enables colour (unless `NO_COLOR` is set) and progress. */
  readonly isTTY?: boolean
  readonly env?: Readonly<Record<string, string | undefined>>
  /**
   * Where the live progress line goes (default `stderr`); drawn only when it is a terminal. The launcher
   * hands the CLI its terminal on a separate descriptor while it reads the CLI's stderr itself.
   */
  readonly progressStream?: { readonly isTTY?: boolean; write(text: string): unknown }
  /**
   * Makes text bound for a file safe (secrets masked, control characters escaped); set by `runCli`, which
   * guards stdout and stderr the same way.
   */
  readonly guard?: (text: string) => string
}

type Color = Parameters<typeof styleText>[0]

/** Text styles that become plain text when colour is off. */
export interface Style {
  bold(text: string): string
  dim(text: string): string
  red(text: string): string
  green(text: string): string
  yellow(text: string): string
}

/**
 * Styles for this output: colour on a TTY unless `NO_COLOR` is set; `FORCE_COLOR` forces it on.
 *
 * @param io - the CLI's output and environment.
 */
export function createStyle(io: CliIO): Style {
  const enabled = isColorEnabled(io)
  const paint = (color: Color) => (text: string) => (enabled ? styleText(color, text) : text)
  return {
    bold: paint('bold'),
    dim: paint('dim'),
    red: paint('red'),
    green: paint('green'),
    yellow: paint('yellow'),
  }
}

/**
 * Whether the CLI colours its output: on a TTY unless `NO_COLOR` is set; `FORCE_COLOR` forces it on.
 *
 * @param io - the CLI's output and environment.
 * @returns true when colour is on.
 */
export function isColorEnabled(io: CliIO): boolean {
  const env = io.env ?? {}
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0'
  return forced || (io.isTTY === true && env.NO_COLOR === undefined)
}

/** Pads cells into aligned columns (two spaces apart); the last column is not padded. */
export function formatColumns(rows: readonly (readonly string[])[], indent = ''): string {
  const widths: number[] = []
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length)
  }
  return rows
    .map(
      (row) =>
        indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '),
    )
    .join('\n')
}
