import jStat from 'jstat'
import { CoreError } from '../errors.ts'
import { requireClosedUnit, requireNumber, requirePositive } from './argument-checks.ts'

/**
 * Typed wrapper over `jstat` 1.9.6 for the distributions the statistics need. No special function is
 * implemented here: every value comes from jstat (`erf`, the regularized incomplete beta `ibeta`, the
 * regularized lower incomplete gamma, the noncentral t series).
 *
 * Accuracy measured against scipy 1.17 (see `distributions.test.ts`): absolute error below 1e-8 for
 * every cdf in its documented domain, so p-values are good to well under 1e-6. Relative accuracy in
 * the far tails is limited: `normalCdf` and `chiSquareSf` are computed as `1 - (1 - tail)` by jstat,
 * so values below ~1e-15 are only "about zero"; `normalQuantile` loses digits below p = 1e-10.
 */

/** Largest |ncp| for which jstat's noncentral t series is accurate (its 200-term Poisson sum starts at 0). */
export const MAX_NONCENTRALITY = 25

/**
 * Standard normal cumulative distribution function P(Z ≤ x).
 *
 * Method: jstat `normal.cdf` (Chebyshev fit of erf). Absolute error ~1e-16.
 *
 * @param x - Point; ±Infinity allowed.
 * @returns P(Z ≤ x) for Z ~ N(0, 1).
 * @throws {CoreError} `INVALID_ARGUMENT` when `x` is NaN.
 * @example normalCdf(1.959963984540054) // ≈ 0.975
 */
export function normalCdf(x: number): number {
  requireNumber('x', x)
  return jStat.normal.cdf(x, 0, 1)
}

/**
 * Standard normal survival function P(Z > x), by symmetry `normalCdf(-x)`.
 *
 * @param x - Point; ±Infinity allowed.
 * @returns P(Z > x) for Z ~ N(0, 1).
 * @throws {CoreError} `INVALID_ARGUMENT` when `x` is NaN.
 */
export function normalSf(x: number): number {
  return normalCdf(-x)
}

/**
 * Standard normal quantile (inverse cdf): the z with P(Z ≤ z) = p.
 *
 * Method: jstat `normal.inv` (erfc inverse with two Newton steps). Relative error below 1e-9 for
 * p in [1e-10, 1 - 1e-10]; below 1e-12 it drifts (1e-3 at p = 1e-20), which no alpha in practice reaches.
 *
 * @param p - Probability in [0, 1]; 0 and 1 give -Infinity and Infinity.
 * @returns The p-quantile of N(0, 1).
 * @throws {CoreError} `INVALID_ARGUMENT` when `p` is outside [0, 1].
 * @example normalQuantile(0.975) // ≈ 1.959964
 */
export function normalQuantile(p: number): number {
  requireClosedUnit('p', p)
  if (p === 0) return Number.NEGATIVE_INFINITY
  if (p === 1) return Number.POSITIVE_INFINITY
  return jStat.normal.inv(p, 0, 1)
}

/**
 * Student t cumulative distribution function P(T ≤ x) with `df` degrees of freedom (non-integer allowed).
 *
 * Method: the tail identity P(|T| > |x|) = I_{df/(df+x²)}(df/2, 1/2) (Abramowitz & Stegun 26.7.1,
 * 26.5.27) with jstat's `ibeta`. jstat's own `studentt.cdf` uses I at (x + √(x²+df))/(2√(x²+df)) with
 * a = b = df/2, whose continued fraction stops after 100 terms: it is wrong by 2e-2 at df = 1e6.
 * This form stays within 1e-8 absolute for df from 1 to 1e7.
 *
 * @param x - Point; ±Infinity allowed.
 * @param df - Degrees of freedom, > 0.
 * @returns P(T ≤ x) for T ~ t(df).
 * @throws {CoreError} `INVALID_ARGUMENT` when `x` is NaN or `df` is not a finite number above 0.
 * @example studentTCdf(-2.0, 30) // ≈ 0.0273
 */
