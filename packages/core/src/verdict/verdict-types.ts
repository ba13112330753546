/**
 * Public types of the verdict: what the gate gives `decideVerdict` (observations per arm, free of span
 * concepts) and what it gets back.
 */
import type { MeanSummary } from '../sequential/mean-accumulator.ts'
import type { QuantileSummary } from '../sequential/quantile-summary.ts'
import type { RatioSummary } from '../sequential/ratio-accumulator.ts'
import type { Experiment, GuardrailBound, GuardrailMetric, Tolerance } from '../types.ts'

/**
 * One arm's sufficient statistics for one metric, with the session as the unit:
 * - `mean`: one value per session (cost per run, judge score, 0/1 run failure, citation stability);
 * - `ratio`: per-call metrics as (sum over the session's calls, number of calls) per session (error rate
 *   over calls, cost per call);
 * - `quantile`: one value per session (the run's latency, or an agent's call latency when it makes one
 *   call per session), for P50/P95/P99 guardrails.
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
   * Units observed: sessions assigned to the arm (`traffic`), or shadow pairs (`shadow`). Used for the
   * sample-ratio check (traffic only) and `min_units_per_arm`.
   */
  readonly units: number
  /**
   * `traffic` (default): the arm's own users. `shadow`: a weight-0 candidate measured on shadow pairs,
   * i.e. control sessions replayed on the candidate; the lifecycle's first step.
   */
  readonly source?: 'traffic' | 'shadow'
  /** The arm's metrics. */
  readonly metrics: MetricObservationsByName
  /**
   * Shadow pairs only: the same control sessions' metrics, so the comparison is on identical inputs.
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
   * `analysis.maxUnitsPerArm`. The sequences are tuned to be narrowest there, and reaching it undecided
   * means review.
   */
  readonly plannedUnitsPerArm?: number
}

/** A guardrail's outcome for one candidate. */
export type GuardrailStatus = 'pass' | 'fail' | 'inconclusive' | 'no_data'

/** The gate's decision. */
export type VerdictStatus = 'pass' | 'fail' | 'inconclusive' | 'review'

/** Which method produced a guardrail's interval. */
export type IntervalMethod = 'normal-mixture' | 'quantile-beta-binomial' | 'fixed-horizon-z'

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
  /** Always-valid interval for δ at the family-wise level (α/m each). Absent without data. */
  readonly interval?: { readonly lower: number; readonly upper: number }
  /**
   * Always-valid p-value for H0: δ ≤ 0 under `fail_rule: estimate`, for H0: δ ≤ limit under `bound`
   * (not yet adjusted). Absent without data.
   */
  readonly pValue?: number
  /** Holm-adjusted p-value across guardrails and candidates. Absent without data. */
  readonly adjustedPValue?: number
  /** How the interval was computed. Absent without data. */
  readonly method?: IntervalMethod
  /** Units behind the comparison. */
  readonly units: { readonly control: number; readonly candidate: number }
  readonly status: GuardrailStatus
  /** Why the guardrail has no data or could not be decided, when there is a specific reason. */
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
  /** Plain sentences saying why, most important first. */
  readonly reasons: readonly string[]
  /** One result per guardrail and candidate, candidates in experiment order. */
  readonly guardrails: readonly GuardrailResult[]
  readonly srm: SrmResult
  /** For `inconclusive`: the units still needed and when they should arrive. */
  readonly samplesNeeded?: SamplesNeeded
  /** Family-wise α and the per-interval level α/m (Bonferroni over m guardrail × candidate pairs). */
  readonly alpha: { readonly familyWise: number; readonly perInterval: number }
  /** Planned units per arm the sequences were tuned for, and where that number came from. */
  readonly plan: {
    readonly unitsPerArm: number
    readonly source: 'input' | 'max_units_per_arm' | 'default'
  }
}
