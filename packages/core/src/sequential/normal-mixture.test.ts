import { describe, expect, it } from 'vitest'
import {
  computeNormalMixtureHalfWidth,
  computeNormalMixtureInterval,
  computeOptimalMixingRatio,
  tuneMixingVariance,
} from './normal-mixture.ts'

const invalid = expect.objectContaining({ code: 'INVALID_ARGUMENT' })

function widthFactor(r: number, alpha: number): number {
  return (1 + 1 / r) * (2 * Math.log(1 / alpha) + Math.log1p(r))
}

describe('computeOptimalMixingRatio', () => {
  it.each([0.2, 0.05, 0.01, 0.001])('minimises the width factor at alpha = %d', (alpha) => {
    const r = computeOptimalMixingRatio(alpha)
    for (const step of [0.5, 0.9, 0.99, 1.01, 1.1, 2]) {
      expect(widthFactor(r, alpha)).toBeLessThan(widthFactor(r * step, alpha))
    }
  })

  it('beats the closed form of Howard et al. and Waudby-Smith et al. by a hair (flat minimum)', () => {
    for (const alpha of [0.1, 0.05, 0.01, 0.001]) {
      const twiceLog = 2 * Math.log(1 / alpha)
      const closedForm = twiceLog + Math.log(1 + twiceLog)
      const r = computeOptimalMixingRatio(alpha)
      expect(Math.abs(r / closedForm - 1)).toBeLessThan(0.05)
      expect(widthFactor(r, alpha)).toBeLessThan(widthFactor(closedForm, alpha))
      expect(Math.sqrt(widthFactor(closedForm, alpha) / widthFactor(r, alpha)) - 1).toBeLessThan(1e-4)
    }
  })

  it.each([0, 1, -0.1, Number.NaN])('rejects alpha = %d', (alpha) => {
    expect(() => computeOptimalMixingRatio(alpha)).toThrow(invalid)
  })
})

describe('tuneMixingVariance', () => {
  it('makes the interval narrowest at the planned variance, over a grid of τ²', () => {
    const alpha = 0.05
    const plannedVariance = 2.5e-5
    const tuned = tuneMixingVariance({ alpha, plannedVariance })
    const best = computeNormalMixtureHalfWidth(plannedVariance, tuned, alpha)
    for (let exponent = -3; exponent <= 3; exponent += 0.25) {
      if (exponent === 0) continue
      const other = computeNormalMixtureHalfWidth(plannedVariance, tuned * 10 ** exponent, alpha)
      expect(best).toBeLessThan(other)
    }
  })

  it('rejects a planned variance that is not above 0', () => {
    expect(() => tuneMixingVariance({ alpha: 0.05, plannedVariance: 0 })).toThrow(invalid)
  })
})

describe('computeNormalMixtureInterval', () => {
  const base = { estimate: 0.03, variance: 1e-4, mixingVariance: 8e-4, alpha: 0.05 }

  it('is the set of null values the always-valid p-value does not reject', () => {
    const interval = computeNormalMixtureInterval(base)
    for (const bound of [interval.lower, interval.upper]) {
      expect(computeNormalMixtureInterval({ ...base, nullValue: bound }).pValue).toBeCloseTo(base.alpha, 12)
    }
    const inside = computeNormalMixtureInterval({ ...base, nullValue: interval.upper - 1e-6 }).pValue
    const outside = computeNormalMixtureInterval({ ...base, nullValue: interval.upper + 1e-6 }).pValue
    expect(inside).toBeGreaterThan(base.alpha)
    expect(outside).toBeLessThan(base.alpha)
  })

  it('is wider than the fixed-horizon z-interval: the price of looking at any time', () => {
    const interval = computeNormalMixtureInterval(base)
    expect(interval.upper - base.estimate).toBeGreaterThan(1.96 * Math.sqrt(base.variance))
  })

  it('shrinks as the variance falls and caps the p-value at 1', () => {
    const wide = computeNormalMixtureInterval(base)
    const narrow = computeNormalMixtureInterval({ ...base, variance: base.variance / 4 })
    expect(narrow.upper - narrow.lower).toBeLessThan(wide.upper - wide.lower)
    expect(computeNormalMixtureInterval({ ...base, estimate: 0 }).pValue).toBe(1)
  })

  it('has zero width and a 0-or-1 p-value without variance', () => {
    expect(computeNormalMixtureInterval({ ...base, variance: 0 })).toEqual({
      estimate: 0.03,
      lower: 0.03,
      upper: 0.03,
      pValue: 0,
    })
    expect(computeNormalMixtureInterval({ ...base, estimate: 0, variance: 0 }).pValue).toBe(1)
  })

  it.each([
    { estimate: Number.NaN },
    { variance: -1 },
    { variance: Number.POSITIVE_INFINITY },
    { mixingVariance: 0 },
    { alpha: 1 },
    { nullValue: Number.NaN },
  ])('rejects %j with INVALID_ARGUMENT', (change) => {
    expect(() => computeNormalMixtureInterval({ ...base, ...change })).toThrow(invalid)
  })
})
