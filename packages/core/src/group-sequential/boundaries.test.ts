import { describe, expect, it } from 'vitest'
import { normalQuantile } from '../stats/distributions.ts'
import {
  computeClassicalConstant,
  computeCrossingProbabilities,
  computeSpendingBoundaries,
} from './boundaries.ts'
import {
  computeMonitoringCriticalValue,
  computeMonitoringInflation,
  computeMonitoringPower,
  computeMonitoringPValue,
} from './monitoring-boundary.ts'
import { computeSpentAlpha } from './spending-function.ts'

describe('classical constants (Jennison & Turnbull 2000, Tables 2.1 and 2.3)', () => {
  it.each([
    ['pocock', 2, 0.05, 2.178],
    ['pocock', 5, 0.05, 2.413],
    ['pocock', 10, 0.01, 3.117],
    ['obrien-fleming', 2, 0.05, 1.977],
    ['obrien-fleming', 5, 0.01, 2.621],
  ] as const)('%s K = %i, alpha %d is %d', (shape, looks, alpha, expected) => {
    expect(Math.abs(computeClassicalConstant(shape, looks, alpha) - expected)).toBeLessThan(1e-3)
  })

  it('gives the one-look test the fixed-sample critical value', () => {
    expect(computeClassicalConstant('pocock', 1, 0.05)).toBeCloseTo(1.959964, 5)
  })
})

describe('Lan–DeMets boundaries', () => {
  it('spend exactly the spending function at every look', () => {
    const looks = [0.2, 0.4, 0.6, 0.8, 1]
    const bounds = computeSpendingBoundaries({ looks, alpha: 0.025, spending: { kind: 'pocock' } })
    const crossings = computeCrossingProbabilities(
      looks.map((t, i) => ({ t, upper: bounds[i]!, lower: Number.NEGATIVE_INFINITY })),
    )
    let spent = 0
    looks.forEach((t, i) => {
      spent += crossings[i]!.upper
      expect(spent).toBeCloseTo(computeSpentAlpha({ kind: 'pocock' }, 0.025, t), 9)
    })
  })

  it('continuous monitoring of the O’Brien–Fleming-type function is the constant z(1 − a/2) on the B scale', () => {
    const looks = Array.from({ length: 10 }, (_, i) => (i + 1) / 10)
    const bounds = computeSpendingBoundaries({
      looks,
      alpha: 0.025,
      spending: { kind: 'obrien-fleming' },
      continuous: true,
    })
    looks.forEach((t, i) => {
      expect(bounds[i]! * Math.sqrt(t)).toBeCloseTo(-normalQuantile(0.0125), 4)
      expect(computeMonitoringCriticalValue(0.025, t)).toBeCloseTo(bounds[i]!, 4)
    })
  })

  it('crosses less often with looks at a few points than with continuous monitoring', () => {
    const schedule = [0.13, 0.5, 0.77, 1].map((t) => ({
      t,
      upper: computeMonitoringCriticalValue(0.025, t),
      lower: Number.NEGATIVE_INFINITY,
    }))
    const discrete = computeCrossingProbabilities(schedule).reduce((sum, p) => sum + p.upper, 0)
    const continuous = computeCrossingProbabilities(schedule, { continuous: true }).reduce(
      (sum, p) => sum + p.upper,
      0,
    )
    expect(discrete).toBeLessThan(0.025)
    expect(continuous).toBeCloseTo(0.025, 5)
  })

  it('refuses looks whose information does not increase', () => {
    expect(() =>
      computeCrossingProbabilities([
        { t: 0.5, upper: 3, lower: -3 },
        { t: 0.5, upper: 3, lower: -3 },
      ]),
    ).toThrow(/must increase/)
  })
})

describe('the continuous-monitoring design', () => {
  it('reads its repeated p-value at the boundary', () => {
    const z = computeMonitoringCriticalValue(0.01, 0.3)
    expect(computeMonitoringPValue(z, 0.3)).toBeCloseTo(0.01, 12)
    expect(computeMonitoringPValue(-1, 0.3)).toBe(1)
  })

  it('has the planned power at the drift the inflation factor gives', () => {
    const inflation = computeMonitoringInflation(0.025, 0.8)
    expect(inflation).toBeGreaterThan(1.05)
    expect(inflation).toBeLessThan(1.08)
    const drift = Math.sqrt(inflation) * (-normalQuantile(0.025) + normalQuantile(0.8))
    expect(computeMonitoringPower(drift, 0.025)).toBeCloseTo(0.8, 9)
    // The power equals the recursion's continuous crossing probability with that drift.
    const looks = Array.from({ length: 8 }, (_, i) => ({
      t: (i + 1) / 8,
      upper: computeMonitoringCriticalValue(0.025, (i + 1) / 8),
      lower: Number.NEGATIVE_INFINITY,
    }))
    const recursion = computeCrossingProbabilities(looks, { continuous: true, drift }).reduce(
      (sum, p) => sum + p.upper,
      0,
    )
    expect(recursion).toBeCloseTo(0.8, 4)
  })
})
