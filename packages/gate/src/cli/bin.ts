import { writeSync } from 'node:fs'
import { isatty, WriteStream } from 'node:tty'
import { formatJsonError, jsonOutputRequested } from '../../bin/error-output.js'
import { ExitCode } from '../../bin/exit-codes.js'
import { escapeUnsafeOutput } from '../report/unsafe-characters.ts'
import { describeUnexpected } from './describe-unexpected.ts'
import { collectSecrets } from './safe-output.ts'

// The CLI's process entry. A crash must never look like a verdict: an error nobody caught ends the process
// with one guarded line and exit 2, and under the launcher (bin/llm-canary.js) the exit code is declared on
// the descriptor it named, so the launcher can tell an exit the CLI chose from a process that died.

const argv = process.argv.slice(2)
const env = process.env
const secrets = collectSecrets(argv, env)

function crash(err: unknown): void {
  const guard = (text: string): string => escapeUnsafeOutput(secrets.redact(text))
  process.stderr.write(`${guard(`error: internal error: ${describeUnexpected(err, env)}`)}\n`)
  if (jsonOutputRequested(argv)) {
    process.stdout.write(guard(formatJsonError('INTERNAL', `internal error: ${describeUnexpected(err)}`)))
  }
  declareExit(ExitCode.Usage)
  process.exit(ExitCode.Usage)
}

function declareExit(code: number): void {
  const fd = Number(env.LLM_CANARY_EXIT_FD)
  if (!Number.isInteger(fd) || fd < 3) return
  try {
    writeSync(fd, `${code}\n`)
  } catch {
    // The launcher is gone: nobody to tell.
  }
}

function progressStream(): WriteStream | undefined {
  const fd = Number(env.LLM_CANARY_PROGRESS_FD)
  return Number.isInteger(fd) && fd >= 3 && isatty(fd) ? new WriteStream(fd) : undefined
}

process.on('uncaughtException', crash)
process.on('unhandledRejection', crash)

// Loaded after the handlers are in place, so even an error while loading the CLI is one line.
const { runCli } = await import('./main.ts')
const progress = progressStream()
const code = await runCli(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: process.stdout.isTTY === true,
  env,
  ...(progress === undefined ? {} : { progressStream: progress }),
})
progress?.destroy()
declareExit(code)
process.exitCode = code
