import { describe, expect, it } from 'vitest'
import { holmAdjust } from './holm-adjustment.ts'
import { loadStatsVectors, P_VALUE_ABSOLUTE_TOLERANCE } from './stats-vectors.fixture.ts'

const vectors = await loadStatsVectors()

describe('holmAdjust', () => {
  it.each(vectors.holm.map((row) => [row.p.length, row] as const))('holm[%#] %i tests', (_m, row) => {
    const adjusted = holmAdjust(row.p)
    expect(adjusted).toHaveLength(row.adjusted.length)
    adjusted.forEach((value, i) => {
      expect(Math.abs(value - row.adjusted[i]!)).toBeLessThan(P_VALUE_ABSOLUTE_TOLERANCE)
    })
  })

  it.each(vectors.holm.map((row) => [row.p.length, row] as const))(
    'holm[%#] is monotone in p, at least p and at most 1',
    (_m, row) => {
      const adjusted = holmAdjust(row.p)
      row.p.forEach((p, i) => {
        expect(adjusted[i]!).toBeGreaterThanOrEqual(p)
        expect(adjusted[i]!).toBeLessThanOrEqual(1)
        row.p.forEach((other, j) => {
          if (p < other) expect(adjusted[i]!).toBeLessThanOrEqual(adjusted[j]!)
        })
      })
    },
  )

  it('caps adjusted values at 1', () => {
    expect(holmAdjust([0.6, 0.7, 0.9])).toEqual([1, 1, 1])
  })

  it('leaves a single p-value unchanged and an empty family empty', () => {
    expect(holmAdjust([0.03])).toEqual([0.03])
    expect(holmAdjust([])).toEqual([])
  })

  it('gives tied p-values the same adjusted value', () => {
    const [first, second, third] = holmAdjust([0.02, 0.02, 0.01])
    expect(first).toBe(second)
    expect(third).toBeCloseTo(0.03, 15)
  })

  it.each([[[0.1, 1.2]], [[-0.1]], [[Number.NaN]]])('rejects %j with INVALID_ARGUMENT', (pValues) => {
    expect(() => holmAdjust(pValues)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })
})
