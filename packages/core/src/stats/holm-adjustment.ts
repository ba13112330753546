import { requireClosedUnit } from './argument-checks.ts'

/**
 * Holm's step-down adjustment of p-values for a family of tests (family-wise error control).
 *
 * Sort p ascending, p₍ᵢ₎ → min(1, (m − i + 1)·p₍ᵢ₎) for i = 1…m, then a running maximum so adjusted
 * values never decrease with p. Reject H_i at level α when its adjusted p-value ≤ α. Valid under any
 * dependence between the tests. Reference: Holm (1979), Scand. J. Statist. 6; matches statsmodels
 * `multipletests(p, method='holm')`. Equal p-values keep their input order.
 *
 * @param pValues - One p-value per test, each in [0, 1]; may be empty.
 * @returns Adjusted p-values in the input order, each in [p, 1].
 * @throws {CoreError} `INVALID_ARGUMENT` when a p-value is outside [0, 1] or NaN.
 * @example holmAdjust([0.01, 0.04, 0.03]) // [0.03, 0.06, 0.06]
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  pValues.forEach((p, i) => {
    requireClosedUnit(`pValues[${i}]`, p)
  })
  const m = pValues.length
  const order = pValues.map((p, index) => ({ p, index })).sort((x, y) => x.p - y.p)
  const adjusted = new Array<number>(m).fill(0)
  let runningMax = 0
  order.forEach(({ p, index }, rank) => {
    runningMax = Math.max(runningMax, Math.min(1, (m - rank) * p))
    adjusted[index] = runningMax
  })
  return adjusted
}
