import { describe, expect, it } from 'vitest'
import { normalCdf, normalQuantile } from './distributions.ts'
import { computeNormalPower, computeTTestPower, effectiveSize } from './power-curves.ts'

const invalid = expect.objectContaining({ code: 'INVALID_ARGUMENT' })

describe('computeNormalPower', () => {
  it('is alpha when there is no effect', () => {
    expect(computeNormalPower({ effectSize: 0, nControl: 1000, alpha: 0.05 })).toBeCloseTo(0.05, 12)
  })

  it('adds the far tail to the one-sided normal formula', () => {
    const options = { effectSize: 0.1, nControl: 800, alpha: 0.05, ratio: 0.5 }
    const shift = options.effectSize * Math.sqrt(effectiveSize(options.nControl, options.ratio))
    const z = normalQuantile(0.975)
    expect(computeNormalPower(options)).toBeCloseTo(normalCdf(shift - z) + normalCdf(-shift - z), 12)
  })

  it('ignores the sign of the effect', () => {
    const options = { nControl: 300, alpha: 0.05 }
    expect(computeNormalPower({ ...options, effectSize: -0.2 })).toBe(
      computeNormalPower({ ...options, effectSize: 0.2 }),
    )
  })
})

describe('computeTTestPower', () => {
  it('is alpha when there is no effect', () => {
    expect(computeTTestPower({ effectSize: 0, nControl: 30, alpha: 0.05 })).toBeCloseTo(0.05, 8)
  })

  it('is below the normal-approximation power at small samples and meets it at large ones', () => {
    const small = { effectSize: 0.8, nControl: 10, alpha: 0.05 }
    expect(computeTTestPower(small)).toBeLessThan(computeNormalPower(small))
    const large = { effectSize: 0.05, nControl: 20000, alpha: 0.05 }
    expect(computeTTestPower(large)).toBeCloseTo(computeNormalPower(large), 4)
  })

  it('rejects arms under 2 units, a bad alpha, and a noncentrality beyond 25', () => {
    expect(() => computeTTestPower({ effectSize: 0.5, nControl: 1.5, alpha: 0.05 })).toThrow(invalid)
    expect(() => computeTTestPower({ effectSize: 0.5, nControl: 10, alpha: 1.2 })).toThrow(invalid)
    expect(() => computeTTestPower({ effectSize: 2, nControl: 1000, alpha: 0.05 })).toThrow(invalid)
  })
})
