/**
 * The simulated traffic and scenarios of `pnpm sim`: three guardrails, each in its own experiment (cost per
 * run +10%, error rate +1pp, P95 latency +10%), 80/20, and five true effects per guardrail. Every
 * experiment is judged by the default design (`method: sequential`, group-sequential to the planned
 * horizon) and, on the same sessions, by the open-ended confidence sequences (`method: open_ended`).
 */

/** Share of sessions the candidate receives: weights 80 (control) / 20 (candidate). */
export const CANDIDATE_SHARE = 0.2

/** Cost per run is lognormal: ln(costUsd) ~ N(COST_LOG_MEAN, COST_LOG_SD²), a mean of about $0.046. */
export const COST_LOG_MEAN = -3.2
/** Log-scale standard deviation of the cost per run (coefficient of variation ≈ 0.53). */
export const COST_LOG_SD = 0.5
/** Control's share of sessions that end in an error (one 0/1 outcome per session). */
export const BASE_ERROR_RATE = 0.02
/** Run latency is lognormal with this median (ms) and log-scale sd: P95 ≈ 4,552 ms. */
export const LATENCY_MEDIAN_MS = 2000
export const LATENCY_LOG_SD = 0.5

/** Sessions between two looks of the gate. */
export const LOOK_SESSIONS = 50
/** Looks of the open-ended quantile sequences, whose p-values bisect: every 250 sessions. */
export const QUANTILE_MIXTURE_LOOK_SESSIONS = 250
/** Traffic, for `observedDays`: the 14-day horizon is never the one reached. */
export const SESSIONS_PER_DAY = 100_000

/** The guardrails simulated, each alone in its experiment. */
export type SimMetric = 'cost' | 'error' | 'p95'

/** Tolerance per guardrail: relative for cost and P95, absolute (pp) for the error rate. */
export const TOLERANCE: Readonly<Record<SimMetric, number>> = { cost: 0.1, error: 0.01, p95: 0.1 }

/** The true effects, in tolerances: A/A, half, exactly, twice the tolerance, and better than control. */
export const EFFECTS = [
  { id: 'aa', label: 'A/A (as good as control)', tolerances: 0 },
  { id: 'half', label: 'half the tolerance', tolerances: 0.5 },
  { id: 'at', label: 'exactly the tolerance', tolerances: 1 },
  { id: 'twice', label: 'twice the tolerance', tolerances: 2 },
  { id: 'better', label: 'better than control (−1 tolerance)', tolerances: -1 },
] as const

/** One scenario: a guardrail and a true effect. */
export interface Scenario {
  readonly id: string
  readonly metric: SimMetric
  readonly effect: (typeof EFFECTS)[number]
}

/** Every scenario, guardrail by guardrail. */
export const SCENARIOS: readonly Scenario[] = (['cost', 'error', 'p95'] as const).flatMap((metric) =>
  EFFECTS.map((effect) => ({ id: `${metric}-${effect.id}`, metric, effect })),
)

/**
 * Finds a scenario by id.
 *
 * @param id - The scenario's id.
 * @returns The scenario.
 * @throws {Error} For an unknown id.
 */
export function findScenario(id: string): Scenario {
  const scenario = SCENARIOS.find((s) => s.id === id)
  if (scenario === undefined) throw new Error(`unknown scenario ${id}`)
  return scenario
}

/** Names a guardrail for the report. */
export const METRIC_LABEL: Readonly<Record<SimMetric, string>> = {
  cost: 'cost per run (max_increase 10%)',
  error: 'error rate (max_increase 1pp)',
  p95: 'P95 latency (max_increase 10%)',
}
