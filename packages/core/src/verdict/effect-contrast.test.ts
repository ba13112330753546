import { describe, expect, it } from 'vitest'
import { normalQuantile, studentTQuantile } from '../stats/distributions.ts'
import { computeSatterthwaiteDf } from '../stats/satterthwaite.ts'
import {
  armsDegreesOfFreedom,
  fiellerContrast,
  linearContrast,
  studentizeContrast,
} from './effect-contrast.ts'

describe('studentizeContrast (Jennison & Turnbull 2000, §3.8)', () => {
  it('reads the normal critical value on t at the same tail: z_{0.975} becomes t_{10, 0.975}', () => {
    const contrast = studentizeContrast(linearContrast(0, 1, 10))
    const { lower, upper } = contrast.interval(-normalQuantile(0.025))
    expect(upper).toBeCloseTo(2.228138852, 6)
    expect(lower).toBeCloseTo(-2.228138852, 6)
  })

  it('reports the statistic on the normal scale, so a bound and its test agree', () => {
    const contrast = studentizeContrast(linearContrast(0.3, 0.01, 25))
    for (const critical of [1.5, 2.5, 4.5]) {
      const { lower } = contrast.interval(critical)
      expect(contrast.statisticAt(lower)).toBeCloseTo(critical, 6)
    }
    expect(contrast.statisticAt(0.3)).toBe(0)
    expect(contrast.statisticAt(1)).toBeLessThan(0)
  })

  it('changes nothing with a known variance, and gives an unbounded interval past the doubles', () => {
    const known = linearContrast(0.1, 0.04)
    expect(studentizeContrast(known)).toBe(known)
    const noisy = studentizeContrast(linearContrast(0.1, 0.04, 3))
    expect(noisy.interval(40).upper).toBe(Number.POSITIVE_INFINITY)
  })

  it('widens an interval on few degrees of freedom more than on many', () => {
    const width = (df: number) => {
      const { lower, upper } = studentizeContrast(linearContrast(0, 1, df)).interval(3)
      return upper - lower
    }
    expect(width(5)).toBeGreaterThan(width(50))
    expect(width(50)).toBeGreaterThan(width(5000))
    expect(width(5000)).toBeCloseTo(6, 2)
    expect(width(5) / 2).toBeCloseTo(-studentTQuantile(0.0013498980316301, 5), 6)
  })
})

describe('degrees of freedom', () => {
  it('are Welch–Satterthwaite over the arms, control weighted by Fieller’s ρ', () => {
    const candidate = { n: 100, estimate: 1.2, variance: 0.04 }
    const control = { n: 400, estimate: 1, variance: 0.01 }
    expect(armsDegreesOfFreedom(candidate, undefined)).toBe(99)
    expect(armsDegreesOfFreedom(candidate, control)).toBeCloseTo(
      0.05 ** 2 / (0.04 ** 2 / 99 + 0.01 ** 2 / 399),
      9,
    )
    expect(fiellerContrast(control, candidate).degreesOfFreedom).toBeCloseTo(
      computeSatterthwaiteDf([
        { variance: 0.04, df: 99 },
        { variance: 1.44 * 0.01, df: 399 },
      ]),
      9,
    )
  })

  it('are infinite when every variance is known or zero', () => {
    expect(computeSatterthwaiteDf([{ variance: 1, df: Number.POSITIVE_INFINITY }])).toBe(
      Number.POSITIVE_INFINITY,
    )
    expect(computeSatterthwaiteDf([{ variance: 0, df: 10 }])).toBe(Number.POSITIVE_INFINITY)
  })
})
