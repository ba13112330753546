import { CoreError } from '../errors.ts'
import { requireOpenUnit, requirePositive } from '../stats/argument-checks.ts'
import { normalQuantile } from '../stats/distributions.ts'
import { solveSmoothIncreasing } from '../stats/solve-increasing.ts'
import { CrossingRecursion } from './crossing-recursion.ts'
import type { SpendingFunction } from './spending-function.ts'
import { computeSpentAlpha } from './spending-function.ts'

/**
 * Group-sequential boundaries by the recursive numerical integration of `CrossingRecursion`
 * (Armitage, McPherson & Rowe 1969; Jennison & Turnbull 2000, ch. 19): the classical constants of
 * Pocock (1977) and O'Brien & Fleming (1979), and Lan & DeMets (1983) α-spending boundaries for any
 * schedule of looks.
 */

/** One look of a group-sequential test: information fraction and Z-scale boundaries. */
export interface GroupSequentialLook {
  /** Information fraction, increasing from look to look (1 = the planned maximum). */
  readonly t: number
  /** Reject upward when Z ≥ upper (Infinity for no upper boundary). */
  readonly upper: number
  /** Reject downward when Z ≤ lower (-Infinity for no lower boundary). */
  readonly lower: number
}

/** Options of the recursion behind every function here. */
export interface RecursionOptions {
  /** Drift μ = θ·√I_max of the score B(t) ~ N(μt, t); 0 (the null) by default. */
  readonly drift?: number
  /** Grid parameter r of Jennison & Turnbull (about 12r points per look); default 32. */
  readonly gridSize?: number
  /**
   * Monitor the upper boundary between looks too (continuous monitoring; the boundary is held constant
   * on the B scale between looks and crossings are integrated with the Brownian bridge). Upper only.
   */
  readonly continuous?: boolean
}

/**
 * Probabilities of crossing each look's boundaries for Z_k = B(t_k)/√t_k, B Brownian motion with
 * drift, by recursive numerical integration (Jennison & Turnbull 2000, ch. 19).
 *
 * @param looks - Looks in increasing information.
 * @param options - Drift, grid size, continuous monitoring.
 * @returns Per look, the probability of stopping there above and below.
 * @throws {CoreError} `INVALID_ARGUMENT` for no looks or information fractions that do not increase.
 * @example
 * computeCrossingProbabilities([{ t: 0.5, upper: 2.178, lower: -2.178 }, { t: 1, upper: 2.178, lower: -2.178 }])
 * // Pocock's K = 2 test: the four probabilities sum to 0.05
 */
export function computeCrossingProbabilities(
  looks: readonly GroupSequentialLook[],
  options: RecursionOptions = {},
): { upper: number; lower: number }[] {
  if (looks.length === 0) throw new CoreError('INVALID_ARGUMENT', 'looks is empty; pass at least one look')
  const recursion = new CrossingRecursion(options)
  return looks.map((look) => {
    const crossing = recursion.crossing(look.t, look.upper, look.lower)
    recursion.advance(look.t, look.upper, look.lower)
    return crossing
  })
}

/** Which classical boundary shape: Pocock's constant c, or O'Brien & Fleming's c·√(K/k). */
export type ClassicalShape = 'pocock' | 'obrien-fleming'

/**
 * The constant of a classical two-sided group-sequential test with K equally spaced looks: Pocock's
 * C_P(K, α) (reject when |Z_k| ≥ C_P at any look) or O'Brien & Fleming's C_B(K, α) (reject when
 * |Z_k| ≥ C_B·√(K/k)), the values of Jennison & Turnbull (2000), Tables 2.1 and 2.3, found by Illinois regula falsi
 * on the recursion's total crossing probability, between z_{1−α/2} and Bonferroni's z_{1−α/(2K)}.
 *
 * @param shape - `pocock` or `obrien-fleming`.
 * @param looks - K, 1 to 50.
 * @param alpha - Two-sided error rate, in (0, 1).
 * @param options - Grid size (drift is ignored: the constant is for the null).
 * @returns The constant.
 * @throws {CoreError} `INVALID_ARGUMENT` for K outside 1–50 or alpha outside (0, 1).
 * @example computeClassicalConstant('pocock', 5, 0.05) // ≈ 2.413
 */
