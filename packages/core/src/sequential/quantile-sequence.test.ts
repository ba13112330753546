import { describe, expect, it } from 'vitest'
import { computeQuantileSequence } from './quantile-sequence.ts'
import type { QuantileSummary } from './quantile-summary.ts'
import { exactQuantiles } from './quantile-summary.ts'
import { createRandom } from './seeded-random.ts'
import { allowedFailures } from './sequential.fixture.ts'

const invalid = expect.objectContaining({ code: 'INVALID_ARGUMENT' })

describe('exactQuantiles', () => {
  it('answers the order statistic x₍⌈n·p⌉₎ (type 1), the minimum at p = 0', () => {
    const summary = exactQuantiles([120, 80, 300, 95])
    expect(summary.count).toBe(4)
    expect([0, 0.25, 0.26, 0.5, 0.75, 1].map((p) => summary.quantile(p))).toEqual([80, 80, 95, 95, 120, 300])
    expect(summary.relativeError).toBeUndefined()
  })

  it('rejects empty or non-finite samples and p outside [0, 1]', () => {
    expect(() => exactQuantiles([])).toThrow(invalid)
    expect(() => exactQuantiles([1, Number.NaN])).toThrow(invalid)
    expect(() => exactQuantiles([1]).quantile(1.5)).toThrow(invalid)
  })
})

describe('computeQuantileSequence', () => {
  it('covers the true quantile at every look with probability ≥ 1 − alpha', () => {
    const random = createRandom(99)
    const alpha = 0.1
    const runs = 200
    const p = 0.9
    let misses = 0
    for (let run = 0; run < runs; run += 1) {
      const values: number[] = []
      for (let look = 50; look <= 1000; look += 50) {
        while (values.length < look) values.push(random.uniform())
        const interval = computeQuantileSequence(exactQuantiles(values), { p, alpha, plannedCount: 500 })
        if (!(interval.lower <= p && p <= interval.upper)) {
          misses += 1
          break
        }
      }
    }
    expect(misses).toBeLessThanOrEqual(allowedFailures(alpha, runs))
  })

  it('is unbounded until the sample can bound the quantile', () => {
    const interval = computeQuantileSequence(exactQuantiles([5, 1, 3]), {
      p: 0.95,
      alpha: 0.05,
      plannedCount: 100,
    })
    expect(interval).toEqual({
      estimate: 5,
      lower: Number.NEGATIVE_INFINITY,
      upper: Number.POSITIVE_INFINITY,
      lowerRank: 0,
      upperRank: 4,
    })
  })

  it('brackets the empirical quantile and narrows as data arrive', () => {
    const random = createRandom(5)
    const values = Array.from({ length: 4000 }, () => Math.exp(7 + 0.5 * random.normal()))
    const options = { p: 0.95, alpha: 0.05, plannedCount: 4000 }
    const early = computeQuantileSequence(exactQuantiles(values.slice(0, 1000)), options)
    const late = computeQuantileSequence(exactQuantiles(values), options)
    expect(late.lower).toBeLessThanOrEqual(late.estimate)
    expect(late.estimate).toBeLessThanOrEqual(late.upper)
    expect(late.upper - late.lower).toBeLessThan(early.upper - early.lower)
  })

  it("widens the bounds by a sketch's relative error", () => {
    const random = createRandom(6)
    const values = Array.from({ length: 2000 }, () => 100 + 900 * random.uniform())
    const exact = exactQuantiles(values)
    const sketch: QuantileSummary = { count: exact.count, quantile: exact.quantile, relativeError: 0.01 }
    const options = { p: 0.5, alpha: 0.05, plannedCount: 2000 }
    const fromExact = computeQuantileSequence(exact, options)
    const fromSketch = computeQuantileSequence(sketch, options)
    expect(fromSketch.lowerRank).toBe(fromExact.lowerRank)
    expect(fromSketch.lower).toBeCloseTo(fromExact.lower / 1.01, 9)
    expect(fromSketch.upper).toBeCloseTo(fromExact.upper / 0.99, 9)
  })

  it.each([[{ p: 0 }], [{ p: 1 }], [{ alpha: 1.2 }], [{ plannedCount: 0 }]])(
    'rejects %j with INVALID_ARGUMENT',
    (change) => {
      const options = { p: 0.5, alpha: 0.05, plannedCount: 100, ...change }
      expect(() => computeQuantileSequence(exactQuantiles([1, 2, 3]), options)).toThrow(invalid)
    },
  )

  it('rejects an empty sketch and a relative error of 1 or more', () => {
    const options = { p: 0.5, alpha: 0.05, plannedCount: 100 }
    expect(() => computeQuantileSequence({ count: 0, quantile: () => 0 }, options)).toThrow(invalid)
    expect(() => computeQuantileSequence({ count: 3, quantile: () => 1, relativeError: 1 }, options)).toThrow(
      invalid,
    )
  })

  it('rejects a sketch that answers NaN', () => {
    const broken: QuantileSummary = { count: 5000, quantile: () => Number.NaN }
    expect(() => computeQuantileSequence(broken, { p: 0.5, alpha: 0.05, plannedCount: 5000 })).toThrow(
      invalid,
    )
  })
})