export function studentTCdf(x: number, df: number): number {
  requireNumber('x', x)
  requirePositive('df', df)
  if (x === 0) return 0.5
  const twoSidedTail = Number.isFinite(x) ? jStat.ibeta(df / (df + x * x), df / 2, 0.5) : 0
  return x < 0 ? twoSidedTail / 2 : 1 - twoSidedTail / 2
}

/**
 * Student t survival function P(T > x), by symmetry `studentTCdf(-x, df)`.
 *
 * @param x - Point; ±Infinity allowed.
 * @param df - Degrees of freedom, > 0.
 * @returns P(T > x) for T ~ t(df).
 * @throws {CoreError} `INVALID_ARGUMENT` when `x` is NaN or `df` is not a finite number above 0.
 */
export function studentTSf(x: number, df: number): number {
  return studentTCdf(-x, df)
}

/**
 * Student t quantile: the t with P(T ≤ t) = p.
 *
 * Method: jstat `studentt.inv` (inverse incomplete beta), then up to three Newton steps on
 * `studentTCdf` with jstat's pdf, each kept only if it shrinks |cdf(t) - p|. Relative error ~4e-8
 * (the limit of jstat's incomplete beta); the Newton steps matter for df above 1e7, where jstat alone
 * drifts (1.957 instead of 1.960 at df = 1e8, p = 0.025).
 *
 * @param p - Probability in [0, 1]; 0 and 1 give -Infinity and Infinity.
 * @param df - Degrees of freedom, > 0.
 * @returns The p-quantile of t(df).
 * @throws {CoreError} `INVALID_ARGUMENT` when `p` is outside [0, 1] or `df` is not above 0.
 * @example studentTQuantile(0.975, 10) // ≈ 2.228139
 */
export function studentTQuantile(p: number, df: number): number {
  requireClosedUnit('p', p)
  requirePositive('df', df)
  if (p === 0) return Number.NEGATIVE_INFINITY
  if (p === 1) return Number.POSITIVE_INFINITY
  if (p === 0.5) return 0
  let t = jStat.studentt.inv(p, df)
  let residual = studentTCdf(t, df) - p
  for (let step = 0; step < 3 && residual !== 0; step += 1) {
    const density = jStat.studentt.pdf(t, df)
    if (!(density > 0)) break
    const next = t - residual / density
    const nextResidual = studentTCdf(next, df) - p
    if (!(Math.abs(nextResidual) < Math.abs(residual))) break
    t = next
    residual = nextResidual
  }
  return t
}

/**
 * Chi-square cumulative distribution function P(X ≤ x) with `df` degrees of freedom.
 *
 * Method: jstat `chisquare.cdf`, the regularized lower incomplete gamma P(df/2, x/2)
 * (series or continued fraction). Absolute error below 1e-10.
 *
 * @param x - Point; values ≤ 0 give 0, Infinity gives 1.
 * @param df - Degrees of freedom, > 0.
 * @returns P(X ≤ x) for X ~ χ²(df).
 * @throws {CoreError} `INVALID_ARGUMENT` when `x` is NaN or `df` is not a finite number above 0.
 * @example chiSquareCdf(3.841458820694124, 1) // ≈ 0.95
 */
export function chiSquareCdf(x: number, df: number): number {
  requireNumber('x', x)
  requirePositive('df', df)
  if (x <= 0) return 0
  if (x === Number.POSITIVE_INFINITY) return 1
  return Math.min(1, Math.max(0, jStat.chisquare.cdf(x, df)))
}

/**
 * Chi-square survival function P(X > x), computed as `1 - chiSquareCdf(x, df)`: absolute error below
 * 1e-10, but values under ~1e-15 come out as 0 (jstat has no upper incomplete gamma).
 *
 * @param x - Point; values ≤ 0 give 1.
 * @param df - Degrees of freedom, > 0.
 * @returns P(X > x) for X ~ χ²(df).
 * @throws {CoreError} `INVALID_ARGUMENT` when `x` is NaN or `df` is not a finite number above 0.
 */
export function chiSquareSf(x: number, df: number): number {
  return 1 - chiSquareCdf(x, df)
}

