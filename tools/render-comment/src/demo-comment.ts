import { spawnSync } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { RenderError } from './render-error.ts'

/**
 * Runs the demo as `pnpm demo` does (built packages, default scenario and sessions, its trace file at
 * `.llm-canary/traces.jsonl` of the repository, so the comment names the source a user sees), and
 * returns the pull-request comment it wrote beside it.
 *
 * @param repoRoot - The repository.
 * @returns The path of `.llm-canary/pr-comment.md`.
 * @throws RenderError `DEMO_FAILED` when the demo fails or writes no comment.
 */
export function runDemoForComment(repoRoot: string): string {
  const comment = join(repoRoot, '.llm-canary', 'pr-comment.md')
  rmSync(comment, { force: true })
  const result = spawnSync(
    process.execPath,
    [join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), join(repoRoot, 'examples/demo/src/main.ts')],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, INIT_CWD: repoRoot, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  if (result.status !== 0 || !existsSync(comment)) {
    throw new RenderError(
      'DEMO_FAILED',
      `the demo exited ${result.status ?? result.signal} without writing ${comment}; run \`pnpm demo\` to see why (it needs \`pnpm build\`)`,
    )
  }
  return comment
}
