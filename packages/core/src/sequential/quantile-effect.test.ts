import { describe, expect, it } from 'vitest'
import { MeanAccumulator } from './mean-accumulator.ts'
import { armEstimateFromMean, computeMeanEffectSequence } from './mean-sequence.ts'
import { computeQuantileEffectSequence } from './quantile-effect.ts'
import { exactQuantiles } from './quantile-summary.ts'
import { createRandom } from './seeded-random.ts'

const invalid = expect.objectContaining({ code: 'INVALID_ARGUMENT' })
const planned = { control: 2000, candidate: 2000 }

/** Control ~ N(1000, 100²); candidate: 90% N(950, 30²), 10% N(1450, 50²). Same mean, fatter P95 tail. */
function tailRegression(seed: number): { control: number[]; candidate: number[] } {
  const random = createRandom(seed)
  const control = Array.from({ length: 2000 }, () => 1000 + 100 * random.normal())
  const candidate = Array.from({ length: 2000 }, () =>
    random.uniform() < 0.1 ? 1450 + 50 * random.normal() : 950 + 30 * random.normal(),
  )
  return { control, candidate }
}

describe('computeQuantileEffectSequence', () => {
  it('flags a fatter P95 tail that a test on the mean misses', () => {
    const { control, candidate } = tailRegression(11)
    const mean = computeMeanEffectSequence({
      control: armEstimateFromMean(MeanAccumulator.of(control).summary()),
      candidate: armEstimateFromMean(MeanAccumulator.of(candidate).summary()),
      alpha: 0.05,
      scale: 'relative',
      plannedUnits: planned,
    })
    const p95 = computeQuantileEffectSequence({
      control: exactQuantiles(control),
      candidate: exactQuantiles(candidate),
      p: 0.95,
      alpha: 0.05,
      scale: 'relative',
      plannedUnits: planned,
    })
    expect(mean.lower).toBeLessThan(0)
    expect(mean.upper).toBeGreaterThan(0)
    expect(p95.lower).toBeGreaterThan(0.1)
    expect(p95.pValue).toBeLessThan(0.001)
  })

  it('reports as p-value the level at which the interval starts to exclude 0', () => {
    const { control, candidate } = tailRegression(12)
    const options = {
      control: exactQuantiles(control.slice(0, 600)),
      candidate: exactQuantiles(candidate.slice(0, 600)),
      p: 0.95,
      scale: 'absolute' as const,
      plannedUnits: planned,
      tuningAlpha: 0.025,
    }
    const { pValue } = computeQuantileEffectSequence({ ...options, alpha: 0.05 })
    expect(pValue).toBeGreaterThan(1e-12)
    expect(pValue).toBeLessThan(0.05)
    expect(computeQuantileEffectSequence({ ...options, alpha: pValue * 1.001 }).lower).toBeGreaterThan(0)
    expect(computeQuantileEffectSequence({ ...options, alpha: pValue * 0.999 }).lower).toBeLessThanOrEqual(0)
  })

  it('inverts the interval at a shifted null (a tolerance) the same way, leaving the interval as it is', () => {
    const random = createRandom(14)
    const latencyMs = (factor: number) =>
      Array.from({ length: 1500 }, () => 1000 * factor * Math.exp(0.5 * random.normal()))
    const options = {
      control: exactQuantiles(latencyMs(1)),
      candidate: exactQuantiles(latencyMs(1.4)),
      p: 0.95,
      scale: 'relative' as const,
      plannedUnits: planned,
      tuningAlpha: 0.025,
    }
    const atZero = computeQuantileEffectSequence({ ...options, alpha: 0.05 })
    const nullValue = atZero.lower / 2
    const shifted = computeQuantileEffectSequence({ ...options, alpha: 0.05, nullValue })
    expect([shifted.lower, shifted.upper, shifted.estimate]).toEqual([
      atZero.lower,
      atZero.upper,
      atZero.estimate,
    ])
    expect(shifted.pValue).toBeGreaterThan(atZero.pValue)
    expect(shifted.pValue).toBeLessThan(0.05)
    const at = (alpha: number) => computeQuantileEffectSequence({ ...options, alpha, nullValue }).lower
    expect(at(shifted.pValue * 1.001)).toBeGreaterThan(nullValue)
    expect(at(shifted.pValue * 0.999)).toBeLessThanOrEqual(nullValue)
    const beyond = computeQuantileEffectSequence({ ...options, alpha: 0.05, nullValue: atZero.upper + 0.01 })
    expect(beyond.pValue).toBeLessThanOrEqual(0.05)
    expect(
      computeQuantileEffectSequence({ ...options, alpha: 0.05, nullValue: atZero.estimate }).pValue,
    ).toBe(1)
  })

  it('splits alpha between the arms and subtracts their bounds', () => {
    const random = createRandom(13)
    const control = exactQuantiles(Array.from({ length: 800 }, () => random.uniform()))
    const candidate = exactQuantiles(Array.from({ length: 800 }, () => 0.2 + random.uniform()))
    const result = computeQuantileEffectSequence({
      control,
      candidate,
      p: 0.5,
      alpha: 0.1,
      scale: 'absolute',
      plannedUnits: { control: 800, candidate: 800 },
    })
    expect(result.lower).toBe(result.candidate.lower - result.control.upper)
    expect(result.upper).toBe(result.candidate.upper - result.control.lower)
    expect(result.estimate).toBe(result.candidate.estimate - result.control.estimate)
    expect(result.lower).toBeLessThan(0.2)
    expect(result.upper).toBeGreaterThan(0.2)
  })

  it('leaves a ratio unbounded above while the control quantile is not bounded away from 0', () => {
    const result = computeQuantileEffectSequence({
      control: exactQuantiles([3, 1, 2]),
      candidate: exactQuantiles([4, 5, 6]),
      p: 0.5,
      alpha: 0.05,
      scale: 'relative',
      plannedUnits: planned,
    })
    expect(result.upper).toBe(Number.POSITIVE_INFINITY)
    expect(result.lower).toBe(Number.NEGATIVE_INFINITY)
    expect(result.pValue).toBe(1)
  })

  it('rejects a relative effect on a control quantile of 0, and a bad alpha', () => {
    const options = {
      control: exactQuantiles([0, 0, 0]),
      candidate: exactQuantiles([1, 2, 3]),
      p: 0.5,
      alpha: 0.05,
      scale: 'relative' as const,
      plannedUnits: planned,
    }
    expect(() => computeQuantileEffectSequence(options)).toThrow(/control value above 0/)
    expect(() => computeQuantileEffectSequence({ ...options, scale: 'absolute', alpha: 0 })).toThrow(invalid)
  })
})
