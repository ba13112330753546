/**
 * Public types of the verdict: what the gate gives `decideVerdict` (observations per arm, free of span
 * concepts) and what it gets back.
 */
import type { MeanSummary } from '../sequential/mean-accumulator.ts'
import type { QuantileSummary } from '../sequential/quantile-summary.ts'
import type { RatioSummary } from '../sequential/ratio-accumulator.ts'
import type { Experiment, GuardrailBound, GuardrailMetric, Tolerance } from '../types.ts'

/**
 * One arm's sufficient statistics for one metric, with the unit (`experiment.unit`) as the unit of
 * analysis. Which kind a metric takes is `GUARDRAIL_METRICS[metric].observation`:
 * - `quantile`: one value per unit (the run's latency, or an agent's call latency when it makes one
 *   call per unit), for the P50/P95/P99 guardrails (the level is `GUARDRAIL_METRICS[metric].quantile`);
 * - `ratio`: every other metric, as (sum, count) per unit: the calls' errors or costs over the unit's
 *   calls, the runs' costs or failures over its runs, scores over its scored outputs. The gate sends this;
 * - `mean`: one value per unit, the `ratio` contrast with every count 1, for callers that hold one value
 *   per unit already. The gate never sends it.
 */
export type MetricObservations =
  | { readonly kind: 'mean'; readonly summary: MeanSummary }
  | { readonly kind: 'ratio'; readonly summary: RatioSummary }
  | { readonly kind: 'quantile'; readonly summary: QuantileSummary }

/** Metric summaries by guardrail metric; a metric without observations is left out. */
export type MetricObservationsByName = Readonly<Partial<Record<GuardrailMetric, MetricObservations>>>

/** What the gate observed for one arm. */
export interface ArmObservations {
  /** The arm's name, as under `arms:` in the experiment file. */
  readonly arm: string
  /**
   * Units observed: units assigned to the arm (`traffic`), or shadow pairs (`shadow`). Used for the
   * sample-ratio check (traffic only) and `min_units_per_arm`.
   */
  readonly units: number
  /**
   * `traffic` (default): the arm's own users. `shadow`: a weight-0 candidate measured on shadow pairs,
   * i.e. control units' calls replayed on the candidate; the lifecycle's first step.
   */
  readonly source?: 'traffic' | 'shadow'
  /** The arm's metrics. */
  readonly metrics: MetricObservationsByName
  /**
   * Shadow pairs only: the same control units' metrics, so the comparison is on identical inputs.
   * When absent the control arm's metrics are used.
   */
  readonly pairedControl?: MetricObservationsByName
}

/** Inputs of `decideVerdict`. */
export interface VerdictInput {
  /** The validated experiment: arms and weights, guardrails, analysis settings. */
  readonly experiment: Experiment
  /** Observations per arm; an arm left out has no units. */
  readonly arms: readonly ArmObservations[]
  /** Days since the data window started (the change that gave the candidate its configuration). */
  readonly observedDays: number
  /** Units entering the experiment per day, all arms together; default: traffic units / observedDays. */
  readonly unitsPerDay?: number
  /**
   * Units per arm the experiment plans to reach (from `planExperiment`); default
   * `analysis.maxUnitsPerArm`. It is the horizon of the group-sequential design (with `horizon_days`,
   * whichever comes first); the open-ended sequences are tuned to be narrowest there. Reaching it
   * undecided means review.
   */
  readonly plannedUnitsPerArm?: number
  /**
   * Values set aside as implausible per arm name, before the observations were summarised: any in a
   * candidate withholds a pass (review), see `withholdPass`.
   */
  readonly setAside?: Readonly<Record<string, number>>
}

