import { isAbsolute, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where the demo reads and writes, and how to name those paths in the commands it prints. */
export interface DemoPaths {
  /** The folder the user ran the demo from: pnpm's `INIT_CWD`, else the working directory. */
  readonly baseDir: string
  readonly experimentPath: string
  readonly tracesPath: string
  /** `experimentPath` relative to `baseDir` (in full when outside it). */
  readonly experimentShown: string
  /** `tracesPath` relative to `baseDir` (in full when outside it). */
  readonly tracesShown: string
  /** The repository's `llm-canary` launcher, relative to `baseDir` (in full when outside it). */
  readonly cliShown: string
}

/** The trace file under the base folder; the same default as `llm-canary analyze --source`. */
const DEFAULT_TRACES = join('.llm-canary', 'traces.jsonl')

/**
 * Resolves the demo's paths. `pnpm demo` runs the script inside `examples/demo` but sets `INIT_CWD` to
 * where the user typed the command (the repository root), so the trace file lands there and the printed
 * `llm-canary analyze` command works from there as written.
 *
 * @param options - The `--out` flag, the environment and the working directory.
 * @returns The paths.
 * @example
 * resolveDemoPaths({ out: undefined, env: { INIT_CWD: '/repo' }, cwd: '/repo/examples/demo' }).tracesShown
 * // '.llm-canary/traces.jsonl'
 */
export function resolveDemoPaths(options: {
  readonly out: string | undefined
  readonly env: Readonly<Record<string, string | undefined>>
  readonly cwd: string
}): DemoPaths {
  const initCwd = options.env.INIT_CWD
  const baseDir = initCwd === undefined || initCwd === '' ? options.cwd : initCwd
  const experimentPath = fileURLToPath(new URL('../experiment.yaml', import.meta.url))
  const cliPath = fileURLToPath(new URL('../../../packages/gate/bin/llm-canary.js', import.meta.url))
  const tracesPath = resolve(baseDir, options.out ?? DEFAULT_TRACES)
  return {
    baseDir,
    experimentPath,
    tracesPath,
    experimentShown: showPath(baseDir, experimentPath),
    tracesShown: showPath(baseDir, tracesPath),
    cliShown: showPath(baseDir, cliPath),
  }
}

/**
 * Quotes a command-line argument for a POSIX shell when it needs it.
 *
 * @param argument - The argument.
 * @returns It as is, or single-quoted.
 */
export function quoteArgument(argument: string): string {
  return /^[\w@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replaceAll("'", "'\\''")}'`
}

/**
 * Shows a path as the demo prints it: relative to the base folder when below it, else in full.
 *
 * @param baseDir - The folder the user ran the demo from.
 * @param path - An absolute path.
 * @returns E.g. `.llm-canary/pr-comment.md`.
 */
export function showPath(baseDir: string, path: string): string {
  const shown = relative(baseDir, path)
  return shown === '' || shown.startsWith('..') || isAbsolute(shown) ? path : shown
}
