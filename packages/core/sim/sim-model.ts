/**
 * The simulated traffic and the scenarios `sim/run.ts` runs: what a session's cost, error and latency are
 * drawn from, how sessions split between the arms, the guardrails' tolerances, the fail rule and how often
 * the gate looks.
 */
import type { AnalysisSettings } from '../src/index.ts'

/** Share of sessions the candidate receives: the experiment's weights are 80 (control) / 20 (candidate). */
export const CANDIDATE_SHARE = 0.2

/** Cost per run is lognormal: ln(costUsd) ~ N(COST_LOG_MEAN, COST_LOG_SD²), a mean of about $0.046. */
export const COST_LOG_MEAN = -3.2

/** Log-scale standard deviation of the cost per run (coefficient of variation ≈ 0.53). */
export const COST_LOG_SD = 0.5

/** Control's share of sessions that end in an error (one 0/1 outcome per session). */
export const BASE_ERROR_RATE = 0.02

/** Median run latency; latency is lognormal with log-scale σ = LATENCY_LOG_SD (P95 ≈ 4.55 s). */
export const LATENCY_MEDIAN_MS = 2000

/** Log-scale standard deviation of the run latency. */
export const LATENCY_LOG_SD = 0.5

/** The guarded quantile of latency. */
export const LATENCY_QUANTILE = 0.95

/** Tolerated relative increase of the cost per run (`max_increase: 10%`). */
export const COST_TOLERANCE = 0.1

/** Tolerated increase of the error rate, as a fraction (`max_increase: 1pp`). */
export const ERROR_RATE_TOLERANCE = 0.01

/** Tolerated relative increase of P95 latency (`max_increase: 10%`). */
export const P95_TOLERANCE = 0.1

/** Sessions between two looks of the mean and proportion simulations (400 looks up to 20,000). */
export const MEAN_LOOK_SESSIONS = 50

/** Sessions between two looks of the P95 simulations (80 looks up to 20,000). */
export const QUANTILE_LOOK_SESSIONS = 250

/** Traffic that turns sessions into observed days; at 20,000 sessions the 14-day horizon is far away. */
export const SESSIONS_PER_DAY = 10_000

/** Scenarios on the cost and error-rate guardrails. */
export type MeanScenarioId =
  | 'aa'
  | 'within-tolerance'
  | 'cost-regression'
  | 'error-rate-regression'
  | 'within-tolerance-bound'
  | 'cost-regression-bound'
  | 'error-rate-regression-bound'

/** Scenarios on the P95 latency guardrail. */
export type QuantileScenarioId = 'p95-aa' | 'p95-regression' | 'p95-regression-bound'

/** Any scenario. */
export type ScenarioId = MeanScenarioId | QuantileScenarioId

/** The experiment's `analysis.fail_rule`. */
export type FailRule = AnalysisSettings['failRule']

/** What every scenario states besides its traffic. */
interface ScenarioBase<Id extends ScenarioId> {
  readonly id: Id
  /** Label in the report. */
  readonly title: string
  /** The experiment's `analysis.fail_rule`. */
  readonly failRule: FailRule
  /**
   * The scenario whose sessions this one replays (its experiments draw the same seeds), so that two fail
   * rules are compared on identical data; absent for a scenario with its own draws.
   */
  readonly replays?: Id
}

/** A scenario of the experiment with a cost-per-run and an error-rate guardrail. */
export interface MeanScenario extends ScenarioBase<MeanScenarioId> {
  readonly kind: 'mean'
  /** Candidate cost = control cost × this factor (on a lognormal, the mean moves by the same factor). */
  readonly costFactor: number
  /** The candidate's error rate. */
  readonly candidateErrorRate: number
}

/** A scenario of the experiment with a P95 latency guardrail. */
export interface QuantileScenario extends ScenarioBase<QuantileScenarioId> {
  readonly kind: 'quantile'
  /** Candidate latency = control latency × this factor, so every quantile moves by the same factor. */
  readonly latencyFactor: number
}

/** Any scenario. */
export type Scenario = MeanScenario | QuantileScenario

const WITHIN_TOLERANCE: MeanScenario = {
  kind: 'mean',
  id: 'within-tolerance',
  title: 'cost per run +5% and error rate +0.5pp (half the tolerances)',
  failRule: 'estimate',
  costFactor: 1 + COST_TOLERANCE / 2,
  candidateErrorRate: BASE_ERROR_RATE + ERROR_RATE_TOLERANCE / 2,
}

const COST_REGRESSION: MeanScenario = {
  kind: 'mean',
  id: 'cost-regression',
  title: 'cost per run +20% (twice the tolerance)',
  failRule: 'estimate',
  costFactor: 1 + 2 * COST_TOLERANCE,
  candidateErrorRate: BASE_ERROR_RATE,
}

const ERROR_RATE_REGRESSION: MeanScenario = {
  kind: 'mean',
  id: 'error-rate-regression',
  title: 'error rate +2pp (twice the tolerance)',
  failRule: 'estimate',
  costFactor: 1,
  candidateErrorRate: BASE_ERROR_RATE + 2 * ERROR_RATE_TOLERANCE,
}

const P95_REGRESSION: QuantileScenario = {
  kind: 'quantile',
  id: 'p95-regression',
  title: 'P95 latency +20% (twice the tolerance)',
  failRule: 'estimate',
  latencyFactor: 1 + 2 * P95_TOLERANCE,
}

/** Every scenario, in the order the report lists them; the `-bound` ones replay their twin under `fail_rule: bound`. */
export const SCENARIOS: readonly Scenario[] = [
  {
    kind: 'mean',
    id: 'aa',
    title: 'A/A',
    failRule: 'estimate',
    costFactor: 1,
    candidateErrorRate: BASE_ERROR_RATE,
  },
  WITHIN_TOLERANCE,
  COST_REGRESSION,
  ERROR_RATE_REGRESSION,
  { ...WITHIN_TOLERANCE, id: 'within-tolerance-bound', failRule: 'bound', replays: WITHIN_TOLERANCE.id },
  { ...COST_REGRESSION, id: 'cost-regression-bound', failRule: 'bound', replays: COST_REGRESSION.id },
  {
    ...ERROR_RATE_REGRESSION,
    id: 'error-rate-regression-bound',
    failRule: 'bound',
    replays: ERROR_RATE_REGRESSION.id,
  },
  { kind: 'quantile', id: 'p95-aa', title: 'P95 A/A', failRule: 'estimate', latencyFactor: 1 },
  P95_REGRESSION,
  { ...P95_REGRESSION, id: 'p95-regression-bound', failRule: 'bound', replays: P95_REGRESSION.id },
]

/**
 * Finds a scenario by id.
 *
 * @param id - The scenario id.
 * @returns The scenario.
 * @throws {Error} When no scenario has that id (a task built by another version of the runner).
 */
export function findScenario(id: ScenarioId): Scenario {
  const scenario = SCENARIOS.find((candidate) => candidate.id === id)
  if (scenario === undefined) {
    throw new Error(
      `no simulation scenario is called "${id}"; use one of ${SCENARIOS.map((s) => s.id).join(', ')}`,
    )
  }
  return scenario
}
