import { requireClosedUnit, requireOpenUnit } from '../stats/argument-checks.ts'
import { normalQuantile } from '../stats/distributions.ts'
import { normalUpperTail } from './normal-tails.ts'

/**
 * α-spending functions of Lan & DeMets (1983): how much of the error rate α a group-sequential test may
 * have spent by information fraction t (t = 1 at the planned maximum). Any schedule of looks that spends
 * along the function keeps the overall error at α.
 * - `obrien-fleming`: α*(t) = 2 − 2Φ(z_{1−α/2}/√t), the O'Brien–Fleming-type function: almost nothing
 *   early, nearly all of α at the end;
 * - `pocock`: α*(t) = α·ln(1 + (e − 1)t), the Pocock-type function: spends evenly in log terms;
 * - `power`: α*(t) = α·t^ρ (Kim & DeMets 1987), ρ = 1 linear, ρ = 3 close to O'Brien–Fleming.
 */
export type SpendingFunction =
  | { readonly kind: 'obrien-fleming' }
  | { readonly kind: 'pocock' }
  | { readonly kind: 'power'; readonly rho: number }

/**
 * The α spent by information fraction t: Lan & DeMets (1983), Biometrika 70, 659–663; the power family
 * from Kim & DeMets (1987), Biometrika 74, 149–154.
 *
 * @param spending - The spending function.
 * @param alpha - Total error rate, in (0, 1).
 * @param t - Information fraction in [0, 1]; values above 1 count as 1.
 * @returns α*(t), from 0 at t = 0 to α at t ≥ 1.
 * @throws {CoreError} `INVALID_ARGUMENT` for alpha outside (0, 1), t below 0 or NaN, or ρ not above 0.
 * @example computeSpentAlpha({ kind: 'obrien-fleming' }, 0.05, 0.5) // ≈ 0.00557
 */
export function computeSpentAlpha(spending: SpendingFunction, alpha: number, t: number): number {
  requireOpenUnit('alpha', alpha)
  requireClosedUnit('t', Math.min(1, t))
  const fraction = Math.min(1, t)
  if (fraction === 0) return 0
  switch (spending.kind) {
    case 'obrien-fleming':
      return Math.min(alpha, 2 * normalUpperTail(-normalQuantile(alpha / 2) / Math.sqrt(fraction)))
    case 'pocock':
      return alpha * Math.log(1 + (Math.E - 1) * fraction)
    case 'power':
      requireOpenUnit('rho / (1 + rho)', spending.rho / (1 + spending.rho))
      return alpha * fraction ** spending.rho
  }
}
