/**
 * Command-line options of `sim/run.ts`.
 */
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'
import { MEAN_LOOK_SESSIONS, QUANTILE_LOOK_SESSIONS } from './sim-model.ts'

/** What one run simulates and where it writes. */
export interface SimOptions {
  /** Seed of the whole run; the same seed and options give the same report. */
  readonly seed: number
  /** Experiments per scenario on the cost and error-rate guardrails. */
  readonly experiments: number
  /** Experiments per P95 scenario (each look sorts and bisects, so fewer). */
  readonly quantileExperiments: number
  /** Sessions at the last look. */
  readonly maxSessions: number
  /** Worker threads. */
  readonly workers: number
  /** Where to write the Markdown report; undefined prints it only. */
  readonly outPath: string | undefined
}

/** Defaults of the full run. */
export const DEFAULT_SIM_OPTIONS = {
  seed: 20260501,
  experiments: 2000,
  maxSessions: 20_000,
} as const

/** P95 experiments per mean experiment when `--quantile-experiments` is not given. */
const QUANTILE_SHARE = 0.5

/** The usage line printed with option errors. */
export const SIM_USAGE =
  'usage: tsx --conditions=@llm-canary/source sim/run.ts [--experiments N] [--quantile-experiments N] [--max-sessions M] [--seed S] [--workers W] [--out PATH | --out -]'

/**
 * Parses the command line.
 *
 * @param args - Arguments after the script name.
 * @param defaultOutPath - Where the report goes unless `--out` says otherwise (`--out -` only prints it).
 * @returns The options.
 * @throws {Error} For an unknown option or a value that is not a whole number in range.
 * @example parseSimOptions(['--experiments', '100', '--max-sessions', '2000'], 'docs/simulations.md')
 */
export function parseSimOptions(args: readonly string[], defaultOutPath: string): SimOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      experiments: { type: 'string' },
      'quantile-experiments': { type: 'string' },
      'max-sessions': { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  })
  const experiments = readWhole('--experiments', values.experiments, DEFAULT_SIM_OPTIONS.experiments, 1)
  const quantileExperiments = readWhole(
    '--quantile-experiments',
    values['quantile-experiments'],
    Math.max(1, Math.round(experiments * QUANTILE_SHARE)),
    1,
  )
  const minSessions = Math.max(MEAN_LOOK_SESSIONS, QUANTILE_LOOK_SESSIONS)
  const maxSessions = readWhole(
    '--max-sessions',
    values['max-sessions'],
    DEFAULT_SIM_OPTIONS.maxSessions,
    minSessions,
  )
  const seed = readWhole('--seed', values.seed, DEFAULT_SIM_OPTIONS.seed, 0)
  const workers = readWhole('--workers', values.workers, Math.min(2, availableParallelism()), 1)
  const out = values.out ?? defaultOutPath
  return {
    seed,
    experiments,
    quantileExperiments,
    maxSessions,
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
