import { describe, expect, it } from 'vitest'
import { solveIncreasing, solveSmoothIncreasing } from './solve-increasing.ts'

describe('solveSmoothIncreasing', () => {
  it('finds the root of a smooth increasing function in few evaluations', () => {
    let calls = 0
    const cube = (x: number) => {
      calls += 1
      return x ** 3
    }
    expect(solveSmoothIncreasing(cube, 2, 0, 10)).toBeCloseTo(Math.cbrt(2), 11)
    expect(calls).toBeLessThan(40)
    expect(solveSmoothIncreasing(Math.exp, 1e-9, -50, 5, 1e-14)).toBeCloseTo(Math.log(1e-9), 12)
  })

  it('agrees with bisection and returns the nearer end when the target is outside the bracket', () => {
    expect(solveSmoothIncreasing(Math.atan, 1, 0, 10)).toBeCloseTo(solveIncreasing(Math.atan, 1, 0, 10), 10)
    expect(solveSmoothIncreasing(Math.atan, -1, 0, 10)).toBe(0)
    expect(solveSmoothIncreasing(Math.atan, 2, 0, 10)).toBe(10)
  })
})
