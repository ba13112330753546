import { runCli } from './main.ts'

/** What one in-process run of the CLI printed and returned. */
export interface InProcessRun {
  readonly status: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs the CLI in-process with captured output, no colour and no environment (tests only). */
export async function runInProcess(args: readonly string[]): Promise<InProcessRun> {
  let stdout = ''
  let stderr = ''
  const status = await runCli(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    isTTY: false,
    env: {},
  })
  return { status, stdout, stderr }
}
