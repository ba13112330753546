import { describe, expect, it } from 'vitest'
import { exactQuantiles } from '../sequential/quantile-summary.ts'
import { quantileContrast } from './quantile-contrast.ts'

const values = Array.from({ length: 1000 }, (_, i) => i + 1)

describe('quantileContrast', () => {
  it('takes the McKean–Schrader standard error from the order statistics n·p ± 1.96·√(n·p(1 − p))', () => {
    const summary = exactQuantiles(values)
    const contrast = quantileContrast({ control: summary, candidate: summary, p: 0.95, relative: true })
    // n·p = 950, spread 1.96·√47.5 = 13.5: ranks 936 and 964, 28 apart.
    const armError = (Math.sqrt(47.5) * (Math.log(964) - Math.log(936))) / 28
    expect(contrast?.estimate).toBe(0)
    expect(contrast?.interval(1).upper).toBeCloseTo(Math.expm1(Math.SQRT2 * armError), 12)
    // Each arm's squared error has ν = 28/2 = 14; two equal arms pool to 28.
    expect(contrast?.degreesOfFreedom).toBeCloseTo(28, 12)
  })

  it('needs order statistics on both sides of the quantile', () => {
    const few = exactQuantiles(values.slice(0, 40))
    expect(quantileContrast({ control: few, candidate: few, p: 0.95, relative: true })).toBeUndefined()
  })
})