/**
 * Chi-square quantile: the x with P(X ≤ x) = p.
 *
 * Method: jstat `chisquare.inv` (Halley iterations on the incomplete gamma). Relative error ~1e-9.
 *
 * @param p - Probability in [0, 1]; 0 gives 0, 1 gives Infinity.
 * @param df - Degrees of freedom, > 0.
 * @returns The p-quantile of χ²(df).
 * @throws {CoreError} `INVALID_ARGUMENT` when `p` is outside [0, 1] or `df` is not above 0.
 * @example chiSquareQuantile(0.95, 1) // ≈ 3.841459
 */
export function chiSquareQuantile(p: number, df: number): number {
  requireClosedUnit('p', p)
  requirePositive('df', df)
  if (p === 0) return 0
  if (p === 1) return Number.POSITIVE_INFINITY
  return jStat.chisquare.inv(p, df)
}

/**
 * Noncentral t cumulative distribution function P(T' ≤ x), T' = (Z + ncp) / √(V/df), V ~ χ²(df).
 *
 * Method: jstat `noncentralt.cdf`, the Poisson-weighted incomplete beta series (Lenth 1989, AS 243).
 * Absolute error below 1e-8 for |ncp| ≤ 25 and any df; beyond 25 jstat's series stops before its
 * Poisson weights peak and returns garbage, so this function refuses it. With ncp = 0 it is `studentTCdf`.
 *
 * @param x - Point; ±Infinity allowed.
 * @param df - Degrees of freedom, > 0.
 * @param ncp - Noncentrality, |ncp| ≤ 25 (`MAX_NONCENTRALITY`).
 * @returns P(T' ≤ x).
 * @throws {CoreError} `INVALID_ARGUMENT` when an argument is NaN, `df` is not above 0, or |ncp| > 25.
 * @example noncentralTCdf(1.96, 100, 2.8) // ≈ 0.2013
 */
export function noncentralTCdf(x: number, df: number, ncp: number): number {
  requireNumber('x', x)
  requirePositive('df', df)
  requireNumber('ncp', ncp)
  if (Math.abs(ncp) > MAX_NONCENTRALITY) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `ncp is ${ncp}; the noncentral t is only computed for |ncp| ≤ ${MAX_NONCENTRALITY} because jstat's series is wrong beyond it (in a power calculation this means far more units than the effect needs)`,
    )
  }
  // jstat falls back to its own t cdf below 1e-14, which is inaccurate for large df.
  if (Math.abs(ncp) < 1e-14) return studentTCdf(x, df)
  if (x === Number.POSITIVE_INFINITY) return 1
  if (x === Number.NEGATIVE_INFINITY) return 0
  return Math.min(1, Math.max(0, jStat.noncentralt.cdf(x, df, ncp)))
}

/**
 * Natural logarithm of the gamma function, ln Γ(x), for x > 0.
 *
 * Method: jstat `gammaln` (Lanczos approximation, g = 607/128, 15 terms); relative error below 1e-13
 * over the vectors' range (`sequential.json`, reference scipy `gammaln`).
 *
 * @param x - A positive number.
 * @returns ln Γ(x); NaN for x ≤ 0 (unchecked: the boundary searches call it in loops).
 * @example logGamma(5) // ln 24 ≈ 3.178
 */
export function logGamma(x: number): number {
  return jStat.gammaln(x)
}

/**
 * Natural logarithm of the beta function, ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b > 0.
 *
 * Method: jstat `betaln` (the three Lanczos log-gammas). Its relative accuracy is that of the sum,
 * enough for the beta-binomial boundary's vectors at 1e-9 (`sequential.json`, reference scipy `betaln`).
 *
 * @param a - A positive number.
 * @param b - A positive number.
 * @returns ln B(a, b); NaN when a or b ≤ 0 (unchecked: the boundary searches call it in loops).
 * @example logBeta(2, 3) // ln(1/12) ≈ -2.485
 */
export function logBeta(a: number, b: number): number {
  return jStat.betaln(a, b)
}
