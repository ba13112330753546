import { describe, expect, it } from 'vitest'
import { normalQuantile } from '../stats/distributions.ts'
import { MeanAccumulator } from './mean-accumulator.ts'
import {
  armEstimateFromMean,
  armEstimateFromRatio,
  computeMeanEffectSequence,
  computeMeanSequence,
} from './mean-sequence.ts'
import { RatioAccumulator } from './ratio-accumulator.ts'
import { createRandom } from './seeded-random.ts'
import { allowedFailures } from './sequential.fixture.ts'

const invalid = expect.objectContaining({ code: 'INVALID_ARGUMENT' })
const planned = { control: 2000, candidate: 2000 }

describe('computeMeanEffectSequence', () => {
  const control = { n: 1000, estimate: 0.1, variance: 9e-5 }
  const candidate = { n: 1000, estimate: 0.12, variance: 1.06e-4 }

  it('adds the arms variances for an absolute effect, whatever the allocation', () => {
    const result = computeMeanEffectSequence({
      control,
      candidate,
      alpha: 0.05,
      scale: 'absolute',
      plannedUnits: planned,
    })
    expect(result.estimate).toBeCloseTo(0.02, 15)
    expect(result.variance).toBeCloseTo(9e-5 + 1.06e-4, 15)
    expect(result.upper - result.estimate).toBeCloseTo(result.estimate - result.lower, 12)
  })

  it('uses the delta method for a relative effect', () => {
    const result = computeMeanEffectSequence({
      control,
      candidate,
      alpha: 0.05,
      scale: 'relative',
      plannedUnits: planned,
    })
    expect(result.estimate).toBeCloseTo(0.2, 12)
    expect(result.variance).toBeCloseTo(1.06e-4 / 0.01 + (0.0144 * 9e-5) / 1e-4, 12)
  })

  it('is tuned at the planned size: narrowest there, whatever the units so far', () => {
    const options = { control, candidate, alpha: 0.05, scale: 'absolute' as const }
    const width = (plannedUnits: number) => {
      const result = computeMeanEffectSequence({
        ...options,
        plannedUnits: { control: plannedUnits, candidate: plannedUnits },
      })
      return result.upper - result.lower
    }
    // At the current size (1000) the sequence tuned for 1000 is the narrowest.
    expect(width(1000)).toBeLessThan(width(500))
    expect(width(1000)).toBeLessThan(width(2000))
  })

  it('tests a shifted null: p ≤ α exactly when the interval at α excludes it, the interval unchanged', () => {
    const options = { control, candidate, alpha: 0.05, scale: 'absolute' as const, plannedUnits: planned }
    const atZero = computeMeanEffectSequence(options)
    const inside = (atZero.lower + atZero.estimate) / 2
    const outside = atZero.lower - 0.001
    for (const nullValue of [inside, outside]) {
      const shifted = computeMeanEffectSequence({ ...options, nullValue })
      expect([shifted.lower, shifted.upper]).toEqual([atZero.lower, atZero.upper])
      expect(shifted.pValue <= 0.05).toBe(nullValue <= shifted.lower)
    }
    // The closer the null to the estimate, the weaker the evidence against it.
    const near = computeMeanEffectSequence({ ...options, nullValue: inside }).pValue
    const far = computeMeanEffectSequence({ ...options, nullValue: outside }).pValue
    expect(near).toBeGreaterThan(far)
    expect(computeMeanEffectSequence({ ...options, nullValue: atZero.estimate }).pValue).toBe(1)
  })

  it('refuses a relative effect on a control mean of 0', () => {
    expect(() =>
      computeMeanEffectSequence({
        control: { ...control, estimate: 0 },
        candidate,
        alpha: 0.05,
        scale: 'relative',
        plannedUnits: planned,
      }),
    ).toThrow(/control value above 0/)
  })

  it.each([
    { control: { ...control, n: 1 } },
    { candidate: { ...candidate, variance: Number.NaN } },
    { alpha: 0 },
    { plannedUnits: { control: 0, candidate: 10 } },
    { nullValue: Number.NaN },
  ])('rejects %j with INVALID_ARGUMENT', (change) => {
    const options = { control, candidate, alpha: 0.05, scale: 'absolute' as const, plannedUnits: planned }
    expect(() => computeMeanEffectSequence({ ...options, ...change })).toThrow(invalid)
  })
})

describe('computeMeanSequence', () => {
  it('bounds one arm and tests it against a floor', () => {
    const arm = { n: 400, estimate: 0.93, variance: 0.0002 }
    const result = computeMeanSequence({ arm, alpha: 0.05, plannedUnits: 400, nullValue: 0.9 })
    expect(result.lower).toBeLessThan(0.93)
    expect(result.upper).toBeGreaterThan(0.93)
    expect(result.pValue).toBeLessThan(1)
    expect(computeMeanSequence({ arm, alpha: 0.05, plannedUnits: 400, nullValue: 0.93 }).pValue).toBe(1)
  })
})

describe('arm estimates', () => {
  it('turn a mean summary into μ̂ and s²/n, and a ratio summary into R̂ and its delta variance', () => {
    expect(armEstimateFromMean(MeanAccumulator.of([1, 2, 3, 6]).summary())).toEqual({
      n: 4,
      estimate: 3,
      variance: 14 / 3 / 4,
    })
    const ratio = armEstimateFromRatio(new RatioAccumulator().add(1, 2).add(3, 2).summary())
    expect(ratio.estimate).toBe(1)
    expect(ratio.n).toBe(2)
  })

  it('need two sessions', () => {
    expect(() => armEstimateFromMean(MeanAccumulator.of([1]).summary())).toThrow(invalid)
    expect(() => armEstimateFromRatio(new RatioAccumulator().add(1, 1).summary())).toThrow(invalid)
  })
})

describe('peeking (A/A, a look every 100 sessions up to 2,000)', () => {
  const experiments = 200
  const alpha = 0.05

  function simulate(): { sequential: number; naive: number } {
    const random = createRandom(2024)
    const zCritical = normalQuantile(1 - alpha / 2)
    let sequential = 0
    let naive = 0
    for (let e = 0; e < experiments; e += 1) {
      const a = new MeanAccumulator()
      const b = new MeanAccumulator()
      let sequentialMiss = false
      let naiveMiss = false
      for (let look = 100; look <= 2000; look += 100) {
        for (let i = 0; i < 100; i += 1) {
          a.add(5 + 2 * random.normal())
          b.add(5 + 2 * random.normal())
        }
        const result = computeMeanEffectSequence({
          control: armEstimateFromMean(a.summary()),
          candidate: armEstimateFromMean(b.summary()),
          alpha,
          scale: 'absolute',
          plannedUnits: { control: 2000, candidate: 2000 },
        })
        if (result.lower > 0 || result.upper < 0) sequentialMiss = true
        if (Math.abs(result.estimate) > zCritical * Math.sqrt(result.variance)) naiveMiss = true
      }
      if (sequentialMiss) sequential += 1
      if (naiveMiss) naive += 1
    }
    return { sequential, naive }
  }

  it('keeps the always-valid error rate at alpha, while a repeated fixed-horizon test does not', () => {
    const { sequential, naive } = simulate()
    expect(sequential).toBeLessThanOrEqual(allowedFailures(alpha, experiments))
    expect(naive).toBeGreaterThan(allowedFailures(alpha, experiments))
  })
})
