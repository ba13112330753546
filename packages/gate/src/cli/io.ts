import type { ReportStyle } from '../report/terminal-style.ts'
import { createReportStyle } from '../report/terminal-style.ts'

/** Where the CLI writes; injected so tests run it in-process. */
export interface CliIO {
  readonly stdout: { write(text: string): unknown }
  readonly stderr: { write(text: string): unknown }
  /** True when stdout is a terminal: enables colour (unless `NO_COLOR` is set and not empty) and progress. */
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

/** Text styles that become plain text when colour is off: the report's own, so CLI and report agree. */
export type Style = ReportStyle

/**
 * Styles for this output, on or off as `isColorEnabled` says. The SGR codes are written out (the report's
 * `createReportStyle`), not left to `util.styleText`, which on Node ≥ 22 consults `process.stdout` rather
 * than the stream the CLI writes to.
 *
 * @param io - the CLI's output and environment.
 * @returns the styles.
 */
export function createStyle(io: CliIO): Style {
  return createReportStyle(isColorEnabled(io))
}

/**
 * Whether the CLI colours its output, the report included. `FORCE_COLOR` decides when it is set (`0` or
 * `false` turn colour off, anything else on, the empty string included, as Node reads it); otherwise colour
 * is on for a terminal unless `NO_COLOR` is set to a non-empty value (no-color.org: an empty one does not count).
 *
 * @param io - the CLI's output and environment.
 * @returns true when colour is on.
 */
export function isColorEnabled(io: CliIO): boolean {
  const env = io.env ?? {}
  const forced = env.FORCE_COLOR
  if (forced !== undefined) return forced !== '0' && forced.toLowerCase() !== 'false'
  return io.isTTY === true && (env.NO_COLOR ?? '') === ''
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
