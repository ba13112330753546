import { describe, expect, it } from 'vitest'
import { MeanAccumulator } from './mean-accumulator.ts'
import { estimateRatio, RatioAccumulator } from './ratio-accumulator.ts'

const invalid = expect.objectContaining({ code: 'INVALID_ARGUMENT' })

describe('RatioAccumulator', () => {
  it('keeps n and the five sums', () => {
    const summary = new RatioAccumulator().add(1, 4).add(0, 2).add(2, 5).summary()
    expect(summary).toEqual({ n: 3, sumY: 3, sumM: 11, sumYY: 5, sumMM: 45, sumYM: 14 })
  })

  it('merges by adding the sums and leaves the other accumulator unchanged', () => {
    const other = new RatioAccumulator().add(2, 5)
    const merged = new RatioAccumulator().add(1, 4).add(0, 2).merge(other)
    expect(merged.summary()).toEqual(new RatioAccumulator().add(1, 4).add(0, 2).add(2, 5).summary())
    expect(other.summary().n).toBe(1)
  })

  it.each([
    [Number.NaN, 1],
    [1, Number.POSITIVE_INFINITY],
    [1, -1],
  ])('rejects y = %d, m = %d with INVALID_ARGUMENT', (y, m) => {
    expect(() => new RatioAccumulator().add(y, m)).toThrow(invalid)
  })
})

describe('estimateRatio', () => {
  it('reduces to the mean and s²/n when every session has one call', () => {
    const values = [0.2, 0.5, 0.1, 0.9, 0.4]
    const ratio = new RatioAccumulator()
    for (const y of values) ratio.add(y, 1)
    const mean = MeanAccumulator.of(values).summary()
    const result = estimateRatio(ratio.summary())
    expect(result.ratio).toBeCloseTo(mean.mean, 15)
    expect(result.variance).toBeCloseTo(mean.variance / values.length, 15)
  })

  it('is 0 when every session has the same per-call value, whatever the session sizes', () => {
    const ratio = new RatioAccumulator().add(3, 3).add(10, 10).add(1, 1)
    expect(estimateRatio(ratio.summary())).toEqual({ n: 3, ratio: 1, variance: 0 })
  })

  it('grows when the calls of a session move together (a session effect)', () => {
    // Same calls and same overall rate; in the second, errors come in whole sessions.
    const spread = new RatioAccumulator()
    const clustered = new RatioAccumulator()
    for (let i = 0; i < 100; i += 1) {
      spread.add(1, 10)
      clustered.add(i % 10 === 0 ? 10 : 0, 10)
    }
    expect(estimateRatio(spread.summary()).ratio).toBe(estimateRatio(clustered.summary()).ratio)
    expect(estimateRatio(clustered.summary()).variance).toBeGreaterThan(
      estimateRatio(spread.summary()).variance,
    )
  })

  it('gives NaN variance for a single session', () => {
    expect(estimateRatio(new RatioAccumulator().add(2, 4).summary())).toEqual({
      n: 1,
      ratio: 0.5,
      variance: Number.NaN,
    })
  })

  it('rejects a summary without calls', () => {
    expect(() => estimateRatio(new RatioAccumulator().add(0, 0).summary())).toThrow(invalid)
    expect(() => estimateRatio(new RatioAccumulator().summary())).toThrow(invalid)
  })
})
