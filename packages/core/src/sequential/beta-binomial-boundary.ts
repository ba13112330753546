import { logBeta } from '../stats/distributions.ts'

/**
 * A two-sided beta-binomial mixture for a sub-Bernoulli process whose increments lie in [−g, h]
 * (Howard, Ramdas, McAuliffe & Sekhon 2021, "Time-uniform, nonparametric, nonasymptotic confidence
 * sequences", Ann. Statist. 49, Proposition 6). Internal to the sequential module.
 */
export interface BetaBinomialMixture {
  /** Lower range of an increment (the increment is ≥ −g). */
  readonly g: number
  /** Upper range of an increment (the increment is ≤ h). */
  readonly h: number
  /** Mixture tuning r > 0. */
  readonly r: number
}

/**
 * Tunes the beta-binomial mixture for the intrinsic time v* = p(1 − p)·n* at which it should be
 * tightest: ρ = v* / (2·ln(1/α*) + ln(1 + 2·ln(1/α*))) (the two-sided normal-mixture optimum of Howard
 * et al. 2021, §3.5) and r = max(ρ − g·h, 10⁻³·g·h), the constants of Howard & Ramdas' reference code
 * (confseq, `BetaBinomialMixture::optimal_r`).
 *
 * @param options - Planned intrinsic time `plannedTime` > 0, the level `alphaOpt` it is tuned for, g and h.
 * @returns The mixture.
 */
export function tuneBetaBinomialMixture(options: {
  readonly plannedTime: number
  readonly alphaOpt: number
  readonly g: number
  readonly h: number
}): BetaBinomialMixture {
  const { plannedTime, alphaOpt, g, h } = options
  const twiceLog = 2 * Math.log(1 / alphaOpt)
  const rho = plannedTime / (twiceLog + Math.log(1 + twiceLog))
  return { g, h, r: Math.max(rho - g * h, 1e-3 * g * h) }
}

/**
 * ln m(s, v) of the two-sided beta-binomial mixture supermartingale (Howard et al. 2021, Prop. 6):
 * v/(gh)·ln(g+h) − (v+hs)/(h(g+h))·ln g − (v−gs)/(g(g+h))·ln h
 *   + ln B((r+v−gs)/(g(g+h)), (r+v+hs)/(h(g+h))) − ln B(r/(g(g+h)), r/(h(g+h))).
 *
 * @param s - The process S_t, in [−v/h, v/g].
 * @param v - Intrinsic time V_t ≥ 0.
 * @param mixture - g, h and r.
 * @returns ln m(s, v).
 */
function computeLogMixture(s: number, v: number, mixture: BetaBinomialMixture): number {
  const { g, h, r } = mixture
  const sum = g + h
  return (
    (v / (g * h)) * Math.log(sum) -
    ((v + h * s) / (h * sum)) * Math.log(g) -
    ((v - g * s) / (g * sum)) * Math.log(h) +
    logBeta((r + v - g * s) / (g * sum), (r + v + h * s) / (h * sum)) -
    logBeta(r / (g * sum), r / (h * sum))
  )
}

/**
 * The upper boundary of the mixture at intrinsic time v: the s > 0 where ln m(s, v) reaches ln(1/α).
 * Since ln m is convex in s (a log of a mixture of exponentials in s) and below the threshold at 0,
 * bisection finds the single crossing. The process cannot exceed v/g; when m stays below 1/α up to
 * there, nothing is excluded on that side and the boundary is Infinity.
 *
 * @param v - Intrinsic time > 0.
 * @param logThreshold - ln(1/α) > 0.
 * @param mixture - g, h and r.
 * @returns The boundary u(v), or Infinity.
 */
export function computeMixtureBoundary(
  v: number,
  logThreshold: number,
  mixture: BetaBinomialMixture,
): number {
  const excess = (s: number): number => computeLogMixture(s, v, mixture) - logThreshold
  const top = v / mixture.g
  if (excess(top) < 0) return Number.POSITIVE_INFINITY
  if (excess(0) >= 0) return 0
  let lo = 0
  let hi = top
  // 1e-12 relative: far below a rank (the boundary is read through floor / ceil of t·p ± u), and about
  // 40 steps instead of the 60 that exhaust the doubles.
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i += 1) {
    const mid = lo + (hi - lo) / 2
    if (excess(mid) >= 0) hi = mid
    else lo = mid
  }
  return hi
}
