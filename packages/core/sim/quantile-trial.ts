/**
 * One simulated experiment on the P95 latency guardrail: lognormal run latencies, one per session, 80/20,
 * and every 250 sessions the real `decideVerdict` (Howard & Ramdas' quantile sequences on exact order
 * statistics) and the naive z on the P95 ratio look at the sorted samples.
 */
import type { Verdict } from '../src/index.ts'
import { createRandom, decideVerdict, exactQuantiles } from '../src/index.ts'
import { expectClose, readNaiveEvents, readVerdictEvents } from './look-events.ts'
import type { NaiveMeasurement } from './naive-tests.ts'
import { decideNaively, measureQuantileNaively } from './naive-tests.ts'
import type { QuantileScenario } from './sim-model.ts'
import {
  CANDIDATE_SHARE,
  LATENCY_LOG_SD,
  LATENCY_MEDIAN_MS,
  LATENCY_QUANTILE,
  P95_TOLERANCE,
  QUANTILE_LOOK_SESSIONS,
  SESSIONS_PER_DAY,
} from './sim-model.ts'
import type { SimSetup } from './sim-setup.ts'
import { SortedSample } from './sorted-sample.ts'
import type { TrialOutcome } from './trial-outcome.ts'
import { OutcomeRecorder } from './trial-outcome.ts'

/** Inputs of `runQuantileTrial`. */
export interface QuantileTrialOptions {
  readonly scenario: QuantileScenario
  readonly setup: SimSetup
  /** Seed of this experiment's random stream. */
  readonly seed: number
  /** Sessions (both arms) at the last look. */
  readonly maxSessions: number
  /** Keep the raw values and check, at the final look, the sorted samples against `exactQuantiles`. */
  readonly crossCheck?: boolean
}

/**
 * Runs one experiment: looks every 250 sessions until each test fails, and always at the last look.
 *
 * @param options - Scenario, setup, seed, sessions and cross-check flag.
 * @returns The first look of every event and the events of the final look.
 * @throws {Error} When a cross-check finds the sorted sample and `exactQuantiles` disagreeing.
 */
export function runQuantileTrial(options: QuantileTrialOptions): TrialOutcome {
  const { scenario, setup, maxSessions } = options
  const random = createRandom(options.seed)
  const arms = [new SortedSample(), new SortedSample()] as const
  const raw = options.crossCheck === true ? ([[], []] as [number[], number[]]) : undefined
  const recorder = new OutcomeRecorder()
  const logMedian = Math.log(LATENCY_MEDIAN_MS)
  const lastLook = Math.floor(maxSessions / QUANTILE_LOOK_SESSIONS) * QUANTILE_LOOK_SESSIONS
  for (let sessions = 1; sessions <= lastLook; sessions += 1) {
    const arm = random.uniform() < CANDIDATE_SHARE ? 1 : 0
    const factor = arm === 1 ? scenario.latencyFactor : 1
    const latencyMs = Math.exp(logMedian + LATENCY_LOG_SD * random.normal()) * factor
    arms[arm].add(latencyMs)
    raw?.[arm].push(latencyMs)
    if (sessions % QUANTILE_LOOK_SESSIONS !== 0) continue
    const final = sessions === lastLook
    const point = { sessions, candidateSessions: arms[1].count }
    if (final || recorder.isWatching('verdictFail')) {
      recorder.record(readVerdictEvents(lookWithVerdict(setup, arms, sessions)), point, final)
    }
    if (final || recorder.isWatching('naiveFail')) {
      const naive = measureQuantileNaively(
        arms[1].summary(),
        arms[0].summary(),
        LATENCY_QUANTILE,
        P95_TOLERANCE,
      )
      const measurements: NaiveMeasurement[] = naive === undefined ? [] : [naive]
      recorder.record(
        readNaiveEvents(decideNaively(measurements, setup.experiment.analysis.alpha)),
        point,
        final,
      )
    }
  }
  if (raw !== undefined) crossCheck(arms, raw)
  return recorder.outcome()
}

function lookWithVerdict(
  setup: SimSetup,
  arms: readonly [SortedSample, SortedSample],
  sessions: number,
): Verdict {
  const observe = (arm: 'control' | 'candidate', sample: SortedSample) => ({
    arm,
    units: sample.count,
    metrics:
      sample.count === 0 ? {} : { latency_p95_ms: { kind: 'quantile' as const, summary: sample.summary() } },
  })
  return decideVerdict({
    experiment: setup.experiment,
    arms: [observe('control', arms[0]), observe('candidate', arms[1])],
    observedDays: sessions / SESSIONS_PER_DAY,
    plannedUnitsPerArm: setup.plannedUnitsPerArm,
  })
}

function crossCheck(arms: readonly [SortedSample, SortedSample], raw: readonly [number[], number[]]): void {
  for (const arm of [0, 1] as const) {
    const expected = exactQuantiles(raw[arm])
    const actual = arms[arm].summary()
    for (const p of [0, 0.01, 0.5, 0.9, LATENCY_QUANTILE, 0.99, 1]) {
      expectClose(`arm ${arm} quantile ${p}`, actual.quantile(p), expected.quantile(p))
    }
  }
}
