import { describe, expect, it } from 'vitest'
import { mannWhitneyUTest } from './mann-whitney-u.ts'
import {
  loadStatsVectors,
  P_VALUE_ABSOLUTE_TOLERANCE,
  relativeError,
  STATISTIC_RELATIVE_TOLERANCE,
} from './stats-vectors.fixture.ts'

const vectors = await loadStatsVectors()

describe('mannWhitneyUTest', () => {
  it.each(vectors.mann_whitney_u.map((row) => [`${row.a.length} vs ${row.b.length}`, row] as const))(
    'mann_whitney_u[%#] %s',
    (_name, row) => {
      const result = mannWhitneyUTest(row.a, row.b)
      expect(relativeError(result.statistic, row.u_of_a)).toBeLessThan(STATISTIC_RELATIVE_TOLERANCE)
      expect(Math.abs(result.pValue - row.p_two_sided)).toBeLessThan(P_VALUE_ABSOLUTE_TOLERANCE)
    },
  )

  it('gives U_a + U_b = n_a · n_b and the same p-value both ways', () => {
    const row = vectors.mann_whitney_u[1]!
    const forward = mannWhitneyUTest(row.a, row.b)
    const backward = mannWhitneyUTest(row.b, row.a)
    expect(forward.statistic + backward.statistic).toBe(row.a.length * row.b.length)
    expect(backward.pValue).toBeCloseTo(forward.pValue, 12)
  })

  it('gives p = 1 when every value is tied (no variance to rank)', () => {
    const result = mannWhitneyUTest([5, 5, 5], [5, 5, 5, 5])
    expect(result.statistic).toBe(6)
    expect(result.pValue).toBe(1)
  })

  it('caps the p-value at 1 when U sits at its mean', () => {
    const result = mannWhitneyUTest([1, 4], [2, 3])
    expect(result.statistic).toBe(2)
    expect(result.pValue).toBe(1)
  })

  it('depends only on ranks, not on the values', () => {
    const a = [3, 10, 12, 40]
    const b = [1, 2, 11, 30, 31]
    const plain = mannWhitneyUTest(a, b)
    const logged = mannWhitneyUTest(a.map(Math.log), b.map(Math.log))
    expect(logged).toEqual(plain)
  })

  it.each([
    [[], [1]],
    [[1], []],
    [[Number.NaN], [1]],
  ])('rejects %j vs %j with INVALID_ARGUMENT', (a, b) => {
    expect(() => mannWhitneyUTest(a, b)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })
})
