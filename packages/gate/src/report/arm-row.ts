import type { ArmReport } from '../types.ts'

/**
 * The report's row for one arm, looked up by name (a report is data: it may come back from JSON, so the
 * row can be missing).
 *
 * @param rows - The report's `arms`.
 * @param name - The arm's name; undefined finds nothing.
 * @returns The row, or undefined.
 * @example
 * findArmRow(report.arms, 'control')?.units
 */
export function findArmRow(rows: readonly ArmReport[], name: string | undefined): ArmReport | undefined {
  return name === undefined ? undefined : rows.find((row) => row.arm === name)
}
