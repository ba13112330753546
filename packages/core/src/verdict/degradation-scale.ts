import { GUARDRAIL_METRICS } from '../config/metrics.ts'
import type { Guardrail, GuardrailMetric } from '../types.ts'

/** How a guardrail turns an effect θ into the degradation δ it bounds. Internal to the verdict. */
export interface DegradationScale {
  /** `relative`: θ = μ_B/μ_A − 1; `absolute`: θ = μ_B − μ_A; `threshold`: θ = μ_B, the candidate's own value. */
  readonly mode: 'relative' | 'absolute' | 'threshold'
  /** +1 when a rise is worse (`max_increase`, `max`), −1 when a fall is worse (`max_decrease`, `min`). */
  readonly sign: 1 | -1
  /** θ at which δ = 0: the floor or ceiling for a threshold, 0 otherwise. */
  readonly reference: number
  /** The value δ must stay below. */
  readonly limit: number
}

/**
 * Reads a guardrail's bound and tolerance as a degradation scale: δ = sign·(θ − reference), positive =
 * worse. `max_increase: 10%` gives δ = μ_B/μ_A − 1 < 0.10; `max_decrease: 2pp` gives δ = μ_A − μ_B < 0.02;
 * `min: 0.90` gives δ = 0.90 − μ_B < 0.
 *
 * @param guardrail - The guardrail.
 * @returns Its mode, sign, reference and limit.
 */
export function describeDegradation(guardrail: Guardrail): DegradationScale {
  const { bound, tolerance } = guardrail
  const sign = bound === 'max_increase' || bound === 'max' ? 1 : -1
  if (tolerance.kind === 'threshold') return { mode: 'threshold', sign, reference: tolerance.value, limit: 0 }
  return { mode: tolerance.kind, sign, reference: 0, limit: tolerance.value }
}

/**
 * The δ₀ of the fail test H0: δ ≤ δ₀: 0 under `fail_rule: estimate` (significantly worse than control,
 * then read against the tolerance), the limit under `fail_rule: bound` (significantly worse than the
 * tolerance itself). For a threshold the limit is 0, so both rules test the same null.
 *
 * @param limit - The value δ must stay below (`DegradationScale.limit`, `GuardrailResult.limit`).
 * @param failRule - The experiment's `analysis.failRule`.
 * @returns δ₀.
 */
export function readNullDegradation(limit: number, failRule: 'estimate' | 'bound'): number {
  return failRule === 'bound' ? limit : 0
}

/**
 * Maps a degradation δ to the effect θ that has it, the inverse of δ = sign·(θ − reference): the null
 * value θ₀ at which the effect's p-value is computed.
 *
 * @param scale - From `describeDegradation`.
 * @param degradation - δ.
 * @returns θ = reference + sign·δ.
 */
export function toEffect(scale: DegradationScale, degradation: number): number {
  return scale.reference + scale.sign * degradation
}

/**
 * Maps an effect's estimate and interval to δ's.
 *
 * @param scale - From `describeDegradation`.
 * @param effect - θ̂ and its bounds.
 * @returns δ̂ and its bounds (the bounds swap when a fall is worse).
 */
export function toDegradation(
  scale: DegradationScale,
  effect: { readonly estimate: number; readonly lower: number; readonly upper: number },
): { estimate: number; lower: number; upper: number } {
  const { sign, reference } = scale
  const estimate = sign * (effect.estimate - reference)
  if (sign === 1) return { estimate, lower: effect.lower - reference, upper: effect.upper - reference }
  return { estimate, lower: reference - effect.upper, upper: reference - effect.lower }
}

/**
 * Which quantile a latency metric watches (`GUARDRAIL_METRICS[metric].quantile`).
 *
 * @param metric - A guardrail metric.
 * @returns 0.5, 0.95 or 0.99 for the `_p50_`, `_p95_`, `_p99_` metrics; undefined for the others.
 */
export function readQuantileLevel(metric: GuardrailMetric): number | undefined {
  return GUARDRAIL_METRICS[metric].quantile
}
