import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import type { CliRun } from './cli.ts'
import { repoRoot } from './cli.ts'

const demoMain = join(repoRoot, 'examples/demo/src/main.ts')
const tsxCli = join(repoRoot, 'node_modules/tsx/dist/cli.mjs')

/**
 * Runs the demo as `pnpm demo` does (tsx over the built packages), from the repository root, without colour.
 *
 * @param args - The demo's flags (`--sessions 600 --seed 3 --out traces.jsonl`).
 * @returns What it printed and its exit status.
 */
export function runDemo(args: readonly string[]): CliRun {
  const result = spawnSync(process.execPath, [tsxCli, demoMain, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: repoRoot, NO_COLOR: '1', FORCE_COLOR: undefined },
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

/**
 * Writes the demo's regression scenario (600 sessions, seed 3: a FAIL) as an OTLP JSON-lines file.
 *
 * @param out - The file to write.
 * @throws Error with the demo's stderr when it fails.
 */
export function writeDemoTraces(out: string): void {
  const demo = runDemo(['--sessions', '600', '--seed', '3', '--out', out])
  if (demo.status !== 0) throw new Error(`the demo failed: ${demo.stderr}`)
}
