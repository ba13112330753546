/**
 * `pnpm sim`: simulates the verdict under repeated looks (cost per run, error rate and P95 latency; A/A, half,
 * exactly and twice the tolerance, and better than control; the default design and the open-ended sequences),
 * writes `docs/simulations.md` at the repository root and prints it. Run from packages/core with
 * `npx tsx --conditions=@llm-canary/source sim/run.ts [--experiments N] [--seed S] [--workers W] [--out PATH | --out -]`.
 * Exits 1 when an acceptance statement is missed, 2 on a bad option.
 */
import { writeFileSync } from 'node:fs'
import { argv, exit, stderr, stdout } from 'node:process'
import { fileURLToPath } from 'node:url'
import { checkAcceptance, renderReport } from './render-report.ts'
import { SCENARIOS } from './sim-model.ts'
import type { SimOptions } from './sim-options.ts'
import { parseSimOptions, SIM_USAGE } from './sim-options.ts'
import { buildSetup } from './sim-setup.ts'
import { summarizeScenario } from './summarize.ts'
import type { TrialTask } from './trial.ts'
import { runTasks } from './worker-pool.ts'

const DEFAULT_OUT_PATH = fileURLToPath(new URL('../../../docs/simulations.md', import.meta.url))

/** Experiments per batch: small enough to balance two workers, large enough to amortise messages. */
const BATCH_SIZE = 20

async function main(): Promise<number> {
  let options: SimOptions
  try {
    options = parseSimOptions(argv.slice(2), DEFAULT_OUT_PATH)
  } catch (error) {
    stderr.write(`${error instanceof Error ? error.message : String(error)}\n${SIM_USAGE}\n`)
    return 2
  }
  const started = performance.now()
  const setups = { cost: buildSetup('cost'), error: buildSetup('error'), p95: buildSetup('p95') }
  const tasks: TrialTask[] = []
  for (const scenario of SCENARIOS) {
    for (let firstIndex = 0; firstIndex < options.experiments; firstIndex += BATCH_SIZE) {
      const count = Math.min(BATCH_SIZE, options.experiments - firstIndex)
      tasks.push({ scenarioId: scenario.id, seed: options.seed, firstIndex, count })
    }
  }
  let done = 0
  const results = await runTasks(tasks, {
    workers: options.workers,
    onResult: () => {
      done += 1
      if (done % 50 === 0 || done === tasks.length)
        stderr.write(`sim: ${done}/${tasks.length} batches, ${elapsed(started).toFixed(0)} s\n`)
    },
  })
  const summaries = SCENARIOS.map((scenario) =>
    summarizeScenario(
      scenario,
      results
        .filter((result) => result.task.scenarioId === scenario.id)
        .sort((a, b) => a.task.firstIndex - b.task.firstIndex)
        .flatMap((result) => result.outcomes),
    ),
  )
  const { alpha, power } = setups.cost.experiment.analysis
  const input = {
    seed: options.seed,
    experiments: options.experiments,
    quantileMixtureExperiments: options.experiments,
    workers: options.workers,
    seconds: elapsed(started),
    alpha,
    power,
    summaries,
    setups,
  }
  const acceptance = checkAcceptance(input)
  const markdown = renderReport(input, acceptance)
  if (options.outPath !== undefined) writeFileSync(options.outPath, markdown)
  stdout.write(markdown)
  stderr.write(`sim: seed ${options.seed}, ${tasks.length} batches in ${elapsed(started).toFixed(0)} s\n`)
  const missed = acceptance.filter((statement) => !statement.met)
  for (const statement of missed) stderr.write(`sim: acceptance missed: ${statement.claim}\n`)
  return missed.length > 0 ? 1 : 0
}

function elapsed(started: number): number {
  return (performance.now() - started) / 1000
}

exit(await main())
