/** Which candidate the demo simulates: one that regresses, or one as good as control. */
export type Scenario = 'regression' | 'healthy'

/** The scenarios, in the order `--help` lists them. */
export const SCENARIOS: readonly Scenario[] = ['regression', 'healthy']

/**
 * How a simulated model behaves. Times are real-world milliseconds (waited scaled down by
 * `TIME_SCALE`); rates are per call unless said otherwise.
 */
export interface ModelProfile {
  /** Median time to first token. */
  readonly ttftMs: number
  /** Log-normal spread of the time to first token (sigma of its logarithm). */
  readonly ttftSpread: number
  /** Visible output tokens per second once the answer streams. */
  readonly tokensPerSecond: number
  /** Share of calls the provider rejects (HTTP 429). */
  readonly errorRate: number
  /** Share of extracted fields misread (per field). */
  readonly fieldErrorRate: number
  /** Share of extractions that write the invoice date as DD/MM/YYYY instead of ISO. */
  readonly dateSlipRate: number
  /** Share of answers that add or drop one cited source (the normal wobble of any model). */
  readonly citationNoise: number
  /** Share of answers that cite a different source than the one the evidence calls for. */
  readonly citationDrift: number
  /** Share of payment decisions the model gets wrong. */
  readonly decisionErrorRate: number
  /** Mean hidden reasoning tokens per call (billed as output, spent before the first token). */
  readonly reasoningTokens: number
  /** Reasoning tokens per second, for the time they add before the first token. */
  readonly reasoningTokensPerSecond: number
  /** Extra sentences a summary adds (0 = none). */
  readonly extraSentences: number
  /** Share of calls whose instructions are read from the provider's prompt cache. */
  readonly cacheHitRate: number
}

/** The production model: fast, terse, stable citations, well-formed dates. */
export const CONTROL_PROFILE: ModelProfile = {
  ttftMs: 650,
  ttftSpread: 0.2,
  tokensPerSecond: 85,
  errorRate: 0.002,
  fieldErrorRate: 0.01,
  dateSlipRate: 0,
  citationNoise: 0.02,
  citationDrift: 0,
  decisionErrorRate: 0.01,
  reasoningTokens: 0,
  reasoningTokensPerSecond: 300,
  extraSentences: 0,
  cacheHitRate: 0.85,
}

/**
 * The candidate of each scenario. `regression`: it reasons before answering (slower first token, more
 * output tokens billed), rejects more calls, misreads more fields, writes some invoice dates as
 * `03/05/2026` (which breaks the validator downstream) and cites other sources for the same input.
 * `healthy`: the same distributions as control.
 */
export const CANDIDATE_PROFILES: Readonly<Record<Scenario, ModelProfile>> = {
  regression: {
    ...CONTROL_PROFILE,
    tokensPerSecond: 70,
    errorRate: 0.006,
    fieldErrorRate: 0.03,
    dateSlipRate: 0.12,
    citationDrift: 0.3,
    decisionErrorRate: 0.04,
    reasoningTokens: 90,
    extraSentences: 2,
  },
  healthy: CONTROL_PROFILE,
}
