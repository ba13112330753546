import { describe, expect, it } from 'vitest'
import {
  chiSquareCdf,
  chiSquareQuantile,
  chiSquareSf,
  MAX_NONCENTRALITY,
  noncentralTCdf,
  normalCdf,
  normalQuantile,
  normalSf,
  studentTCdf,
  studentTQuantile,
  studentTSf,
} from './distributions.ts'

const invalid = expect.objectContaining({ code: 'INVALID_ARGUMENT' })
const points = [-30, -8, -4, -2.5, -1, -0.2, 0, 0.3, 1.5, 3, 6, 40]

describe('normal', () => {
  it.each(points)('is symmetric and sums to 1 at x = %d', (x) => {
    expect(normalCdf(x) + normalSf(x)).toBeCloseTo(1, 15)
    expect(normalCdf(-x)).toBe(normalSf(x))
  })

  it.each([-5, -2, -0.5, 0.7, 3])(
    'matches the chi-square with 1 df: P(χ² ≤ x²) = 2Φ(|x|) − 1 at x = %d',
    (x) => {
      expect(chiSquareCdf(x * x, 1)).toBeCloseTo(2 * normalCdf(Math.abs(x)) - 1, 9)
    },
  )

  it.each([1e-10, 1e-6, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999999])('inverts its cdf at p = %d', (p) => {
    // The cdf is accurate to ~1e-16 absolute, so deep in the tail only that much can come back.
    expect(Math.abs(normalCdf(normalQuantile(p)) - p)).toBeLessThan(1e-8 * p + 1e-15)
  })

  it('maps p = 0 and p = 1 to the infinities and takes infinite x', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY)
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY)
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0)
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1)
  })

  it('rejects NaN and probabilities outside [0, 1]', () => {
    expect(() => normalCdf(Number.NaN)).toThrow(invalid)
    expect(() => normalQuantile(1.5)).toThrow(invalid)
    expect(() => normalQuantile(Number.NaN)).toThrow(invalid)
  })
})

describe('Student t', () => {
  it.each(points)('matches the Cauchy closed form with 1 df at x = %d', (x) => {
    expect(Math.abs(studentTCdf(x, 1) - (0.5 + Math.atan(x) / Math.PI))).toBeLessThan(1e-8)
  })

  it.each(points)('matches the closed form with 2 df at x = %d', (x) => {
    expect(Math.abs(studentTCdf(x, 2) - (0.5 + x / (2 * Math.sqrt(2 + x * x))))).toBeLessThan(1e-8)
  })

  it.each([1e5, 1e6, 1e7])('tends to the normal for large df (%d), where jstat’s own t cdf breaks', (df) => {
    for (const x of [-3, -1, -0.1, 0.5, 2]) {
      // The t and normal cdfs differ by O(1/df).
      expect(Math.abs(studentTCdf(x, df) - normalCdf(x))).toBeLessThan(10 / df)
    }
  })

  it.each([1, 3, 86.6, 356.45, 1e4, 1e8])('inverts its cdf with %d df', (df) => {
    for (const p of [1e-6, 0.005, 0.025, 0.1, 0.5, 0.9, 0.975]) {
      const t = studentTQuantile(p, df)
      expect(Math.abs(studentTCdf(t, df) - p)).toBeLessThan(1e-8)
      expect(Math.abs(studentTQuantile(1 - p, df) + t)).toBeLessThan(1e-7 * Math.max(1, Math.abs(t)))
    }
  })

  it('is symmetric and handles the infinities', () => {
    expect(studentTCdf(1.7, 12) + studentTSf(1.7, 12)).toBeCloseTo(1, 15)
    expect(studentTCdf(0, 5)).toBe(0.5)
    expect(studentTCdf(Number.POSITIVE_INFINITY, 5)).toBe(1)
    expect(studentTCdf(Number.NEGATIVE_INFINITY, 5)).toBe(0)
    expect(studentTQuantile(0, 5)).toBe(Number.NEGATIVE_INFINITY)
    expect(studentTQuantile(1, 5)).toBe(Number.POSITIVE_INFINITY)
  })

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects df = %d', (df) => {
    expect(() => studentTCdf(1, df)).toThrow(invalid)
    expect(() => studentTQuantile(0.5, df)).toThrow(invalid)
  })
})

