import type { QuantileSummary } from '../sequential/quantile-summary.ts'
import { readOrderStatistic } from '../sequential/quantile-summary.ts'
import { computeSatterthwaiteDf } from '../stats/satterthwaite.ts'
import type { EffectContrast } from './effect-contrast.ts'
import { transformedContrast } from './effect-contrast.ts'

/** z_{0.975}: the bandwidth of McKean & Schrader (1984), in binomial standard deviations of the rank. */
export const BANDWIDTH_Z = 1.959963984540054

/** One arm's sample quantile on the comparison's scale, with its standard error and sketch allowance. */
interface ArmQuantile {
  readonly value: number
  readonly standardError: number
  /** Of the standard error: half the ranks it spans (see `readArm`). */
  readonly degreesOfFreedom: number
  readonly bias: number
}

/**
 * The group-sequential comparison of a quantile: Q̂_B against Q̂_A on the log scale (a relative change,
 * θ = Q_B/Q_A − 1 = e^{log Q_B − log Q_A} − 1) or as a difference (ms). A sample quantile is
 * asymptotically normal with variance p(1 − p)/(n·f(q)²) and, by Bahadur's representation, its sequence
 * over growing samples behaves like the score of a mean, so the same α-spending boundary applies. The
 * density is estimated from the order statistics around the quantile (Siddiqui 1960; Bloch & Gastwirth
 * 1968) with the bandwidth of McKean & Schrader (1984) — ranks n·p ± 1.96·√(n·p(1 − p)):
 * SE = √(n·p(1 − p))·(g(x₍hi₎) − g(x₍lo₎))/(hi − lo), g = log or the identity. A sketch's stated relative
 * error γ moves each value by up to γ, which is allowed for as a bias. Assumes one independent value per
 * session. The standard error is noisy (it rests on k = hi − lo order statistics), so the contrast carries
 * its Welch–Satterthwaite degrees of freedom, ν = k/2 per arm, for `studentizeContrast`. Internal to the
 * verdict.
 *
 * @param options - Both arms' summaries, the quantile p and the scale.
 * @returns The contrast, or undefined when an arm lacks the order statistics the standard error needs
 *   (too few values near the tail) or, on the log scale, has values ≤ 0 there.
 */
export function quantileContrast(options: {
  readonly control: QuantileSummary
  readonly candidate: QuantileSummary
  readonly p: number
  readonly relative: boolean
}): EffectContrast | undefined {
  const { p, relative } = options
  const control = readArm(options.control, p, relative)
  const candidate = readArm(options.candidate, p, relative)
  if (control === undefined || candidate === undefined) return undefined
  const parts = [candidate, control].map((arm) => ({
    variance: arm.standardError ** 2,
    df: arm.degreesOfFreedom,
  }))
  return transformedContrast({
    estimate: candidate.value - control.value,
    variance: candidate.standardError ** 2 + control.standardError ** 2,
    degreesOfFreedom: computeSatterthwaiteDf(parts),
    bias: candidate.bias + control.bias,
    forward: relative ? Math.log1p : (theta) => theta,
    back: relative ? Math.expm1 : (value) => value,
  })
}

function readArm(summary: QuantileSummary, p: number, relative: boolean): ArmQuantile | undefined {
  const n = summary.count
  const spread = BANDWIDTH_Z * Math.sqrt(n * p * (1 - p))
  const lo = Math.floor(n * p - spread)
  const hi = Math.ceil(n * p + spread)
  if (lo < 1 || hi > n || hi <= lo) return undefined
  const g = relative ? Math.log : (x: number) => x
  const point = summary.quantile(p)
  const low = readOrderStatistic(summary, lo)
  const high = readOrderStatistic(summary, hi)
  if (relative && !(low > 0 && point > 0)) return undefined
  const error = summary.relativeError ?? 0
  const standardError = (Math.sqrt(n * p * (1 - p)) * (g(high) - g(low))) / (hi - lo)
  const bias = relative ? -Math.log1p(-error) : error * Math.abs(point)
  // The spacing x₍hi₎ − x₍lo₎ is about a sum of k = hi − lo independent exponential spacings (Rényi), so
  // the squared standard error has relative variance ≈ 4/k: that of χ²_ν/ν with ν = k/2.
  return { value: g(point), standardError, degreesOfFreedom: (hi - lo) / 2, bias }
}
