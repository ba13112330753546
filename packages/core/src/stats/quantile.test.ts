import { describe, expect, it } from 'vitest'
import { computeQuantile, computeQuantiles } from './quantile.ts'
import { loadStatsVectors, relativeError, STATISTIC_RELATIVE_TOLERANCE } from './stats-vectors.fixture.ts'

const vectors = await loadStatsVectors()

describe('computeQuantiles', () => {
  it.each(vectors.quantile_linear.map((row) => [row.samples.length, row] as const))(
    'quantile_linear[%#] n = %i',
    (_n, row) => {
      const values = computeQuantiles(row.samples, row.q)
      values.forEach((value, i) => {
        expect(relativeError(value, row.values[i]!)).toBeLessThan(STATISTIC_RELATIVE_TOLERANCE)
      })
    },
  )

  it('returns the minimum at q = 0, the maximum at q = 1 and the middle value as median', () => {
    const samples = [7, 1, 5, 3, 9]
    expect(computeQuantiles(samples, [0, 0.5, 1])).toEqual([1, 5, 9])
  })

  it('interpolates linearly between order statistics', () => {
    // n = 4, sorted [10, 20, 30, 40]: h = 3q. q = 0.5 is halfway between 20 and 30;
    // q = 0.9 gives h = 2.7, 70% of the way from 30 to 40.
    expect(computeQuantile([40, 10, 30, 20], 0.5)).toBe(25)
    expect(computeQuantile([40, 10, 30, 20], 0.9)).toBeCloseTo(30 + 0.7 * (40 - 30), 12)
  })

  it('returns the value itself for a single sample', () => {
    expect(computeQuantiles([42], [0, 0.37, 1])).toEqual([42, 42, 42])
  })

  it('does not reorder the caller array', () => {
    const samples = [3, 1, 2]
    computeQuantile(samples, 0.5)
    expect(samples).toEqual([3, 1, 2])
  })

  it.each([
    [[], 0.5],
    [[1, Number.NaN], 0.5],
    [[1, 2], 1.5],
    [[1, 2], -0.1],
  ])('rejects samples %j at q = %d with INVALID_ARGUMENT', (samples, q) => {
    expect(() => computeQuantile(samples, q)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })
})
