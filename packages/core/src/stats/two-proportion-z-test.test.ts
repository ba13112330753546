import { describe, expect, it } from 'vitest'
import {
  loadStatsVectors,
  P_VALUE_ABSOLUTE_TOLERANCE,
  relativeError,
  STATISTIC_RELATIVE_TOLERANCE,
} from './stats-vectors.fixture.ts'
import { twoProportionZTest } from './two-proportion-z-test.ts'

const vectors = await loadStatsVectors()

describe('twoProportionZTest', () => {
  it.each(
    vectors.two_proportion_z_test.map((row) => [`${row.x1}/${row.n1} vs ${row.x2}/${row.n2}`, row] as const),
  )('two_proportion_z_test[%#] %s', (_name, row) => {
    const result = twoProportionZTest(
      { successes: row.x1, trials: row.n1 },
      { successes: row.x2, trials: row.n2 },
    )
    expect(relativeError(result.statistic, row.z)).toBeLessThan(STATISTIC_RELATIVE_TOLERANCE)
    expect(Math.abs(result.pValue - row.p_two_sided)).toBeLessThan(P_VALUE_ABSOLUTE_TOLERANCE)
  })

  it('gives z = 0 and p = 1 for equal proportions', () => {
    expect(twoProportionZTest({ successes: 30, trials: 300 }, { successes: 10, trials: 100 })).toEqual({
      statistic: 0,
      pValue: 1,
    })
  })

  it.each([
    [0, 0],
    [500, 400],
  ])('gives z = 0 and p = 1 when the pooled rate is 0 or 1 (%i/500 vs %i/400)', (x1, x2) => {
    expect(twoProportionZTest({ successes: x1, trials: 500 }, { successes: x2, trials: 400 })).toEqual({
      statistic: 0,
      pValue: 1,
    })
  })

  it('is antisymmetric in its arms', () => {
    const first = { successes: 120, trials: 1000 }
    const second = { successes: 100, trials: 1000 }
    expect(twoProportionZTest(second, first).statistic).toBeCloseTo(
      -twoProportionZTest(first, second).statistic,
      12,
    )
  })

  it.each([
    [{ successes: 5, trials: 4 }],
    [{ successes: 0, trials: 0 }],
    [{ successes: 1.5, trials: 4 }],
    [{ successes: -1, trials: 4 }],
  ])('rejects counts %j with INVALID_ARGUMENT', (counts) => {
    expect(() => twoProportionZTest(counts, { successes: 1, trials: 10 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})
