import { createRandom, exactQuantiles } from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import { SKETCH_RELATIVE_ACCURACY, SketchQuantiles } from './sketch-quantiles.ts'

function lognormalSample(seed: number, n: number): number[] {
  const random = createRandom(seed)
  return Array.from({ length: n }, () => 800 * Math.exp(0.6 * random.normal()))
}

describe('SketchQuantiles', () => {
  it.each([
    [1, 1],
    [2, 7],
    [3, 1000],
    [4, 25_000],
  ])('answers the type-1 order statistic within its relative error (seed %i, n = %i)', (seed, n) => {
    const values = lognormalSample(seed, n)
    const sketch = new SketchQuantiles()
    for (const value of values) sketch.add(value)
    const exact = exactQuantiles(values)
    expect(sketch.count).toBe(n)
    for (const p of [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1]) {
      const truth = exact.quantile(p)
      expect(Math.abs(sketch.quantile(p) - truth)).toBeLessThanOrEqual(
        SKETCH_RELATIVE_ACCURACY * truth + 1e-9,
      )
    }
  })

  it('reads rank k at (k − 0.5)/n, as the quantile confidence sequence asks', () => {
    const values = lognormalSample(9, 200)
    const sketch = new SketchQuantiles()
    for (const value of values) sketch.add(value)
    const sorted = [...values].sort((a, b) => a - b)
    for (const k of [1, 2, 100, 190, 199, 200]) {
      const truth = sorted[k - 1] ?? Number.NaN
      const answer = sketch.quantile((k - 0.5) / values.length)
      expect(Math.abs(answer - truth)).toBeLessThanOrEqual(sketch.relativeError * truth)
    }
  })

  it('keeps zeros exact and clamps to the observed range', () => {
    const sketch = new SketchQuantiles()
    for (const value of [0, 0, 0, 50, 51]) sketch.add(value)
    expect(sketch.quantile(0)).toBe(0)
    expect(sketch.quantile(0.6)).toBe(0)
    expect(sketch.quantile(1)).toBeLessThanOrEqual(51)
    expect(sketch.quantile(0.8)).toBeGreaterThanOrEqual(50 * (1 - sketch.relativeError))
  })

  it('is NaN when empty and rejects bad input like core accumulators do', () => {
    const sketch = new SketchQuantiles()
    expect(sketch.quantile(0.5)).toBeNaN()
    expect(() => sketch.add(-1)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(() => sketch.add(Number.NaN)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    sketch.add(10)
    expect(() => sketch.quantile(1.5)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })
})