/**
 * A guardrail's outcome for one candidate:
 * - `fail`: δ is significantly beyond the tolerance (or, under `fail_rule: estimate`, significantly above
 *   0 with its estimate beyond the tolerance);
 * - `suspected_regression`: δ is significantly above 0 and its estimate is beyond the tolerance, but it is
 *   not yet significantly beyond the tolerance (`fail_rule: bound`): the verdict asks a person;
 * - `pass`: δ's upper bound is below the tolerance;
 * - `inconclusive`: measured, not decided; `no_data`: nothing to measure.
 */
export type GuardrailStatus = 'pass' | 'fail' | 'suspected_regression' | 'inconclusive' | 'no_data'

/**
 * Why a guardrail has its status, as a closed set of codes (reports turn them into sentences; `note` is
 * one such sentence, for people only):
 * - `beyond_tolerance` (fail): H0 δ ≤ tolerance rejected at the Holm level;
 * - `worse_and_estimate_beyond` (fail, `fail_rule: estimate`): H0 δ ≤ 0 rejected and δ̂ beyond the tolerance;
 * - `suspected_regression`: H0 δ ≤ 0 rejected and δ̂ beyond the tolerance, H0 δ ≤ tolerance not yet;
 * - `within_tolerance` (pass): the upper bound is below the tolerance;
 * - `undecided`: the interval still straddles the tolerance;
 * - `waiting_for_planned_size`: `method: fixed` decides only at the planned size;
 * - `past_horizon`: the group-sequential design reached its horizon and has spent its α;
 * - `relative_change_undefined`: the control's value is 0 or less, so a `%` tolerance cannot be read;
 * - `tail_not_reached`: too few values for the quantile's standard error (e.g. P99 on 50 units);
 * - `no_observations`, `too_few_units`, `no_calls`, `no_values` (no_data): what is missing;
 * - `shadow_without_pairs` (no_data): a weight-0 candidate with no shadow pairs yet.
 */
export type GuardrailReason =
  | 'beyond_tolerance'
  | 'worse_and_estimate_beyond'
  | 'suspected_regression'
  | 'within_tolerance'
  | 'undecided'
  | 'waiting_for_planned_size'
  | 'past_horizon'
  | 'relative_change_undefined'
  | 'tail_not_reached'
  | 'no_observations'
  | 'too_few_units'
  | 'no_calls'
  | 'no_values'
  | 'shadow_without_pairs'

/** The gate's decision. */
export type VerdictStatus = 'pass' | 'fail' | 'inconclusive' | 'review'

/**
 * Why the verdict is what it is, as a code naming its first reason: `guardrail_failed`,
 * `all_within_tolerance` (pass), `no_guardrails` (pass on sizes alone), `sample_ratio_mismatch`,
 * `suspected_regression`, `horizon_reached` and `values_set_aside` (review: a pass withheld because
 * values were set aside in a candidate), `undecided` and `nothing_to_gate` (inconclusive).
 */
export type VerdictCause =
  | 'guardrail_failed'
  | 'all_within_tolerance'
  | 'no_guardrails'
  | 'sample_ratio_mismatch'
  | 'suspected_regression'
  | 'horizon_reached'
  | 'values_set_aside'
  | 'undecided'
  | 'nothing_to_gate'

/**
 * Which method produced a guardrail's interval: `group-sequential` (means, rates, ratios: the
 * continuous-monitoring α-spending boundary on a z statistic, Fieller for relative changes),
 * `group-sequential-quantile` (the same on a sample quantile with an order-statistic standard error),
 * `normal-mixture` and `quantile-beta-binomial` (the open-ended confidence sequences), `fixed-horizon-z`.
 */
export type IntervalMethod =
  | 'group-sequential'
  | 'group-sequential-quantile'
  | 'normal-mixture'
  | 'quantile-beta-binomial'
  | 'fixed-horizon-z'

