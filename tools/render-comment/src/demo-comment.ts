import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { RenderError } from './render-error.ts'

/**
 * Runs the demo (`pnpm demo`, built packages, default scenario and sessions) with its traces in a folder
 * of the caller's, and returns the pull-request comment it wrote there.
 *
 * @param repoRoot - The repository.
 * @param dir - A scratch folder for the trace file and the comment.
 * @returns The path of `pr-comment.md`.
 * @throws RenderError `DEMO_FAILED` when the demo fails or writes no comment.
 */
export function runDemoForComment(repoRoot: string, dir: string): string {
  const traces = join(dir, 'traces.jsonl')
  const result = spawnSync(
    process.execPath,
    [
      join(repoRoot, 'node_modules/tsx/dist/cli.mjs'),
      join(repoRoot, 'examples/demo/src/main.ts'),
      '--out',
      traces,
    ],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, INIT_CWD: repoRoot, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const comment = join(dir, 'pr-comment.md')
  if (result.status !== 0 || !existsSync(comment)) {
    throw new RenderError(
      'DEMO_FAILED',
      `the demo exited ${result.status ?? result.signal} without writing ${comment}; run \`pnpm demo\` to see why (it needs \`pnpm build\`)`,
    )
  }
  return comment
}
