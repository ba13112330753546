/**
 * One simulated experiment: sessions arrive one by one and go to the candidate with probability 0.2; every
 * 50 sessions the real `decideVerdict` looks at the running summaries under the default design and, on the
 * same sessions, under `method: open_ended`, until each design fails, passes or reaches the horizon. Batches
 * of experiments (`TrialTask`) are the unit of work of the worker threads.
 */
import type { Experiment, MetricObservationsByName, Verdict } from '../src/index.ts'
import { createRandom, decideVerdict, MeanAccumulator, murmur3X86_32 } from '../src/index.ts'
import type { Scenario } from './sim-model.ts'
import {
  BASE_ERROR_RATE,
  CANDIDATE_SHARE,
  COST_LOG_MEAN,
  COST_LOG_SD,
  findScenario,
  LATENCY_LOG_SD,
  LATENCY_MEDIAN_MS,
  LOOK_SESSIONS,
  QUANTILE_MIXTURE_LOOK_SESSIONS,
  SESSIONS_PER_DAY,
  TOLERANCE,
} from './sim-model.ts'
import type { SimSetup } from './sim-setup.ts'
import { buildSetup } from './sim-setup.ts'
import { SortedSample } from './sorted-sample.ts'

/** Where a look happened. */
export interface LookPoint {
  /** Sessions so far, both arms. */
  readonly sessions: number
  /** Of which the candidate's. */
  readonly candidateSessions: number
}

/** The first look at which a design said each thing; absent when it never did. */
export interface DesignOutcome {
  readonly fail?: LookPoint
  readonly pass?: LookPoint
  /** A review for a suspected regression. */
  readonly review?: LookPoint
  /** The horizon reached without a fail or a pass. */
  readonly horizon?: LookPoint
}

/** One experiment under both designs. */
export interface TrialOutcome {
  readonly sequential: DesignOutcome
  readonly openEnded: DesignOutcome
}

/** A batch of experiments of one scenario: `count` of them from index `firstIndex`. */
export interface TrialTask {
  readonly scenarioId: string
  readonly seed: number
  readonly firstIndex: number
  readonly count: number
}

/** The outcomes of a task, in index order. */
export interface TrialTaskResult {
  readonly task: TrialTask
  readonly outcomes: readonly TrialOutcome[]
}

/**
 * Runs a batch. Experiment i of a scenario draws from `createRandom(murmur3("scenario#i", seed))`, so
 * results do not depend on how experiments are split between workers.
 *
 * @param task - The batch.
 * @returns Its outcomes.
 */
export function runTrialTask(task: TrialTask): TrialTaskResult {
  const scenario = findScenario(task.scenarioId)
  const setup = buildSetup(scenario.metric)
  const outcomes: TrialOutcome[] = []
  for (let index = task.firstIndex; index < task.firstIndex + task.count; index += 1) {
    outcomes.push(runTrial(scenario, setup, murmur3X86_32(`${scenario.id}#${index}`, task.seed)))
  }
  return { task, outcomes }
}

/** What one design has seen so far. */
class DesignState {
  fail?: LookPoint
  pass?: LookPoint
  review?: LookPoint
  horizon?: LookPoint

  get done(): boolean {
    return this.fail !== undefined || this.pass !== undefined || this.horizon !== undefined
  }

  record(verdict: Verdict, point: LookPoint): void {
    if (verdict.status === 'fail') this.fail = point
    else if (verdict.status === 'pass') this.pass = point
    else if (verdict.cause === 'horizon_reached') this.horizon = point
    if (verdict.cause === 'suspected_regression') this.review ??= point
    // The horizon also ends a design that is reviewing a suspected regression there.
    if (verdict.guardrails.some((g) => g.reason === 'past_horizon')) this.horizon ??= point
  }

  outcome(): DesignOutcome {
    const { fail, pass, review, horizon } = this
    return {
      ...(fail === undefined ? {} : { fail }),
      ...(pass === undefined ? {} : { pass }),
      ...(review === undefined ? {} : { review }),
      ...(horizon === undefined ? {} : { horizon }),
    }
  }
}

/** One arm's running summaries for the scenario's metric. */
class ArmData {
  readonly cost = new MeanAccumulator()
  readonly latency = new SortedSample()
  sessions = 0
  errors = 0

  metrics(metric: Scenario['metric']): MetricObservationsByName {
    if (metric === 'cost') return { cost_per_run_usd: { kind: 'mean', summary: this.cost.summary() } }
    if (metric === 'p95') {
      return this.latency.count === 0
        ? {}
        : { latency_p95_ms: { kind: 'quantile', summary: this.latency.summary() } }
    }
    const n = this.sessions
    const rate = n === 0 ? Number.NaN : this.errors / n
    const variance = n < 2 ? Number.NaN : (n / (n - 1)) * rate * (1 - rate)
    return { error_rate: { kind: 'mean', summary: { n, mean: rate, variance } } }
  }
}

function runTrial(scenario: Scenario, setup: SimSetup, seed: number): TrialOutcome {
  const random = createRandom(seed)
  const arms = [new ArmData(), new ArmData()] as const
  const effect = scenario.effect.tolerances * TOLERANCE[scenario.metric]
  const sequential = new DesignState()
  const openEnded = new DesignState()
  const mixtureStep = scenario.metric === 'p95' ? QUANTILE_MIXTURE_LOOK_SESSIONS : LOOK_SESSIONS
  // Past the horizon both designs have said review; a little slack covers the candidate's share noise.
  const maxSessions = Math.ceil((1.5 * setup.plannedUnitsPerArm) / CANDIDATE_SHARE)
  for (let sessions = 1; sessions <= maxSessions; sessions += 1) {
    const candidate = random.uniform() < CANDIDATE_SHARE
    const arm = arms[candidate ? 1 : 0]
    arm.sessions += 1
    if (scenario.metric === 'cost') {
      arm.cost.add(Math.exp(COST_LOG_MEAN + COST_LOG_SD * random.normal()) * (candidate ? 1 + effect : 1))
    } else if (scenario.metric === 'error') {
      if (random.uniform() < BASE_ERROR_RATE + (candidate ? effect : 0)) arm.errors += 1
    } else {
      const latencyMs = LATENCY_MEDIAN_MS * Math.exp(LATENCY_LOG_SD * random.normal())
      arm.latency.add(latencyMs * (candidate ? 1 + effect : 1))
    }
    if (sessions % LOOK_SESSIONS !== 0) continue
    const point = { sessions, candidateSessions: arms[1].sessions }
    if (!sequential.done) sequential.record(look(setup.experiment, setup, arms, sessions), point)
    if (!openEnded.done && sessions % mixtureStep === 0)
      openEnded.record(look(setup.openEnded, setup, arms, sessions), point)
    if (sequential.done && openEnded.done) break
  }
  return { sequential: sequential.outcome(), openEnded: openEnded.outcome() }
}

function look(
  experiment: Experiment,
  setup: SimSetup,
  arms: readonly [ArmData, ArmData],
  sessions: number,
): Verdict {
  return decideVerdict({
    experiment,
    arms: [
      { arm: 'control', units: arms[0].sessions, metrics: arms[0].metrics(setup.metric) },
      { arm: 'candidate', units: arms[1].sessions, metrics: arms[1].metrics(setup.metric) },
    ],
    observedDays: sessions / SESSIONS_PER_DAY,
    plannedUnitsPerArm: setup.plannedUnitsPerArm,
  })
}