/** One guardrail checked on one candidate. */
export interface GuardrailResult {
  readonly metric: GuardrailMetric
  /** The candidate arm. */
  readonly arm: string
  readonly bound: GuardrailBound
  readonly tolerance: Tolerance
  /**
   * The value δ must stay below, on the tolerance's scale: the tolerance's value for relative and absolute
   * tolerances, 0 for a threshold (δ is then the distance past the floor or ceiling).
   */
  readonly limit: number
  /**
   * δ̂, the candidate's degradation (positive = worse): relative change for `%`, difference for
   * pp / ms / $ / points, distance past the threshold for `min` / `max`. Absent without data.
   */
  readonly estimate?: number
  /** Interval for δ, each bound one-sided at α/m (the per-interval level), valid at every look. Absent without data. */
  readonly interval?: { readonly lower: number; readonly upper: number }
  /**
   * P-value of the fail test, not yet adjusted: H0: δ ≤ limit under `fail_rule: bound` (the default),
   * H0: δ ≤ 0 under `estimate`. Absent without data.
   */
  readonly pValue?: number
  /** Holm-adjusted `pValue` across guardrails and candidates. Absent without data. */
  readonly adjustedPValue?: number
  /** P-value of H0: δ ≤ 0 (no worse than control), not yet adjusted. Absent without data. */
  readonly pValueVsControl?: number
  /** Holm-adjusted `pValueVsControl`: with δ̂ beyond the limit, ≤ α makes a suspected regression. */
  readonly adjustedPValueVsControl?: number
  /** How the interval was computed. Absent without data. */
  readonly method?: IntervalMethod
  /** For `group-sequential` methods: the information fraction of this look (1 = the horizon). */
  readonly informationFraction?: number
  /** Units behind the comparison. */
  readonly units: { readonly control: number; readonly candidate: number }
  readonly status: GuardrailStatus
  /** Why, as a code. */
  readonly reason: GuardrailReason
  /**
   * For a suspected regression or an undecided guardrail: more units per arm that should settle it if
   * the estimate and the per-unit variance stay as they are; absent when no projection is possible.
   */
  readonly unitsNeeded?: Readonly<Record<string, number>>
  /** The reason in a sentence, for people (do not match on it; use `reason`). */
  readonly note?: string
}

/** The sample-ratio-mismatch check over the arms that receive traffic. */
export interface SrmResult {
  /** χ² p-value; 1 when there is nothing to test (no units, or a single arm with traffic). */
  readonly pValue: number
  /** Pearson's χ² statistic. */
  readonly statistic: number
  /** Units observed per arm. */
  readonly observed: Readonly<Record<string, number>>
  /** Units the weights predict per arm. */
  readonly expected: Readonly<Record<string, number>>
}

/** The samples an undecided experiment still needs. */
export interface SamplesNeeded {
  /** More units each arm needs (0 for an arm that has enough). */
  readonly perArm: Readonly<Record<string, number>>
  /** Days until they arrive at the observed traffic; absent when the traffic rate is unknown or 0. */
  readonly eta?: number
}

/** What `decideVerdict` returns. */
export interface Verdict {
  readonly status: VerdictStatus
  /** Why, as a code (the first of the reasons). */
  readonly cause: VerdictCause
  /** Plain sentences saying why, most important first. */
  readonly reasons: readonly string[]
  /** One result per guardrail and candidate, candidates in experiment order. */
  readonly guardrails: readonly GuardrailResult[]
  readonly srm: SrmResult
  /** For `inconclusive` (and a suspected regression): the units still needed and when they should arrive. */
  readonly samplesNeeded?: SamplesNeeded
  /** Family-wise α and the per-interval level α/m (Bonferroni over m guardrail × candidate pairs). */
  readonly alpha: { readonly familyWise: number; readonly perInterval: number }
  /**
   * Planned units per arm and where that number came from: the caller's plan or `max_units_per_arm` (a
   * horizon: the group-sequential design spends its α by it), or 10 × `min_units_per_arm` (only tunes the
   * open-ended sequences).
   */
  readonly plan: {
    readonly unitsPerArm: number
    readonly source: 'input' | 'max_units_per_arm' | 'default'
  }
}
