import type { Experiment } from '@llm-canary/core'

/** How one arm's LLM calls behave in synthetic traces. */
export interface SyntheticCallProfile {
  /** Median call latency, ms (latency is lognormal). */
  readonly latencyMedianMs: number
  /** Log-scale standard deviation of the latency. */
  readonly latencySigma: number
  /** TTFT as a share of the call's latency (with lognormal noise, capped below the latency). */
  readonly ttftShare: number
  /** Probability that a call fails (status ERROR). */
  readonly errorRate: number
  /** Input tokens, uniform in [min, max]. */
  readonly inputTokens: readonly [number, number]
  /** Output tokens, uniform in [min, max]. */
  readonly outputTokens: readonly [number, number]
  /** Probability that an accuracy evaluation scores 1 (else 0). */
  readonly accuracy: number
  /** Mean judge score (normal with sd 0.8, rounded and clamped to 1–5). */
  readonly judgeMean: number
  /** Probability that each cited source is the canonical one for the input (else a random one). */
  readonly citationAgreement: number
}

/** A regression applied to one arm's calls (optionally one agent's only). */
export interface SyntheticRegression {
  readonly arm: string
  /** Only this agent's calls regress; all agents when absent. */
  readonly agent?: string
  /** Latency (and TTFT) multiplier. */
  readonly latencyFactor?: number
  /** Added to the error rate. */
  readonly errorRateDelta?: number
  /** Output token multiplier (cost). */
  readonly outputTokensFactor?: number
  /** Added to the accuracy probability. */
  readonly accuracyDelta?: number
  /** Added to the judge mean. */
  readonly judgeDelta?: number
  /** Added to the citation agreement probability. */
  readonly citationAgreementDelta?: number
}

/** The default call profile: a 900 ms median call, 2% errors, 90% accuracy. */
export const DEFAULT_CALL_PROFILE: SyntheticCallProfile = {
  latencyMedianMs: 900,
  latencySigma: 0.35,
  ttftShare: 0.3,
  errorRate: 0.02,
  inputTokens: [400, 1600],
  outputTokens: [80, 400],
  accuracy: 0.9,
  judgeMean: 4,
  citationAgreement: 0.95,
}

/**
 * The profile of one call: the arm's profile with the regression applied when it targets this arm and
 * agent. Probabilities are clamped to [0, 1].
 *
 * @param base - The arm's profile.
 * @param regression - The configured regression, if any.
 * @param arm - The call's arm (the model that serves it).
 * @param agent - The call's agent.
 * @returns The call's profile.
 */
export function applyRegression(
  base: SyntheticCallProfile,
  regression: SyntheticRegression | undefined,
  arm: string,
  agent: string,
): SyntheticCallProfile {
  if (regression === undefined || regression.arm !== arm) return base
  if (regression.agent !== undefined && regression.agent !== agent) return base
  const outputFactor = regression.outputTokensFactor ?? 1
  return {
    ...base,
    latencyMedianMs: base.latencyMedianMs * (regression.latencyFactor ?? 1),
    errorRate: clampUnit(base.errorRate + (regression.errorRateDelta ?? 0)),
    outputTokens: [
      Math.round(base.outputTokens[0] * outputFactor),
      Math.round(base.outputTokens[1] * outputFactor),
    ],
    accuracy: clampUnit(base.accuracy + (regression.accuracyDelta ?? 0)),
    judgeMean: base.judgeMean + (regression.judgeDelta ?? 0),
    citationAgreement: clampUnit(base.citationAgreement + (regression.citationAgreementDelta ?? 0)),
  }
}

function clampUnit(value: number): number {
  return Math.min(1, Math.max(0, value))
}

/** Options of the synthetic trace generator. Everything but the experiment has a default. */
export interface SyntheticTraceOptions {
  readonly experiment: Experiment
  /** Sessions to generate. */
  readonly sessions: number
  /** Seed: equal options give equal spans. */
  readonly seed?: number
  /** Start of the first session, epoch ms (default 2026-05-01T00:00:00Z). */
  readonly startMs?: number
  /** Time between session starts, ms (default 60 000). */
  readonly sessionIntervalMs?: number
  /** Graph nodes, in call order (default planner, writer). */
  readonly agents?: readonly string[]
  readonly runsPerSession?: number
  readonly callsPerAgent?: number
  /** Emit `invoke_workflow` spans (default true). */
  readonly workflowSpans?: boolean
  /** Emit `invoke_agent` spans (default true). */
  readonly agentSpans?: boolean
  /** Put `llm_canary.run.cost_usd` on workflow spans (default false: cost per run comes from the calls). */
  readonly runTotals?: boolean
  /** Share of LLM spans that carry `gen_ai.usage.cost.amount`; the rest are recomputed from tokens (default 0.5). */
  readonly costRecordedShare?: number
  /** Share of LLM calls with an accuracy evaluation event (default 1). */
  readonly accuracyShare?: number
  /** Share of runs followed by an `evaluate judge` span (default 0.3). */
  readonly judgeShare?: number
  /** Distinct inputs per agent for citation pairing; 0 emits no citations (default 0). */
  readonly citationInputs?: number
  /** Call profile of every arm, before the regression (default `DEFAULT_CALL_PROFILE`). */
  readonly profile?: Partial<SyntheticCallProfile>
  /** Per-arm overrides of the profile. */
  readonly armProfiles?: Readonly<Record<string, Partial<SyntheticCallProfile>>>
  readonly regression?: SyntheticRegression
}
