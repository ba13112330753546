import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { toReportJson } from '@llm-canary/gate'
import type { ExperimentResult } from '../experiment-result.ts'

/**
 * Writes the `report-json` output's file: a JSON array with one entry per experiment file — the file, the
 * lifecycle step, the check's outcome and title, the verdict, the data window and the gate's report
 * (docs/report-schema.md; `null` when nothing was analysed), or the backend error.
 *
 * @param dir - The folder (the runner's temp folder).
 * @param results - One per experiment.
 * @returns The file's absolute path.
 */
export async function writeReportFile(dir: string, results: readonly ExperimentResult[]): Promise<string> {
  const path = resolve(join(dir, 'llm-canary-report.json'))
  await mkdir(resolve(dir), { recursive: true })
  await writeFile(path, `${JSON.stringify(results.map(toEntry), null, 2)}\n`)
  return path
}

function toEntry(result: ExperimentResult): Readonly<Record<string, unknown>> {
  const { report, backendError, override } = result.gate
  return {
    experiment: result.experiment,
    file: result.file,
    check: result.checkName,
    step: result.change.kind,
    change: result.change.summary,
    outcome: result.decision.outcome,
    verdict: result.decision.verdict,
    title: result.decision.title,
    since: result.window === undefined ? null : result.window.since.toISOString(),
    ...(override?.grantedBy === undefined ? {} : { overriddenBy: override.grantedBy }),
    ...(backendError === undefined ? {} : { backendError: { ...backendError } }),
    report: report === undefined ? null : toReportJson(report),
  }
}
