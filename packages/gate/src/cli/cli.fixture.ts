import type { CliIO } from './io.ts'
import { runCli } from './main.ts'

/** What one in-process run of the CLI printed and returned. */
export interface InProcessRun {
  readonly status: number
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs the CLI in-process with captured output (tests only): by default no terminal and no environment,
 * so no colour; pass `isTTY` and `env` to test what changes with them.
 */
export async function runInProcess(
  args: readonly string[],
  terminal: Pick<CliIO, 'isTTY' | 'env'> = {},
): Promise<InProcessRun> {
  let stdout = ''
  let stderr = ''
  const status = await runCli(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    isTTY: terminal.isTTY ?? false,
    env: terminal.env ?? {},
  })
  return { status, stdout, stderr }
}
