import type { VerdictStatus } from '@llm-canary/core'
import { analyzeSpans } from '../../analysis/analyze.ts'
import { GateError } from '../../errors.ts'
import { readExperimentFile } from '../../experiment-file.ts'
import { renderJson } from '../../report/json.ts'
import { renderMarkdown } from '../../report/markdown.ts'
import { renderTerminal } from '../../report/terminal.ts'
import { openTraceSource } from '../../sources/open-source.ts'
import type { AnalysisReport } from '../../types.ts'
import { parseTimeFlag } from '../duration.ts'
import type { CliIO } from '../io.ts'
import { writeFileAtomically } from '../output-file.ts'
import { createProgress } from '../progress.ts'

/** The embedded default trace store, written by the LangGraph package's file exporter. */
export const DEFAULT_SOURCE = 'file:.llm-canary/traces.jsonl'

/** Report formats of `llm-canary analyze`. */
export const REPORT_FORMATS = ['table', 'json', 'markdown'] as const

/** Options of `llm-canary analyze`. */
export interface AnalyzeOptions {
  readonly experiment: string
  readonly source?: string
  readonly since?: string
  readonly until?: string
  readonly format?: string
  readonly output?: string
  readonly service?: string
  readonly tenant?: string
  readonly timeout?: string
  readonly retries?: string
  readonly plannedUnits?: string
  readonly progress?: boolean
}

/**
 * `llm-canary analyze`: reads the experiment's spans from a source, runs the statistics and prints the
 * verdict as a table, JSON or Markdown.
 *
 * @returns 0 pass, 1 fail, 3 inconclusive or review (and 3 when the backend cannot be reached: no data
 *   is never a pass).
 * @throws GateError for bad flags, files or sources (exit 2).
 */
export async function analyzeCommand(options: AnalyzeOptions, io: CliIO): Promise<number> {
  const format = options.format ?? 'table'
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new GateError('USAGE', `--format ${format}: use one of ${REPORT_FORMATS.join(', ')}`)
  }
  const now = new Date()
  const { experiment } = await readExperimentFile(options.experiment)
  const since = parseTimeFlag('--since', options.since ?? `${experiment.analysis.horizonDays}d`, now)
  const until = options.until === undefined ? now : parseTimeFlag('--until', options.until, now)
  if (until.getTime() <= since.getTime()) {
    throw new GateError('USAGE', `--until ${until.toISOString()} is not after --since ${since.toISOString()}`)
  }
  const token = io.env?.LLM_CANARY_TRACE_TOKEN
  const tenant = options.tenant ?? io.env?.LLM_CANARY_TRACE_TENANT
  const source = openTraceSource(options.source ?? DEFAULT_SOURCE, {
    onWarning: (message) => io.stderr.write(`warning ${message}\n`),
    ...(token === undefined || token === '' ? {} : { headers: { Authorization: `Bearer ${token}` } }),
    ...(tenant === undefined ? {} : { tenant }),
    ...(options.timeout === undefined ? {} : { timeoutMs: parsePositive('--timeout', options.timeout) }),
    ...(options.retries === undefined ? {} : { retries: parseCount('--retries', options.retries) }),
  })
  const progress = createProgress(io, options.progress !== false)
  let report: AnalysisReport
  try {
    report = await analyzeSpans({
      experiment,
      source,
      since,
      until,
      onProgress: progress.update,
      ...(options.plannedUnits === undefined
        ? {}
        : { plannedUnitsPerArm: parsePositive('--planned-units', options.plannedUnits) }),
      ...(options.service === undefined ? {} : { serviceName: options.service }),
    })
  } finally {
    progress.stop()
  }
  const text =
    format === 'json'
      ? renderJson(report)
      : format === 'markdown'
        ? renderMarkdown(report)
        : renderTerminal(report, { color: io.isTTY === true && io.env?.NO_COLOR === undefined })
  if (options.output === undefined) io.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
  else await writeFileAtomically(options.output, text.endsWith('\n') ? text : `${text}\n`)
  return exitCodeOf(report.verdict.status)
}

/** The CLI exit code of a verdict: 0 pass, 1 fail, 3 inconclusive or review. */
export function exitCodeOf(status: VerdictStatus): number {
  switch (status) {
    case 'pass':
      return 0
    case 'fail':
      return 1
    case 'inconclusive':
    case 'review':
      return 3
  }
}

function parsePositive(flag: string, text: string): number {
  const value = Number(text)
  if (!Number.isFinite(value) || value <= 0)
    throw new GateError('USAGE', `${flag} ${text}: give a positive number`)
  return value
}

function parseCount(flag: string, text: string): number {
  const value = Number(text)
  if (!Number.isInteger(value) || value < 0)
    throw new GateError('USAGE', `${flag} ${text}: give a whole number ≥ 0`)
  return value
}
