/**
 * One simulated experiment on the cost-per-run and error-rate guardrails: sessions arrive one by one, go to
 * the candidate with probability 0.2, and every 50 sessions the real `decideVerdict` and the naive tests
 * look at the running summaries (O(1) per look: no pass over the sessions).
 */
import type { MeanSummary, MetricObservationsByName, Verdict } from '../src/index.ts'
import { createRandom, decideVerdict, MeanAccumulator, welchTTest } from '../src/index.ts'
import { expectClose, readNaiveEvents, readVerdictEvents } from './look-events.ts'
import type { NaiveDecision, NaiveMeasurement } from './naive-tests.ts'
import { decideNaively, measureMeanNaively, measureRateNaively } from './naive-tests.ts'
import type { MeanScenario } from './sim-model.ts'
import {
  BASE_ERROR_RATE,
  CANDIDATE_SHARE,
  COST_LOG_MEAN,
  COST_LOG_SD,
  COST_TOLERANCE,
  ERROR_RATE_TOLERANCE,
  MEAN_LOOK_SESSIONS,
  SESSIONS_PER_DAY,
} from './sim-model.ts'
import type { SimSetup } from './sim-setup.ts'
import type { TrialOutcome } from './trial-outcome.ts'
import { OutcomeRecorder } from './trial-outcome.ts'

/** Inputs of `runMeanTrial`. */
export interface MeanTrialOptions {
  readonly scenario: MeanScenario
  readonly setup: SimSetup
  /** Seed of this experiment's random stream. */
  readonly seed: number
  /** Sessions (both arms) at the last look. */
  readonly maxSessions: number
  /**
   * Keep the raw values and check, at the final look, the O(1) shortcuts against core's functions on the
   * raw values (Welch from summaries against `welchTTest`, error counts against `MeanAccumulator`).
   */
  readonly crossCheck?: boolean
}

/**
 * Runs one experiment: looks every 50 sessions until each test fails, and always at the last look.
 *
 * @param options - Scenario, setup, seed, sessions and cross-check flag.
 * @returns The first look of every event and the events of the final look.
 * @throws {Error} When a cross-check finds the shortcut and core disagreeing.
 */
export function runMeanTrial(options: MeanTrialOptions): TrialOutcome {
  const { scenario, setup, maxSessions } = options
  const random = createRandom(options.seed)
  const arms = [new ArmState(), new ArmState()] as const
  const raw = options.crossCheck === true ? ([new RawValues(), new RawValues()] as const) : undefined
  const recorder = new OutcomeRecorder()
  const lastLook = Math.floor(maxSessions / MEAN_LOOK_SESSIONS) * MEAN_LOOK_SESSIONS
  for (let sessions = 1; sessions <= lastLook; sessions += 1) {
    const arm = random.uniform() < CANDIDATE_SHARE ? 1 : 0
    const factor = arm === 1 ? scenario.costFactor : 1
    const costUsd = Math.exp(COST_LOG_MEAN + COST_LOG_SD * random.normal()) * factor
    const errorRate = arm === 1 ? scenario.candidateErrorRate : BASE_ERROR_RATE
    const failed = random.uniform() < errorRate
    arms[arm].add(costUsd, failed)
    raw?.[arm]?.add(costUsd, failed)
    if (sessions % MEAN_LOOK_SESSIONS !== 0) continue
    const final = sessions === lastLook
    const point = { sessions, candidateSessions: arms[1].sessions }
    if (final || recorder.isWatching('verdictFail')) {
      recorder.record(readVerdictEvents(lookWithVerdict(setup, arms, sessions)), point, final)
    }
    if (final || recorder.isWatching('naiveFail')) {
      recorder.record(readNaiveEvents(lookNaively(arms, setup.experiment.analysis.alpha)), point, final)
    }
  }
  if (raw !== undefined) crossCheck(arms, raw)
  return recorder.outcome()
}

/** One arm's running summaries: a Welford accumulator for cost, counts for errors. */
class ArmState {
  readonly cost = new MeanAccumulator()
  sessions = 0
  errors = 0

  add(costUsd: number, failed: boolean): void {
    this.cost.add(costUsd)
    this.sessions += 1
    if (failed) this.errors += 1
  }

  /** The 0/1 error outcomes as a mean summary: the unbiased variance of 0/1 values is n/(n − 1)·p(1 − p). */
  errorSummary(): MeanSummary {
    const n = this.sessions
    const rate = n === 0 ? Number.NaN : this.errors / n
    return { n, mean: rate, variance: n < 2 ? Number.NaN : (n / (n - 1)) * rate * (1 - rate) }
  }

  metrics(): MetricObservationsByName {
    return {
      cost_per_run_usd: { kind: 'mean', summary: this.cost.summary() },
      error_rate: { kind: 'mean', summary: this.errorSummary() },
    }
  }
}

/** Raw values of one arm, kept only to cross-check the shortcuts. */
class RawValues {
  readonly costUsd: number[] = []
  readonly failed: number[] = []

  add(costUsd: number, failed: boolean): void {
    this.costUsd.push(costUsd)
    this.failed.push(failed ? 1 : 0)
  }
}

function lookWithVerdict(setup: SimSetup, arms: readonly [ArmState, ArmState], sessions: number): Verdict {
  return decideVerdict({
    experiment: setup.experiment,
    arms: [
      { arm: 'control', units: arms[0].sessions, metrics: arms[0].metrics() },
      { arm: 'candidate', units: arms[1].sessions, metrics: arms[1].metrics() },
    ],
    observedDays: sessions / SESSIONS_PER_DAY,
    plannedUnitsPerArm: setup.plannedUnitsPerArm,
  })
}

function lookNaively(arms: readonly [ArmState, ArmState], alpha: number): NaiveDecision {
  const [control, candidate] = arms
  const measurements = [
    measureMeanNaively(candidate.cost.summary(), control.cost.summary(), COST_TOLERANCE),
    measureRateNaively(
      { successes: candidate.errors, trials: candidate.sessions },
      { successes: control.errors, trials: control.sessions },
      ERROR_RATE_TOLERANCE,
    ),
  ].filter((m): m is NaiveMeasurement => m !== undefined)
  return decideNaively(measurements, alpha)
}

function crossCheck(arms: readonly [ArmState, ArmState], raw: readonly [RawValues, RawValues]): void {
  const fromSummaries = measureMeanNaively(arms[1].cost.summary(), arms[0].cost.summary(), 0)?.pValue
  const fromValues = welchTTest(raw[1].costUsd, raw[0].costUsd).pValue
  expectClose('Welch p-value from summaries vs welchTTest', fromSummaries ?? Number.NaN, fromValues)
  for (const arm of [0, 1] as const) {
    const expected = MeanAccumulator.of(raw[arm].failed).summary()
    const actual = arms[arm].errorSummary()
    expectClose(`arm ${arm} error rate`, actual.mean, expected.mean)
    expectClose(`arm ${arm} error variance`, actual.variance, expected.variance)
  }
}
