import { describe, expect, it } from 'vitest'
import { planLooks } from './interval-history.ts'

describe('planLooks', () => {
  it.each([
    [1200, 12],
    [7, 12],
    [1, 3],
    [1000, 1],
  ])('plans at most %i sessions into %i evenly spaced looks ending at all of them', (sessions, points) => {
    const looks = planLooks(sessions, points)
    expect(looks.at(-1)).toBe(sessions)
    expect(looks.length).toBe(Math.min(sessions, points))
    expect(new Set(looks).size).toBe(looks.length)
    expect(looks).toEqual([...looks].sort((a, b) => a - b))
    const gaps = looks.slice(1).map((look, index) => look - (looks[index] ?? 0))
    for (const gap of gaps) expect(Math.abs(gap - sessions / points)).toBeLessThanOrEqual(1)
  })

  it('plans nothing without sessions', () => {
    expect(planLooks(0, 12)).toEqual([])
  })
})
