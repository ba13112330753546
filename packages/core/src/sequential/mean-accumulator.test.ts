import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeMoments } from '../stats/sample-moments.ts'
import { MeanAccumulator } from './mean-accumulator.ts'
import { createRandom } from './seeded-random.ts'

const invalid = expect.objectContaining({ code: 'INVALID_ARGUMENT' })

describe('MeanAccumulator', () => {
  it('matches the two-pass mean and variance of the same values', () => {
    const random = createRandom(7)
    const values = Array.from({ length: 500 }, () => Math.exp(random.normal()) * 0.03)
    const summary = MeanAccumulator.of(values).summary()
    const reference = computeMoments(values)
    expect(summary.n).toBe(500)
    expect(summary.mean).toBeCloseTo(reference.mean, 14)
    expect(summary.variance / reference.variance).toBeCloseTo(1, 12)
  })

  it('merges shards into the same summary as one pass, in any split', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 60 }),
        fc.nat(),
        (values, cut) => {
          const at = cut % (values.length + 1)
          const merged = MeanAccumulator.of(values.slice(0, at)).merge(MeanAccumulator.of(values.slice(at)))
          const whole = MeanAccumulator.of(values).summary()
          const summary = merged.summary()
          const scale = Math.max(1, ...values.map(Math.abs))
          expect(summary.n).toBe(whole.n)
          expect(Math.abs(summary.mean - whole.mean)).toBeLessThan(1e-9 * scale)
          expect(Math.abs(summary.variance - whole.variance)).toBeLessThan(1e-8 * scale * scale)
        },
      ),
    )
  })

  it('leaves the merged-in accumulator unchanged and ignores an empty one', () => {
    const other = MeanAccumulator.of([1, 2, 3])
    const target = MeanAccumulator.of([10]).merge(other).merge(new MeanAccumulator())
    expect(other.summary()).toEqual({ n: 3, mean: 2, variance: 1 })
    expect(target.summary()).toEqual({ n: 4, mean: 4, variance: 50 / 3 })
  })

  it('keeps the digits of large, close values (latencies since epoch, costs in micro-dollars)', () => {
    const summary = MeanAccumulator.of([1e9 + 1, 1e9 + 2, 1e9 + 3]).summary()
    expect(summary.mean).toBe(1e9 + 2)
    expect(summary.variance).toBe(1)
  })

  it('reports NaN instead of inventing a mean or variance it cannot know', () => {
    expect(new MeanAccumulator().summary()).toEqual({ n: 0, mean: Number.NaN, variance: Number.NaN })
    expect(MeanAccumulator.of([4]).summary()).toEqual({ n: 1, mean: 4, variance: Number.NaN })
  })

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('rejects %d with INVALID_ARGUMENT', (value) => {
    expect(() => new MeanAccumulator().add(value)).toThrow(invalid)
  })
})
