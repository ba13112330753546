import type { VerdictStatus } from '@llm-canary/core'
import type { ExitCodeValue } from '../../../bin/exit-codes.js'
import { ExitCode } from '../../../bin/exit-codes.js'
import { checkAnalysisWindow } from '../../analysis/analysis-window.ts'
import { analyzeSpans } from '../../analysis/analyze.ts'
import { GateError } from '../../errors.ts'
import { readExperimentFile } from '../../experiment-file.ts'
import { renderJson } from '../../report/json.ts'
import { renderMarkdown } from '../../report/markdown.ts'
import { renderTerminal } from '../../report/terminal.ts'
import { openTraceSource, parseSourceSpec } from '../../sources/open-source.ts'
import { checkHeaderValue } from '../../sources/secret-redactor.ts'
import type { TraceSourceOptions } from '../../sources/source-options.ts'
import { SOURCE_DEFAULTS } from '../../sources/source-options.ts'
import type { AnalysisReport } from '../../types.ts'
import { parseTimeFlag } from '../duration.ts'
import { FLAG_RANGES, formatDuration, parseDurationFlag, parseIntegerFlag } from '../flags.ts'
import type { CliIO } from '../io.ts'
import { createStyle, isColorEnabled } from '../io.ts'
import { createMemoryGuard } from '../memory-guard.ts'
import type { ReadInput } from '../output-file.ts'
import { refuseOverwritingInputs, writeFileAtomically } from '../output-file.ts'
import { createProgress } from '../progress.ts'

/** How long the whole read of the traces may take by default (`--deadline`). */
export const DEFAULT_DEADLINE_MS = 600_000

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
  /** The whole read's deadline (`10m`). */
  readonly deadline?: string
  /** Largest trace document in MB (`--max-body-mb`). */
  readonly maxBodyMb?: string
  readonly plannedUnits?: string
  readonly progress?: boolean
}

/**
 * `llm-canary analyze`: reads the experiment's spans from a source, runs the statistics and prints the
 * verdict as a table, JSON or Markdown.
 *
 * @returns 0 pass, 1 fail, 3 inconclusive or review.
 * @throws GateError for bad flags, files or sources (exit 2), and when the traces cannot be read within
 *   their limits and the deadline (exit 4: no data is never a pass).
 */
export async function analyzeCommand(options: AnalyzeOptions, io: CliIO): Promise<number> {
  const format = options.format ?? 'table'
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new GateError('USAGE', `--format ${format}: use one of ${REPORT_FORMATS.join(', ')}`)
  }
  const now = new Date()
  const sourceSpec = options.source ?? DEFAULT_SOURCE
  const deadlineMs =
    options.deadline === undefined
      ? DEFAULT_DEADLINE_MS
      : parseDurationFlag('--deadline', options.deadline, FLAG_RANGES.deadlineMs)
  const sourceOptions = readSourceFlags(options, io)
  const plannedUnits =
    options.plannedUnits === undefined
      ? undefined
      : parseIntegerFlag('--planned-units', options.plannedUnits, FLAG_RANGES.plannedUnits)
  if (options.output !== undefined) await refuseOverwritingInputs(options.output, readInputs(options))
  const { experiment } = await readExperimentFile(options.experiment)
  const since = parseTimeFlag('--since', options.since ?? `${experiment.analysis.horizonDays}d`, now)
  const until = options.until === undefined ? now : parseTimeFlag('--until', options.until, now)
  checkAnalysisWindow(since, until, { since: '--since', until: '--until' })
  const source = openTraceSource(sourceSpec, sourceOptions)
  const progress = createProgress(io, options.progress !== false, experiment.unit)
  const deadline = AbortSignal.timeout(deadlineMs)
  const checkMemory = createMemoryGuard({
    unit: experiment.unit,
    ...(io.env === undefined ? {} : { env: io.env }),
  })
  let read = { spansRead: 0, units: 0 }
  let report: AnalysisReport
  try {
    report = await analyzeSpans({
      experiment,
      source,
      since,
      until,
      signal: deadline,
      onProgress: (figures) => {
        read = figures
        progress.update(figures)
        checkMemory(figures)
      },
      ...(plannedUnits === undefined ? {} : { plannedUnitsPerArm: plannedUnits }),
      ...(options.service === undefined ? {} : { serviceName: options.service }),
    })
  } catch (err) {
    if (!deadline.aborted) throw err
    throw new GateError(
      'DEADLINE_EXCEEDED',
      `reading the traces from ${source.description} did not finish within the ${formatDuration(deadlineMs)} deadline: ` +
        `${read.spansRead.toLocaleString('en-US')} spans of ${read.units.toLocaleString('en-US')} ${experiment.unit}s read so far, not analysed ` +
        '(narrow the window with --since, raise --deadline, or check why the backend is slow)',
      { cause: err },
    )
  } finally {
    progress.stop()
  }
  const text =
    format === 'json'
      ? renderJson(report)
      : format === 'markdown'
        ? renderMarkdown(report)
        : renderTerminal(report, { color: isColorEnabled(io) })
  const ended = text.endsWith('\n') ? text : `${text}\n`
  if (options.output === undefined) io.stdout.write(ended)
  else await writeFileAtomically(options.output, io.guard?.(ended) ?? ended)
  return exitCodeOf(report.verdict.status)
}

