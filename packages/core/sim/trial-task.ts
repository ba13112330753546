/**
 * A batch of simulated experiments of one scenario, the unit of work a worker runs. Every experiment draws
 * from its own seed, derived from the run's seed, the scenario (or the one it replays) and its index, so
 * results do not depend on how experiments are split between workers, and a scenario that replays another
 * sees the very same sessions.
 */
import { murmur3X86_32 } from '../src/index.ts'
import { runMeanTrial } from './mean-trial.ts'
import { runQuantileTrial } from './quantile-trial.ts'
import type { FailRule, ScenarioId } from './sim-model.ts'
import { findScenario } from './sim-model.ts'
import type { SimSetup } from './sim-setup.ts'
import { buildMeanSetup, buildQuantileSetup } from './sim-setup.ts'
import type { TrialOutcome } from './trial-outcome.ts'

/** A batch of experiments: `count` of them from index `firstIndex`. */
export interface TrialTask {
  readonly scenarioId: ScenarioId
  /** The run's seed. */
  readonly seed: number
  readonly firstIndex: number
  readonly count: number
  /** Sessions at the last look. */
  readonly maxSessions: number
}

/** The outcomes of a task, in index order. */
export interface TrialTaskResult {
  readonly task: TrialTask
  readonly outcomes: readonly TrialOutcome[]
}

const setups = new Map<string, SimSetup>()

function findSetup(kind: 'mean' | 'quantile', failRule: FailRule): SimSetup {
  const key = `${kind}:${failRule}`
  let setup = setups.get(key)
  if (setup === undefined) {
    setup = kind === 'mean' ? buildMeanSetup(failRule) : buildQuantileSetup(failRule)
    setups.set(key, setup)
  }
  return setup
}

/**
 * Runs a batch. Experiment 0 of every scenario also cross-checks the simulation's shortcuts against core.
 *
 * @param task - The batch.
 * @returns Its outcomes, in index order.
 * @throws {Error} When a cross-check fails.
 */
export function runTrialTask(task: TrialTask): TrialTaskResult {
  const scenario = findScenario(task.scenarioId)
  const outcomes: TrialOutcome[] = []
  for (let index = task.firstIndex; index < task.firstIndex + task.count; index += 1) {
    const common = {
      seed: deriveTrialSeed(task.seed, scenario.replays ?? scenario.id, index),
      maxSessions: task.maxSessions,
      crossCheck: index === 0,
    }
    const setup = findSetup(scenario.kind, scenario.failRule)
    if (scenario.kind === 'mean') outcomes.push(runMeanTrial({ ...common, scenario, setup }))
    else outcomes.push(runQuantileTrial({ ...common, scenario, setup }))
  }
  return { task, outcomes }
}

/**
 * Splits a scenario's experiments into batches.
 *
 * @param options - Scenario, seed, number of experiments, sessions and batch size.
 * @returns The batches, in index order.
 */
export function splitIntoTasks(options: {
  readonly scenarioId: ScenarioId
  readonly seed: number
  readonly experiments: number
  readonly maxSessions: number
  readonly batchSize: number
}): TrialTask[] {
  const { scenarioId, seed, experiments, maxSessions, batchSize } = options
  const tasks: TrialTask[] = []
  for (let firstIndex = 0; firstIndex < experiments; firstIndex += batchSize) {
    tasks.push({
      scenarioId,
      seed,
      firstIndex,
      count: Math.min(batchSize, experiments - firstIndex),
      maxSessions,
    })
  }
  return tasks
}

/**
 * The seed of one experiment: MurmurHash3 of "scenario#index" keyed by the run's seed.
 *
 * @param seed - The run's seed.
 * @param scenarioId - The scenario.
 * @param index - The experiment's index in the scenario.
 * @returns A 32-bit seed for `createRandom`.
 */
export function deriveTrialSeed(seed: number, scenarioId: ScenarioId, index: number): number {
  return murmur3X86_32(`${scenarioId}#${index}`, seed)
}
