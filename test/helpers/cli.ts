import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

const launcher = join(repoRoot, 'packages/gate/bin/llm-canary.js')
const built = join(repoRoot, 'packages/gate/dist/cli/bin.js')

/** What one run of the built CLI printed and returned. */
export interface CliRun {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs the built `llm-canary` CLI through its published bin launcher, as a user's shell would.
 *
 * @throws Error when the gate package has not been built (`pnpm build`; `pnpm test` builds first).
 */
export function runBuiltCli(
  args: readonly string[],
  options: { cwd?: string; env?: Readonly<Record<string, string>> } = {},
): CliRun {
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`pnpm build\` first (pnpm test does)`)
  const result = spawnSync(process.execPath, [launcher, ...args], {
    cwd: options.cwd ?? repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env },
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

/**
 * Runs the built CLI without blocking the event loop, so a test can serve HTTP to it from the same
 * process (loopback fixtures for Jaeger and Tempo).
 */
export function runBuiltCliAsync(
  args: readonly string[],
  options: { cwd?: string; env?: Readonly<Record<string, string>> } = {},
): Promise<CliRun> {
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`pnpm build\` first (pnpm test does)`)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [launcher, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}
