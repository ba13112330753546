/**
 * Aggregates a scenario's experiments per design: the share that failed, got a suspected-regression
 * review, passed, or reached the horizon undecided (with Clopper–Pearson intervals), and the median
 * sessions to a decision.
 */
import type { ProportionInterval } from './clopper-pearson.ts'
import { computeClopperPearsonInterval } from './clopper-pearson.ts'
import type { Scenario } from './sim-model.ts'
import type { DesignOutcome, LookPoint, TrialOutcome } from './trial.ts'

/** A share of experiments with its 95% Clopper–Pearson interval. */
export interface RateEstimate extends ProportionInterval {
  readonly count: number
  readonly trials: number
  readonly rate: number
}

/** One design's results on one scenario. */
export interface DesignSummary {
  /** Failed at some look up to the horizon. */
  readonly fail: RateEstimate
  /** Got a suspected-regression review at some look (before a fail or pass ended it). */
  readonly review: RateEstimate
  /** Passed at some look up to the horizon. */
  readonly pass: RateEstimate
  /** Reached the horizon without a fail or a pass. */
  readonly inconclusive: RateEstimate
  /** Median sessions to the first fail, pass or review (never = later than every look); undefined below half. */
  readonly medianToDecision?: LookPoint
  /** Median sessions to a fail, counted the same way. */
  readonly medianToFail?: LookPoint
  /** Median sessions to a pass. */
  readonly medianToPass?: LookPoint
}

/** A scenario's results. */
export interface ScenarioSummary {
  readonly scenario: Scenario
  readonly experiments: number
  readonly sequential: DesignSummary
  readonly openEnded: DesignSummary
}

/**
 * Summarises a scenario.
 *
 * @param scenario - The scenario.
 * @param outcomes - One outcome per experiment (at least 1).
 * @returns Shares and medians per design.
 */
export function summarizeScenario(scenario: Scenario, outcomes: readonly TrialOutcome[]): ScenarioSummary {
  return {
    scenario,
    experiments: outcomes.length,
    sequential: summarizeDesign(outcomes.map((outcome) => outcome.sequential)),
    openEnded: summarizeDesign(outcomes.map((outcome) => outcome.openEnded)),
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

function summarizeDesign(outcomes: readonly DesignOutcome[]): DesignSummary {
  const trials = outcomes.length
  const share = (test: (outcome: DesignOutcome) => boolean) =>
    estimateRate(outcomes.filter(test).length, trials)
  const first = (outcome: DesignOutcome): LookPoint | undefined =>
    [outcome.fail, outcome.pass, outcome.review]
      .filter((point): point is LookPoint => point !== undefined)
      .sort((a, b) => a.sessions - b.sessions)[0]
  const decision = median(outcomes.map(first))
  const toFail = median(outcomes.map((outcome) => outcome.fail))
  const toPass = median(outcomes.map((outcome) => outcome.pass))
  return {
    fail: share((outcome) => outcome.fail !== undefined),
    review: share((outcome) => outcome.review !== undefined),
    pass: share((outcome) => outcome.pass !== undefined),
    inconclusive: share((outcome) => outcome.fail === undefined && outcome.pass === undefined),
    ...(decision === undefined ? {} : { medianToDecision: decision }),
    ...(toFail === undefined ? {} : { medianToFail: toFail }),
    ...(toPass === undefined ? {} : { medianToPass: toPass }),
  }
}

function median(points: readonly (LookPoint | undefined)[]): LookPoint | undefined {
  const rank = Math.ceil(points.length / 2)
  const seen = points.filter((point): point is LookPoint => point !== undefined)
  const pick = (field: keyof LookPoint) => seen.map((point) => point[field]).sort((a, b) => a - b)[rank - 1]
  const sessions = pick('sessions')
  const candidateSessions = pick('candidateSessions')
  if (sessions === undefined || candidateSessions === undefined) return undefined
  return { sessions, candidateSessions }
}
