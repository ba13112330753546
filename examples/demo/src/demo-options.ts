import { parseArgs } from 'node:util'
import type { Scenario } from './model-profiles.ts'
import { SCENARIOS } from './model-profiles.ts'

/** The demo's settings, from its command line. */
export interface DemoOptions {
  readonly sessions: number
  readonly seed: number
  readonly scenario: Scenario
  readonly concurrency: number
  /** The trace file to write; `.llm-canary/traces.jsonl` under the base folder when absent. */
  readonly out: string | undefined
  readonly help: boolean
}

/** A bad flag: the demo prints the message and the usage, and exits 2. */
export class DemoUsageError extends Error {
  override name = 'DemoUsageError'
}

/** The defaults: 2,000 sessions at 80/20 fail on the regression scenario. */
const DEFAULT_OPTIONS = { sessions: 2_000, seed: 1, scenario: 'regression', concurrency: 32 } as const

/** What `--help` prints. */
export const USAGE = `Usage: pnpm demo [-- options]

Runs the invoice-processing workflow on simulated sessions, writes their spans, and gives the gate's verdict.

Options:
  --sessions <n>      sessions to run (default ${DEFAULT_OPTIONS.sessions})
  --scenario <name>   ${SCENARIOS.join(' | ')}: a candidate that regresses, or one as good as control (default ${DEFAULT_OPTIONS.scenario})
  --seed <n>          seed of the invoices, the session ids and every simulated draw (default ${DEFAULT_OPTIONS.seed})
  --concurrency <n>   sessions in flight at once (default ${DEFAULT_OPTIONS.concurrency})
  --out <file>        trace file to write (default .llm-canary/traces.jsonl at the repository root)
  -h, --help          this help

The demo exits 0 whatever the verdict (1 when something broke, 2 for a bad flag);
llm-canary analyze exits 0 pass, 1 fail, 3 inconclusive or review.`

/**
 * Reads the demo's flags.
 *
 * @param args - The arguments after the script (`process.argv.slice(2)`).
 * @returns The options, defaults applied.
 * @throws {DemoUsageError} For an unknown flag or a value out of range.
 * @example
 * readDemoOptions(['--sessions', '6000', '--scenario', 'healthy']).sessions // 6000
 */
export function readDemoOptions(args: readonly string[]): DemoOptions {
  let values: Record<string, string | boolean | undefined>
  try {
    // pnpm passes a lone `--` through when the user writes `pnpm demo -- --sessions 600`.
    ;({ values } = parseArgs({
      args: args.filter((arg) => arg !== '--'),
      strict: true,
      allowPositionals: false,
      options: {
        sessions: { type: 'string' },
        seed: { type: 'string' },
        scenario: { type: 'string' },
        concurrency: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (err) {
    throw new DemoUsageError(err instanceof Error ? err.message : String(err))
  }
  const scenario = (values.scenario as string | undefined) ?? DEFAULT_OPTIONS.scenario
  if (!(SCENARIOS as readonly string[]).includes(scenario)) {
    throw new DemoUsageError(`--scenario ${scenario}: use ${SCENARIOS.join(' or ')}`)
  }
  return {
    sessions: readInteger('--sessions', values.sessions, DEFAULT_OPTIONS.sessions, 1),
    seed: readInteger('--seed', values.seed, DEFAULT_OPTIONS.seed, 0),
    scenario: scenario as Scenario,
    concurrency: readInteger('--concurrency', values.concurrency, DEFAULT_OPTIONS.concurrency, 1),
    out: values.out as string | undefined,
    help: values.help === true,
  }
}

function readInteger(
  flag: string,
  text: string | boolean | undefined,
  fallback: number,
  min: number,
): number {
  if (text === undefined) return fallback
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < min) {
    throw new DemoUsageError(`${flag} ${String(text)}: give a whole number ≥ ${min}`)
  }
  return value
}
