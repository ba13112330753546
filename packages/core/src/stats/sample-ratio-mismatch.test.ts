import { describe, expect, it } from 'vitest'
import { sampleRatioMismatchTest } from './sample-ratio-mismatch.ts'
import {
  loadStatsVectors,
  P_VALUE_ABSOLUTE_TOLERANCE,
  relativeError,
  STATISTIC_RELATIVE_TOLERANCE,
} from './stats-vectors.fixture.ts'

const vectors = await loadStatsVectors()

describe('sampleRatioMismatchTest', () => {
  it.each(vectors.srm_chi_square.map((row) => [row.weights.join('/'), row] as const))(
    'srm_chi_square[%#] weights %s',
    (_name, row) => {
      const result = sampleRatioMismatchTest(
        row.observed,
        row.weights.map((w) => w / 100),
      )
      expect(relativeError(result.statistic, row.chi2)).toBeLessThan(STATISTIC_RELATIVE_TOLERANCE)
      expect(result.df).toBe(row.df)
      expect(Math.abs(result.pValue - row.p)).toBeLessThan(P_VALUE_ABSOLUTE_TOLERANCE)
    },
  )

  it('gives statistic 0 and p = 1 for a split exactly as planned', () => {
    expect(sampleRatioMismatchTest([800, 200], [0.8, 0.2])).toEqual({ statistic: 0, df: 1, pValue: 1 })
  })

  it('leaves out an arm with share 0 that received no units', () => {
    const withEmptyArm = sampleRatioMismatchTest([810, 190, 0], [0.8, 0.2, 0])
    expect(withEmptyArm).toEqual(sampleRatioMismatchTest([810, 190], [0.8, 0.2]))
  })

  it('flags a certain mismatch when an arm with share 0 received units', () => {
    const result = sampleRatioMismatchTest([800, 199, 1], [0.8, 0.2, 0])
    expect(result.statistic).toBe(Number.POSITIVE_INFINITY)
    expect(result.pValue).toBe(0)
  })

  it.each([
    [
      [10, 10],
      [0.5, 0.6],
    ],
    [
      [10, 10],
      [1.2, -0.2],
    ],
    [[10], [1]],
    [
      [10, 10],
      [0.5, 0.25, 0.25],
    ],
    [
      [10, 2.5],
      [0.5, 0.5],
    ],
    [
      [0, 0],
      [0.5, 0.5],
    ],
  ])('rejects observed %j with shares %j as INVALID_ARGUMENT', (observed, shares) => {
    expect(() => sampleRatioMismatchTest(observed, shares)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})