describe('chi-square', () => {
  it.each([0.01, 0.5, 2, 7, 30, 90])('matches 1 − exp(−x/2) with 2 df at x = %d', (x) => {
    expect(chiSquareCdf(x, 2)).toBeCloseTo(1 - Math.exp(-x / 2), 10)
    expect(chiSquareSf(x, 2)).toBeCloseTo(Math.exp(-x / 2), 10)
  })

  it.each([1, 2, 3, 10, 100, 1000])('inverts its cdf with %d df', (df) => {
    for (const p of [1e-6, 0.01, 0.5, 0.95, 0.999]) {
      expect(Math.abs(chiSquareCdf(chiSquareQuantile(p, df), df) - p)).toBeLessThan(1e-9)
    }
  })

  it('is 0 at or below 0 and 1 at infinity', () => {
    expect(chiSquareCdf(0, 3)).toBe(0)
    expect(chiSquareCdf(-2, 3)).toBe(0)
    expect(chiSquareCdf(Number.POSITIVE_INFINITY, 3)).toBe(1)
    expect(chiSquareSf(-2, 3)).toBe(1)
    expect(chiSquareQuantile(0, 3)).toBe(0)
    expect(chiSquareQuantile(1, 3)).toBe(Number.POSITIVE_INFINITY)
  })

  it('rejects a bad df or probability', () => {
    expect(() => chiSquareCdf(1, 0)).toThrow(invalid)
    expect(() => chiSquareQuantile(-0.1, 2)).toThrow(invalid)
  })
})

describe('noncentral t', () => {
  it.each([-20, -3, 0.5, 2.8, 10, MAX_NONCENTRALITY])('at x = 0 equals Φ(−ncp) for ncp = %d', (ncp) => {
    // T' ≤ 0 exactly when Z + ncp ≤ 0, whatever the chi-square part.
    for (const df of [3, 50, 5000]) {
      expect(Math.abs(noncentralTCdf(0, df, ncp) - normalCdf(-ncp))).toBeLessThan(1e-8)
    }
  })

  it('equals the central t when ncp is 0 or negligible', () => {
    for (const x of [-2.5, 0.4, 3]) {
      expect(noncentralTCdf(x, 1e6, 0)).toBe(studentTCdf(x, 1e6))
      expect(noncentralTCdf(x, 1e6, 1e-15)).toBe(studentTCdf(x, 1e6))
    }
  })

  it.each([1e5, 1e6])('tends to Φ(x − ncp) for large df (%d)', (df) => {
    for (const [x, ncp] of [
      [1.96, 2.8],
      [-1.96, 2.8],
      [3, 5],
      [1, -0.5],
    ] as const) {
      expect(Math.abs(noncentralTCdf(x, df, ncp) - normalCdf(x - ncp))).toBeLessThan(100 / df)
    }
  })

  it('increases with x and decreases with ncp', () => {
    const xs = [-4, -2, 0, 1, 2, 3, 5, 9]
    const cdfs = xs.map((x) => noncentralTCdf(x, 40, 2.5))
    cdfs.slice(1).forEach((value, i) => {
      expect(value).toBeGreaterThan(cdfs[i]!)
    })
    expect(noncentralTCdf(2, 40, 3)).toBeLessThan(noncentralTCdf(2, 40, 2.5))
  })

  it('refuses |ncp| beyond the range jstat computes correctly', () => {
    expect(() => noncentralTCdf(30, 10, MAX_NONCENTRALITY + 1)).toThrow(invalid)
    expect(() => noncentralTCdf(1, 10, Number.NaN)).toThrow(invalid)
  })
})
