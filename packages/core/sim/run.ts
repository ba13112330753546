/**
 * `pnpm sim`: simulates the gate under repeated looks (A/A false fails and power, for cost per run, error
 * rate and P95 latency), writes `docs/simulations.md` at the repository root and prints it. Run from
 * packages/core with `npx tsx --conditions=@llm-canary/source sim/run.ts [--experiments N] [--max-sessions M]
 * [--quantile-experiments N] [--seed S] [--workers W] [--out PATH | --out -]`. Exits 1 when an acceptance
 * statement is missed, 2 on a bad option.
 */
import { writeFileSync } from 'node:fs'
import { argv, exit, stderr, stdout } from 'node:process'
import { fileURLToPath } from 'node:url'
import { checkAcceptance } from './acceptance.ts'
import { renderReport } from './render-report.ts'
import type { Scenario } from './sim-model.ts'
import { MEAN_LOOK_SESSIONS, QUANTILE_LOOK_SESSIONS, SCENARIOS } from './sim-model.ts'
import type { SimOptions } from './sim-options.ts'
import { parseSimOptions, SIM_USAGE } from './sim-options.ts'
import { buildMeanSetup, buildQuantileSetup, computeFixedHorizonSizes } from './sim-setup.ts'
import { summarizeScenario } from './summarize.ts'
import type { TrialTaskResult } from './trial-task.ts'
import { splitIntoTasks } from './trial-task.ts'
import { runTasks } from './worker-pool.ts'

const DEFAULT_OUT_PATH = fileURLToPath(new URL('../../../docs/simulations.md', import.meta.url))

/** Experiments per batch: small enough to balance two workers, large enough to amortise messages. */
const BATCH_SIZE = { mean: 25, quantile: 10 } as const

async function main(): Promise<number> {
  let options: SimOptions
  try {
    options = parseSimOptions(argv.slice(2), DEFAULT_OUT_PATH)
  } catch (error) {
    stderr.write(`${error instanceof Error ? error.message : String(error)}\n${SIM_USAGE}\n`)
    return 2
  }
  const started = performance.now()
  const sizes = computeFixedHorizonSizes()
  const meanSetup = buildMeanSetup()
  const quantileSetup = buildQuantileSetup()
  const tasks = SCENARIOS.flatMap((scenario) =>
    splitIntoTasks({
      scenarioId: scenario.id,
      seed: options.seed,
      experiments: scenario.kind === 'mean' ? options.experiments : options.quantileExperiments,
      maxSessions: options.maxSessions,
      batchSize: BATCH_SIZE[scenario.kind],
    }),
  )
  let done = 0
  const results = await runTasks(tasks, {
    workers: options.workers,
    onResult: () => {
      done += 1
      if (done % 20 === 0 || done === tasks.length) {
        stderr.write(`sim: ${done}/${tasks.length} batches, ${formatElapsedSeconds(started)} s\n`)
      }
    },
  })
  const summaries = SCENARIOS.map((scenario) =>
    summarizeScenario(
      scenario,
      collectOutcomes(results, scenario),
      computeLastLook(scenario, options.maxSessions),
    ),
  )
  const acceptance = checkAcceptance({ summaries, sizes, alpha: meanSetup.experiment.analysis.alpha })
  const markdown = renderReport({ ...options, summaries, sizes, acceptance, meanSetup, quantileSetup })
  if (options.outPath !== undefined) writeFileSync(options.outPath, markdown)
  stdout.write(markdown)
  stderr.write(
    `sim: seed ${options.seed}, ${tasks.length} batches on ${options.workers} worker(s) in ${formatElapsedSeconds(started)} s${options.outPath === undefined ? '' : `; wrote ${options.outPath}`}\n`,
  )
  const missed = acceptance.filter((statement) => statement.status === 'missed')
  for (const statement of missed) stderr.write(`sim: acceptance missed: ${statement.claim}\n`)
  return missed.length > 0 ? 1 : 0
}

function collectOutcomes(results: readonly TrialTaskResult[], scenario: Scenario) {
  return results
    .filter((result) => result.task.scenarioId === scenario.id)
    .sort((a, b) => a.task.firstIndex - b.task.firstIndex)
    .flatMap((result) => result.outcomes)
}

function computeLastLook(scenario: Scenario, maxSessions: number): number {
  const step = scenario.kind === 'mean' ? MEAN_LOOK_SESSIONS : QUANTILE_LOOK_SESSIONS
  return Math.floor(maxSessions / step) * step
}

function formatElapsedSeconds(started: number): string {
  return ((performance.now() - started) / 1000).toFixed(1)
}

exit(await main())
