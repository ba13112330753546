import type { AnalysisReport } from '../types.ts'
import type { ReportJson } from './report-schema.ts'
import { projectReportJson } from './report-schema.ts'

/**
 * The JSON report: `AnalysisReport` projected onto the schema documented in docs/report-schema.md
 * (`schemaVersion: 3`, defined once in `report-schema.ts`), so the output holds exactly the documented
 * fields, in the documented order, whatever else the in-memory objects carry. JSON has no infinity: a
 * non-finite number (an unbounded side of a quantile interval) is written as `null`.
 */

/**
 * Renders the report as the stable JSON document (two-space indent, trailing newline).
 *
 * @param report - The analysis report.
 * @returns The JSON text.
 * @example
 * await writeFile('report.json', renderJson(report))
 */
export function renderJson(report: AnalysisReport): string {
  return `${JSON.stringify(toReportJson(report), null, 2)}\n`
}

/**
 * Projects the report onto the documented schema without serialising it: non-finite numbers become
 * `null`, then the schema (`report-schema.ts`) keeps its documented fields, in order, and drops the rest.
 *
 * @param report - The analysis report.
 * @returns A plain object holding only documented fields; non-finite numbers are `null`, absent
 *   optional fields are left out.
 * @throws Error when the report breaks the schema (a bug in what built it).
 */
export function toReportJson(report: AnalysisReport): ReportJson {
  return projectReportJson(toJsonNumbers(report))
}

/** The value with every non-finite number written as `null`, as JSON has no infinity. */
function toJsonNumbers(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (Array.isArray(value)) return value.map(toJsonNumbers)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJsonNumbers(item)]))
}
