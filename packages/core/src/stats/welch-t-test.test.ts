import { describe, expect, it } from 'vitest'
import {
  loadStatsVectors,
  P_VALUE_ABSOLUTE_TOLERANCE,
  relativeError,
  STATISTIC_RELATIVE_TOLERANCE,
} from './stats-vectors.fixture.ts'
import { welchTTest } from './welch-t-test.ts'

const vectors = await loadStatsVectors()

describe('welchTTest', () => {
  it.each(vectors.welch_t_test.map((row, i) => [`${row.a.length} vs ${row.b.length}`, i, row] as const))(
    'welch_t_test[%#] %s',
    (_name, _i, row) => {
      const result = welchTTest(row.a, row.b)
      expect(relativeError(result.statistic, row.t)).toBeLessThan(STATISTIC_RELATIVE_TOLERANCE)
      expect(relativeError(result.df, row.df)).toBeLessThan(STATISTIC_RELATIVE_TOLERANCE)
      expect(Math.abs(result.pValue - row.p_two_sided)).toBeLessThan(P_VALUE_ABSOLUTE_TOLERANCE)
    },
  )

  it('flips the sign of t and keeps df and p when the samples swap', () => {
    const row = vectors.welch_t_test[0]!
    const forward = welchTTest(row.a, row.b)
    const backward = welchTTest(row.b, row.a)
    expect(backward.statistic).toBeCloseTo(-forward.statistic, 12)
    expect(backward.df).toBeCloseTo(forward.df, 9)
    expect(backward.pValue).toBeCloseTo(forward.pValue, 12)
  })

  it('is unchanged by a shift of both samples (latencies far from 0 keep their digits)', () => {
    const row = vectors.welch_t_test[1]!
    const shift = 1e9
    const shifted = welchTTest(
      row.a.map((v) => v + shift),
      row.b.map((v) => v + shift),
    )
    const base = welchTTest(row.a, row.b)
    expect(relativeError(shifted.statistic, base.statistic)).toBeLessThan(1e-6)
  })

  it('gives t = 0 and p = 1 for two identical constant samples', () => {
    expect(welchTTest([0.1, 0.1, 0.1], [0.1, 0.1])).toEqual({ statistic: 0, df: 3, pValue: 1 })
  })

  it('gives an infinite t and p = 0 for two different constant samples', () => {
    const result = welchTTest([1, 1, 1], [2, 2])
    expect(result.statistic).toBe(Number.NEGATIVE_INFINITY)
    expect(result.pValue).toBe(0)
  })

  it('uses the other sample alone when only one sample has zero variance', () => {
    const b = [1, 2, 3, 4, 5]
    const result = welchTTest([3, 3, 3, 3], b)
    // Only b contributes: df = n_b − 1 and t = (3 − mean(b)) / (s_b/√n_b) = 0.
    expect(result.df).toBeCloseTo(b.length - 1, 12)
    expect(result.statistic).toBe(0)
    expect(result.pValue).toBeCloseTo(1, 12)
  })

  it.each([
    [[1], [1, 2]],
    [[1, 2], []],
    [
      [1, Number.NaN],
      [1, 2],
    ],
    [
      [1, 2],
      [1, Number.POSITIVE_INFINITY],
    ],
  ])('rejects %j vs %j with INVALID_ARGUMENT', (a, b) => {
    expect(() => welchTTest(a, b)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })
})