/** The CLI exit code of a verdict (`ExitCode`): `Pass` 0, `Fail` 1, `Undecided` 3 for inconclusive or review. */
function exitCodeOf(status: VerdictStatus): ExitCodeValue {
  switch (status) {
    case 'pass':
      return ExitCode.Pass
    case 'fail':
      return ExitCode.Fail
    case 'inconclusive':
    case 'review':
      return ExitCode.Undecided
  }
}

/** The trace source's settings from flags and environment, each checked at the edge. */
function readSourceFlags(options: AnalyzeOptions, io: CliIO): TraceSourceOptions {
  const env = io.env ?? {}
  const token = env.LLM_CANARY_TRACE_TOKEN?.trim()
  const tenant = options.tenant ?? env.LLM_CANARY_TRACE_TENANT
  if (token !== undefined) checkHeaderValue('LLM_CANARY_TRACE_TOKEN', token)
  if (tenant !== undefined)
    checkHeaderValue(options.tenant === undefined ? 'LLM_CANARY_TRACE_TENANT' : '--tenant', tenant)
  const maxBodyMb = options.maxBodyMb ?? env.LLM_CANARY_MAX_BODY_MB
  return {
    onWarning: (message) => io.stderr.write(`${createStyle(io).yellow('warning:')} ${message}\n`),
    ...(token === undefined || token === '' ? {} : { token, headers: { Authorization: `Bearer ${token}` } }),
    ...(tenant === undefined ? {} : { tenant }),
    ...(options.timeout === undefined
      ? {}
      : { timeoutMs: parseDurationFlag('--timeout', options.timeout, FLAG_RANGES.timeoutMs) }),
    ...(options.retries === undefined
      ? {}
      : { retries: parseIntegerFlag('--retries', options.retries, FLAG_RANGES.retries) }),
    maxBodyBytes:
      maxBodyMb === undefined
        ? SOURCE_DEFAULTS.maxBodyBytes
        : parseIntegerFlag(
            options.maxBodyMb === undefined ? 'LLM_CANARY_MAX_BODY_MB' : '--max-body-mb',
            maxBodyMb,
            FLAG_RANGES.maxBodyMb,
          ) * MB,
  }
}

const MB = 1_048_576

/** The files the command reads: its report must not overwrite them. */
function readInputs(options: AnalyzeOptions): ReadInput[] {
  const inputs: ReadInput[] = [{ what: 'the experiment file', path: options.experiment }]
  const spec = parseSourceSpec(options.source ?? DEFAULT_SOURCE)
  if (spec.kind === 'file') inputs.push({ what: 'the trace source', path: spec.target })
  return inputs
}
