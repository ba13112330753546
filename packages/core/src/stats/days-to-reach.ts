import { CoreError } from '../errors.ts'
import { requireNonNegative, requireShares } from './argument-checks.ts'

/**
 * Days until every arm has the units it needs, at an observed traffic rate.
 *
 * Assumes units keep arriving at `unitsPerDay` (all arms together) and split by `shares`, so arm i
 * needs n_i / (unitsPerDay · share_i) days; the slowest arm decides.
 *
 * @param nPerArm - Units each arm still needs: one number for every arm, or one per arm in the order of
 *   `shares` (e.g. `[nControl, nTreatment]` from a sample-size calculation).
 * @param unitsPerDay - Units entering the experiment per day, all arms together, ≥ 0.
 * @param shares - Each arm's share of units: fractions in [0, 1] summing to 1 (percent weights / 100).
 * @returns Fractional days: 0 when no arm needs units, Infinity when an arm that needs units gets no
 *   traffic (share 0 or no traffic at all).
 * @throws {CoreError} `INVALID_ARGUMENT` for a negative or non-finite size or rate, shares outside
 *   [0, 1] or not summing to 1, or `nPerArm` and `shares` of different lengths.
 * @example daysToReach(3835, 1200, [0.8, 0.2]) // ≈ 15.98: the 20% arm needs 3835 / 240 days
 */
export function daysToReach(
  nPerArm: number | readonly number[],
  unitsPerDay: number,
  shares: readonly number[],
): number {
  requireNonNegative('unitsPerDay', unitsPerDay)
  requireShares('shares', shares)
  const needs = typeof nPerArm === 'number' ? shares.map(() => nPerArm) : nPerArm
  if (needs.length !== shares.length) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `nPerArm has ${needs.length} entries and shares ${shares.length}; pass one size per arm, in the order of shares`,
    )
  }
  let days = 0
  needs.forEach((need, i) => {
    requireNonNegative(typeof nPerArm === 'number' ? 'nPerArm' : `nPerArm[${i}]`, need)
    if (need === 0) return
    const perDay = unitsPerDay * (shares[i] ?? 0)
    days = Math.max(days, perDay > 0 ? need / perDay : Number.POSITIVE_INFINITY)
  })
  return days
}
