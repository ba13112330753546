import erfc from '@stdlib/math-base-special-erfc'

/**
 * The standard normal density and tails the group-sequential numerics need, with relative accuracy in
 * the far tails (stdlib's `erfc`, FDLIBM's rational approximations): Φ(−10) is 7.6e-24, not 0. Internal
 * to the group-sequential module.
 */

const INV_SQRT_2 = Math.SQRT1_2
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI)

/**
 * Standard normal density φ(x).
 *
 * @param x - Point.
 * @returns φ(x).
 */
export function normalDensity(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x)
}

/**
 * Standard normal lower tail Φ(x), accurate in relative terms for x far below 0.
 *
 * @param x - Point; ±Infinity allowed.
 * @returns P(Z ≤ x).
 */
export function normalLowerTail(x: number): number {
  return 0.5 * erfc(-x * INV_SQRT_2)
}

/**
 * Standard normal upper tail 1 − Φ(x), accurate in relative terms for x far above 0.
 *
 * @param x - Point; ±Infinity allowed.
 * @returns P(Z > x).
 */
export function normalUpperTail(x: number): number {
  return 0.5 * erfc(x * INV_SQRT_2)
}
