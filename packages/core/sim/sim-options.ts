/**
 * Command-line options of `sim/run.ts`.
 */
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'

/** What one run simulates and where it writes. */
export interface SimOptions {
  /** Seed of the whole run; the same seed and options give the same report. */
  readonly seed: number
  /** Experiments per scenario and design. */
  readonly experiments: number
  /** Worker threads. */
  readonly workers: number
  /** Where to write the Markdown report; undefined prints it only. */
  readonly outPath: string | undefined
}

/** Defaults of the full run. */
export const DEFAULT_SIM_OPTIONS = {
  seed: 20260501,
  experiments: 2000,
} as const

/** The usage line printed with option errors. */
export const SIM_USAGE =
  'usage: tsx --conditions=@llm-canary/source sim/run.ts [--experiments N] [--seed S] [--workers W] [--out PATH | --out -]'

/**
 * Parses the command line.
 *
 * @param args - Arguments after the script name.
 * @param defaultOutPath - Where the report goes unless `--out` says otherwise (`--out -` only prints it).
 * @returns The options.
 * @throws {Error} For an unknown option or a value that is not a whole number in range.
 * @example parseSimOptions(['--experiments', '100'], 'docs/simulations.md')
 */
export function parseSimOptions(args: readonly string[], defaultOutPath: string): SimOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      experiments: { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  })
  const experiments = readWhole('--experiments', values.experiments, DEFAULT_SIM_OPTIONS.experiments, 1)
  const seed = readWhole('--seed', values.seed, DEFAULT_SIM_OPTIONS.seed, 0)
  const workers = readWhole('--workers', values.workers, Math.min(2, availableParallelism()), 1)
  const out = values.out ?? defaultOutPath
  return {
    seed,
    experiments,
    workers,
    outPath: out === '-' ? undefined : out,
  }
}

function readWhole(flag: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback
  const value = Number(text)
  if (!(Number.isSafeInteger(value) && value >= min && value <= 0xffffffff)) {
    throw new Error(`${flag} is "${text}"; pass a whole number from ${min} to 4294967295`)
  }
  return value
}
