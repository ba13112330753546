/**
 * Public types of `@llm-canary/core`: the validated experiment and what assignment returns.
 * The raw (file) shape is the zod input type in `config/schema.ts`; these are the normalised
 * values every other module works with, so code past the edge never re-checks them.
 */

/** Which id is hashed to pick an arm. */
export type UnitKind = 'session' | 'user' | 'thread'

/** A model written `provider:model`, e.g. `openai:gpt-5`. */
export interface ModelRef {
  /** The id as written: `openai:gpt-5`. */
  readonly id: string
  /** The provider part: `openai`. */
  readonly provider: string
  /** The model part: `gpt-5`. */
  readonly name: string
}

/** One arm of the experiment, control or candidate. */
export interface Arm {
  /** Arm name, the key under `arms:` (`control`, `candidate`, `claude`). */
  readonly name: string
  readonly model: ModelRef
  /** Share of units in percent, 0–100, at most two decimals. */
  readonly weight: number
  /** The same share in basis points (1/100 of a percent): the integer the assignment uses. */
  readonly weightBasisPoints: number
  /** Share of *control* units also sent to this candidate in the background, 0–1 (0 for control). */
  readonly shadow: number
  /** True for the arm named `control`. */
  readonly isControl: boolean
  /**
   * Where a candidate sits in the bucket space (see docs/assignment.md): the explicit `slot`, else its
   * 0-based index among the candidates in declaration order. -1 for control.
   */
  readonly slot: number
}

/** Metrics a guardrail can watch. */
export type GuardrailMetric =
  | 'latency_p50_ms'
  | 'latency_p95_ms'
  | 'latency_p99_ms'
  | 'ttft_p50_ms'
  | 'ttft_p95_ms'
  | 'ttft_p99_ms'
  | 'cost_per_call_usd'
  | 'cost_per_run_usd'
  | 'error_rate'
  | 'run_failure_rate'
  | 'accuracy'
  | 'judge_score'
  | 'citation_stability'

/**
 * How much regression a guardrail tolerates, parsed from its written form.
 * - `relative`: `10%` of the control value (value 0.10).
 * - `absolute`: a difference in the metric's own unit: `2pp` (0.02), `150ms` (150), `$0.01` (0.01), `0.5` points.
 * - `threshold`: a floor or ceiling on the candidate's own value, for `min` / `max` (`0.90`).
 */
export type Tolerance =
  | { readonly kind: 'relative'; readonly value: number; readonly text: string }
  | { readonly kind: 'absolute'; readonly value: number; readonly unit: ToleranceUnit; readonly text: string }
  | { readonly kind: 'threshold'; readonly value: number; readonly text: string }

/** Unit of an absolute tolerance. `pp` is percentage points of a rate, stored as a fraction (2pp = 0.02). */
export type ToleranceUnit = 'pp' | 'ms' | 'usd' | 'points'

/** Which way a guardrail bound points. */
export type GuardrailBound = 'max_increase' | 'max_decrease' | 'min' | 'max'

/** One guardrail: the candidate may not regress beyond `tolerance` on `metric`. */
export interface Guardrail {
  readonly metric: GuardrailMetric
  readonly bound: GuardrailBound
  readonly tolerance: Tolerance
}

/** Price of one model in USD per million tokens. */
export interface ModelPrice {
  readonly inputPerMTokUsd: number
  readonly outputPerMTokUsd: number
  /** Price of cached input tokens read; defaults to the input price when unknown. */
  readonly cacheReadPerMTokUsd?: number
  /** Price of input tokens written to the cache; defaults to the input price when unknown. */
  readonly cacheWritePerMTokUsd?: number
  /** Price of reasoning output tokens; defaults to the output price when unknown. */
  readonly reasoningPerMTokUsd?: number
}

/** How the gate analyses the experiment. */
export interface AnalysisSettings {
  /** Family-wise error rate across guardrails and candidates. */
  readonly alpha: number
  /** Planned power, used to size the experiment. */
  readonly power: number
  /**
   * `sequential` (default; safe to look at any time: group-sequential with a horizon, else the open-ended
   * sequences), `open_ended` (always the confidence sequences, no horizon) or `fixed` (one look at the
   * planned sample size).
   */
  readonly method: 'sequential' | 'open_ended' | 'fixed'
  /**
   * When a guardrail fails (`fail_rule`). `bound` (default): δ is significantly above the tolerance
   * (H0: δ ≤ tolerance rejected), so a candidate inside its tolerance fails with probability ≤ α; δ
   * significantly above 0 with its estimate beyond the tolerance is a suspected regression (review).
   * `estimate`: that suspected regression fails too.
   */
  readonly failRule: 'estimate' | 'bound'
  /** Units each arm needs before a pass is possible. */
  readonly minUnitsPerArm: number
  /** Days after which an undecided experiment goes to review. */
  readonly horizonDays: number
  /** The planned sample size per arm (`max_units_per_arm`): reaching it undecided also means review. */
  readonly maxUnitsPerArm: number | undefined
}

/** A validated experiment file, normalised. Built by `parseExperiment` / `loadExperiment`. */
export interface Experiment {
  /** The experiment id; also `feature_flag.key` on spans. */
  readonly id: string
  /** Hashing salt; the experiment id unless set. Different salts give independent assignments. */
  readonly salt: string
  readonly unit: UnitKind
  /** The assignment algorithm version (see docs/assignment.md). */
  readonly hashVersion: number
  /** `control` first, then the candidates in the order the file declares them. */
  readonly arms: readonly Arm[]
  /** The control arm: every experiment has one (`arms[0]`). */
  readonly control: Arm
  /** The candidate arms in the order the file declares them (`arms` without control). */
  readonly candidates: readonly Arm[]
  /** Graph nodes that get the candidate's model; `undefined` means every node. */
  readonly scopeAgents: readonly string[] | undefined
  /** Price overrides keyed by model id (`openai:gpt-5`). */
  readonly pricing: Readonly<Record<string, ModelPrice>>
  readonly guardrails: readonly Guardrail[]
  readonly analysis: AnalysisSettings
}

/** Where a unit landed. */
export interface ArmAssignment {
  readonly experiment: string
  /** The arm name. */
  readonly arm: string
  /** The arm's model id (`openai:gpt-5`). */
  readonly model: string
  /** The unit's bucket, 0–9999. */
  readonly bucket: number
  readonly hashVersion: number
  /** Candidate arms that also receive this (control) unit as a shadow. Empty for candidate units. */
  readonly shadowArms: readonly string[]
}