export function computeClassicalConstant(
  shape: ClassicalShape,
  looks: number,
  alpha: number,
  options: Pick<RecursionOptions, 'gridSize'> = {},
): number {
  requireOpenUnit('alpha', alpha)
  if (!(Number.isSafeInteger(looks) && looks >= 1 && looks <= 50)) {
    throw new CoreError('INVALID_ARGUMENT', `looks is ${looks}; pass a whole number of looks from 1 to 50`)
  }
  const total = (c: number): number => {
    const schedule = Array.from({ length: looks }, (_, i) => {
      const k = i + 1
      const bound = shape === 'pocock' ? c : c * Math.sqrt(looks / k)
      return { t: k / looks, upper: bound, lower: -bound }
    })
    return computeCrossingProbabilities(schedule, options).reduce((sum, p) => sum + p.upper + p.lower, 0)
  }
  // The constant lies between the one-look value z_{1−α/2} and Bonferroni's z_{1−α/(2K)}.
  const lower = -normalQuantile(alpha / 2) - 1e-9
  const upper = -normalQuantile(alpha / (2 * looks)) + 1e-9
  return solveSmoothIncreasing((c) => -total(c), -alpha, lower, upper, 1e-11)
}

/** Options of `computeSpendingBoundaries`. */
export interface SpendingBoundaryOptions extends RecursionOptions {
  /** Information fractions of the looks, increasing, each in (0, 1]. */
  readonly looks: readonly number[]
  /** Error rate spent by t = 1: one-sided, or the total of both sides when `sides` is 2 (half each). */
  readonly alpha: number
  readonly spending: SpendingFunction
  /** 1: an upper boundary only; 2: symmetric boundaries, each side spending half. Default 1. */
  readonly sides?: 1 | 2
}

/**
 * Lan–DeMets α-spending boundaries for a given schedule of looks (Lan & DeMets 1983; Jennison &
 * Turnbull 2000, §7.2): at look k the Z-scale boundary b_k is the one at which the probability of a
 * first crossing at look k equals α*(t_k) − α*(t_{k−1}), solved by Illinois regula falsi on the recursion under
 * the null. Two-sided boundaries give each side its own spending function at α/2, as the Lan–DeMets
 * programs do (Reboussin, DeMets, Kim & Lan 2000). With `continuous`, the boundary also holds between looks (upper only; see
 * `RecursionOptions`), so any schedule whose looks fall anywhere before t_k spends at most α*(t_k).
 *
 * @param options - Looks, alpha, spending function, sides and recursion options.
 * @returns The upper Z-scale boundary at each look (the lower is its negative when `sides` is 2); a
 *   look that may spend nothing gets Infinity.
 * @throws {CoreError} `INVALID_ARGUMENT` for alpha outside (0, 1), no looks, or fractions that do not
 *   increase within (0, 1].
 * @example
 * computeSpendingBoundaries({ looks: [0.2, 0.4, 0.6, 0.8, 1], alpha: 0.025, spending: { kind: 'obrien-fleming' } })
 * // ≈ [4.877, 3.357, 2.680, 2.290, 2.031]
 */
export function computeSpendingBoundaries(options: SpendingBoundaryOptions): number[] {
  const { looks, alpha, spending, sides = 1 } = options
  requireOpenUnit('alpha', alpha)
  if (looks.length === 0) throw new CoreError('INVALID_ARGUMENT', 'looks is empty; pass at least one look')
  for (const t of looks) requirePositive('look information fraction', t)
  if ((looks[looks.length - 1] ?? 1) > 1 + 1e-12) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `the last look is at information ${looks[looks.length - 1]}; fractions run from 0 to 1`,
    )
  }
  const recursion = new CrossingRecursion({ ...options, drift: 0 })
  const bounds: number[] = []
  let spent = 0
  for (const t of looks) {
    const sideAlpha = sides === 2 ? alpha / 2 : alpha
    const perSide = computeSpentAlpha(spending, sideAlpha, t) - spent
    const crossingAt = (c: number): number => {
      const crossing = recursion.crossing(t, c, sides === 2 ? -c : Number.NEGATIVE_INFINITY)
      return crossing.upper
    }
    let bound = Number.POSITIVE_INFINITY
    if (perSide > 1e-300) {
      // A first crossing here is at most P(max_{s ≤ t} B(s) ≥ c·√t) = 2·P(Z ≥ c) (reflection, which also
      // covers continuous monitoring), so c ≤ z_{1−perSide/2}.
      const upper = Math.max(1, -normalQuantile(perSide / 2)) + 1e-9
      bound = solveSmoothIncreasing((c) => -crossingAt(c), -perSide, 0, upper, 1e-13)
    }
    const lower = sides === 2 ? -bound : Number.NEGATIVE_INFINITY
    const crossing = Number.isFinite(bound) ? recursion.crossing(t, bound, lower) : { upper: 0, lower: 0 }
    spent += crossing.upper
    recursion.advance(t, bound, lower)
    bounds.push(bound)
  }
  return bounds
}
