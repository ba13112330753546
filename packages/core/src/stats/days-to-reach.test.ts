import { describe, expect, it } from 'vitest'
import { daysToReach } from './days-to-reach.ts'

const invalid = expect.objectContaining({ code: 'INVALID_ARGUMENT' })

describe('daysToReach', () => {
  it('is decided by the arm with the smallest share', () => {
    const unitsPerDay = 1200
    expect(daysToReach(3835, unitsPerDay, [0.8, 0.2])).toBeCloseTo(3835 / (unitsPerDay * 0.2), 12)
  })

  it('takes one size per arm', () => {
    // The control needs 4x the units but gets 4x the traffic; the candidate is slower by 1 unit.
    expect(daysToReach([400, 101], 100, [0.8, 0.2])).toBeCloseTo(101 / 20, 12)
    expect(daysToReach([800, 50], 100, [0.8, 0.2])).toBeCloseTo(800 / 80, 12)
  })

  it('is 0 when no arm needs units, even without traffic', () => {
    expect(daysToReach(0, 0, [0.5, 0.5])).toBe(0)
    expect(daysToReach([0, 0], 100, [1, 0])).toBe(0)
  })

  it('is Infinity when an arm that needs units gets no traffic', () => {
    expect(daysToReach(10, 0, [0.5, 0.5])).toBe(Number.POSITIVE_INFINITY)
    expect(daysToReach([10, 10], 100, [1, 0])).toBe(Number.POSITIVE_INFINITY)
  })

  it.each([
    [-1, 100, [0.5, 0.5]],
    [10, -5, [0.5, 0.5]],
    [10, Number.NaN, [0.5, 0.5]],
    [10, 100, [0.5, 0.6]],
    [[10, 10, 10], 100, [0.5, 0.5]],
    [[10, Number.POSITIVE_INFINITY], 100, [0.5, 0.5]],
  ] as const)('rejects nPerArm %j, unitsPerDay %d, shares %j with INVALID_ARGUMENT', (n, rate, shares) => {
    expect(() => daysToReach(n, rate, shares)).toThrow(invalid)
  })
})
