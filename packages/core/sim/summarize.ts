/**
 * Aggregates the outcomes of a scenario's experiments: how often each event happened (with Clopper–Pearson
 * intervals), at the final look alone, and how many sessions it took.
 */
import type { ProportionInterval } from './clopper-pearson.ts'
import { computeClopperPearsonInterval } from './clopper-pearson.ts'
import type { Scenario } from './sim-model.ts'
import type { LookPoint, TrialEvent, TrialOutcome } from './trial-outcome.ts'

/** Every event, in the order the summaries list them. */
export const TRIAL_EVENTS: readonly TrialEvent[] = [
  'verdictFail',
  'verdictSignificant',
  'verdictPass',
  'naiveFail',
  'naiveSignificant',
]

/** A share of experiments with its 95% Clopper–Pearson interval. */
export interface RateEstimate extends ProportionInterval {
  readonly count: number
  readonly trials: number
  readonly rate: number
}

/** What a scenario's experiments add up to. */
export interface ScenarioSummary {
  readonly scenario: Scenario
  readonly experiments: number
  /** Sessions at the last look. */
  readonly lastLookSessions: number
  /** Share of experiments where the event happened at some look. */
  readonly ever: Readonly<Record<TrialEvent, RateEstimate>>
  /** Share where it happened at the final look, as if that were the only look. */
  readonly atFinalLook: Readonly<Record<TrialEvent, RateEstimate>>
  /**
   * Median look of the event's first occurrence over all experiments, those where it never happened counted
   * as later than any look; absent when it happened in fewer than half of them.
   */
  readonly medianFirst: Readonly<Partial<Record<TrialEvent, LookPoint>>>
  /** Share whose first decisive verdict (pass or fail) was a pass. */
  readonly passedFirst: RateEstimate
  /** The raw outcomes, for shares "by n sessions". */
  readonly outcomes: readonly TrialOutcome[]
}

/**
 * Summarises a scenario.
 *
 * @param scenario - The scenario.
 * @param outcomes - One outcome per experiment (at least 1).
 * @param lastLookSessions - Sessions at the last look.
 * @returns Shares with intervals and medians.
 */
export function summarizeScenario(
  scenario: Scenario,
  outcomes: readonly TrialOutcome[],
  lastLookSessions: number,
): ScenarioSummary {
  const trials = outcomes.length
  const byEvent = (count: (event: TrialEvent) => number) =>
    Object.fromEntries(TRIAL_EVENTS.map((event) => [event, estimateRate(count(event), trials)])) as Record<
      TrialEvent,
      RateEstimate
    >
  const medianFirst: Partial<Record<TrialEvent, LookPoint>> = {}
  for (const event of TRIAL_EVENTS) {
    const median = findMedianFirst(outcomes, event)
    if (median !== undefined) medianFirst[event] = median
  }
  const passedFirst = outcomes.filter((outcome) => {
    const pass = outcome.first.verdictPass?.sessions
    const fail = outcome.first.verdictFail?.sessions
    return pass !== undefined && (fail === undefined || pass < fail)
  }).length
  return {
    scenario,
    experiments: trials,
    lastLookSessions,
    ever: byEvent((event) => outcomes.filter((outcome) => outcome.first[event] !== undefined).length),
    atFinalLook: byEvent((event) => outcomes.filter((outcome) => outcome.atFinalLook.includes(event)).length),
    medianFirst,
    passedFirst: estimateRate(passedFirst, trials),
    outcomes,
  }
}

/**
 * A share with its 95% Clopper–Pearson interval.
 *
 * @param count - Experiments with the event.
 * @param trials - Experiments, ≥ 1.
 * @returns The share and its bounds.
 */
export function estimateRate(count: number, trials: number): RateEstimate {
  return { count, trials, rate: count / trials, ...computeClopperPearsonInterval(count, trials) }
}

/**
 * Share of experiments where the event happened by a given number of sessions.
 *
 * @param summary - The scenario's summary.
 * @param event - The event.
 * @param limit - Sessions, or candidate sessions with `field: 'candidateSessions'`.
 * @param field - Which count `limit` is compared with; default all sessions.
 * @returns The share with its interval.
 */
export function computeShareBy(
  summary: ScenarioSummary,
  event: TrialEvent,
  limit: number,
  field: keyof LookPoint = 'sessions',
): RateEstimate {
  const count = summary.outcomes.filter(
    (outcome) => (outcome.first[event]?.[field] ?? Infinity) <= limit,
  ).length
  return estimateRate(count, summary.experiments)
}

function findMedianFirst(outcomes: readonly TrialOutcome[], event: TrialEvent): LookPoint | undefined {
  const rank = Math.ceil(outcomes.length / 2)
  const median = (field: keyof LookPoint): number | undefined => {
    const values = outcomes
      .map((outcome) => outcome.first[event]?.[field])
      .filter((value): value is number => value !== undefined)
      .sort((a, b) => a - b)
    return values[rank - 1]
  }
  const sessions = median('sessions')
  const candidateSessions = median('candidateSessions')
  if (sessions === undefined || candidateSessions === undefined) return undefined
  return { sessions, candidateSessions }
}
