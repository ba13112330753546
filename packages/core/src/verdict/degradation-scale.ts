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
 * Which quantile a latency metric watches.
 *
 * @param metric - A guardrail metric.
 * @returns 0.5, 0.95 or 0.99 for the `_p50_`, `_p95_`, `_p99_` metrics; undefined for the others.
 */
export function readQuantileLevel(metric: GuardrailMetric): number | undefined {
  const match = /_p(\d+)_/.exec(metric)
  return match === null ? undefined : Number(match[1]) / 100
}
