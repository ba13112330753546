import { CommanderError } from 'commander'
import { formatJsonError } from '../../bin/error-output.js'
import { ExitCode } from '../../bin/exit-codes.js'
import type { GateErrorCode, LocatedIssue } from '../errors.ts'
import { exitCodeOfError } from '../errors.ts'
import { formatLocatedIssue } from '../experiment-file.ts'
import { describeUnexpected } from './describe-unexpected.ts'
import type { CliIO } from './io.ts'
import { createStyle } from './io.ts'

/**
 * Reports an error that ended a command and gives its exit code. On stderr, `error: <what happened and
 * what to do>` (then each located problem of an invalid file); with `json` also, on stdout, the JSON
 * error document `{"error": {"code", "message"}}` (with `issues` for an invalid file), so a script reading
 * stdout gets JSON whatever happened. Codes: a `GateError`'s or `CoreError`'s own, `USAGE` for a command
 * line Commander refused, `INTERNAL` for anything unexpected (a bug: no stack unless `LLM_CANARY_DEBUG=1`).
 *
 * @param err - What the command threw.
 * @param io - The CLI's (guarded) output.
 * @param json - True when the command line asked for JSON output.
 * @returns 0 for help and version, 4 when the trace backend could not be read, else 2.
 */
export function reportError(err: unknown, io: CliIO, json: boolean): number {
  if (err instanceof CommanderError) {
    // Commander has already printed its `error: …` line (and help where useful).
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return ExitCode.Pass
    if (json) io.stdout.write(formatJsonError('USAGE', err.message.replace(/^error:\s*/, '')))
    return ExitCode.Usage
  }
  const style = createStyle(io)
  if (err instanceof Error && (err.name === 'GateError' || err.name === 'CoreError')) {
    const {
      code: errorCode,
      issues = [],
      file,
    } = err as Error & {
      code?: string
      issues?: readonly LocatedIssue[]
      file?: string
    }
    const exitCode = exitCodeOfError(err.name === 'GateError' ? (errorCode as GateErrorCode) : undefined)
    // A backend that cannot be read leaves the verdict open; it is never a pass.
    const verdict =
      exitCode === ExitCode.Backend ? ' — no verdict: the traces could not be read (exit 4)' : ''
    const message = `${err.message}${verdict}`
    io.stderr.write(`${style.red('error:')} ${message}\n`)
    for (const issue of issues) io.stderr.write(`  ${formatLocatedIssue(file, issue)}\n`)
    if (issues.length > 0) io.stderr.write('Fix them and run the command again.\n')
    if (json) {
      const located = issues.length === 0 ? {} : { issues: issues.map((issue) => toJsonIssue(file, issue)) }
      io.stdout.write(formatJsonError(errorCode ?? 'INTERNAL', message, located))
    }
    return exitCode
  }
  io.stderr.write(`${style.red('error:')} internal error: ${describeUnexpected(err, io.env)}\n`)
  if (json) io.stdout.write(formatJsonError('INTERNAL', `internal error: ${describeUnexpected(err)}`))
  return ExitCode.Usage
}

/** A located problem as the JSON error lists it: the text line, and its parts for a program. */
function toJsonIssue(file: string | undefined, issue: LocatedIssue): Record<string, unknown> {
  return {
    text: formatLocatedIssue(file, issue),
    path: issue.path,
    message: issue.message,
    ...(issue.line === undefined ? {} : { line: issue.line }),
    ...(issue.column === undefined ? {} : { column: issue.column }),
  }
}
