import { describe, expect, it } from 'vitest'
import {
  computeCohenH,
  computeMdeForMeans,
  computeMdeForProportions,
  computeSampleSizeForMeans,
  computeSampleSizeForProportions,
} from './power-analysis.ts'
import { computeNormalPower, computeTTestPower } from './power-curves.ts'
import { loadStatsVectors, relativeError, SAMPLE_SIZE_TOLERANCE } from './stats-vectors.fixture.ts'

const vectors = await loadStatsVectors()
const invalid = expect.objectContaining({ code: 'INVALID_ARGUMENT' })

describe('computeSampleSizeForProportions', () => {
  it.each(
    vectors.power_two_proportions.map((row) => [`${row.p_control} → ${row.p_treatment}`, row] as const),
  )('power_two_proportions[%#] %s', (_name, row) => {
    const size = computeSampleSizeForProportions({
      pControl: row.p_control,
      pTreatment: row.p_treatment,
      alpha: row.alpha,
      power: row.power,
      ratio: row.ratio_treatment_to_control,
    })
    expect(Math.abs(size.nControlExact - row.n_control_exact)).toBeLessThanOrEqual(SAMPLE_SIZE_TOLERANCE)
    expect(Math.abs(size.nControl - row.n_control)).toBeLessThanOrEqual(SAMPLE_SIZE_TOLERANCE)
    expect(Math.abs(size.nTreatment - row.n_treatment)).toBeLessThanOrEqual(SAMPLE_SIZE_TOLERANCE)
    const reached = computeNormalPower({
      effectSize: size.effectSize,
      nControl: size.nControlExact,
      alpha: row.alpha,
      ratio: row.ratio_treatment_to_control,
    })
    expect(reached).toBeCloseTo(row.power, 8)
  })

  it('defaults to equal allocation', () => {
    const equal = computeSampleSizeForProportions({
      pControl: 0.1,
      pTreatment: 0.12,
      alpha: 0.05,
      power: 0.8,
    })
    expect(equal.nTreatment).toBe(equal.nControl)
    expect(equal.effectSize).toBe(computeCohenH(0.1, 0.12))
  })

  it('needs more units for a smaller alpha or a higher power', () => {
    const base = { pControl: 0.3, pTreatment: 0.33, alpha: 0.05, power: 0.8 }
    const n = computeSampleSizeForProportions(base).nControlExact
    expect(computeSampleSizeForProportions({ ...base, alpha: 0.01 }).nControlExact).toBeGreaterThan(n)
    expect(computeSampleSizeForProportions({ ...base, power: 0.9 }).nControlExact).toBeGreaterThan(n)
  })

  it.each([
    [{ pControl: 0.2, pTreatment: 0.2, alpha: 0.05, power: 0.8 }],
    [{ pControl: 0.2, pTreatment: 1.2, alpha: 0.05, power: 0.8 }],
    [{ pControl: 0.2, pTreatment: 0.25, alpha: 0, power: 0.8 }],
    [{ pControl: 0.2, pTreatment: 0.25, alpha: 0.05, power: 1 }],
    [{ pControl: 0.2, pTreatment: 0.25, alpha: 0.05, power: 0.04 }],
    [{ pControl: 0.2, pTreatment: 0.25, alpha: 0.05, power: 0.8, ratio: 0 }],
  ])('rejects %j with INVALID_ARGUMENT', (options) => {
    expect(() => computeSampleSizeForProportions(options)).toThrow(invalid)
  })
})

describe('computeSampleSizeForMeans', () => {
  it.each(
    vectors.power_two_means.map(
      (row) => [`delta ${row.delta.toFixed(1)}, sd ${row.sd.toFixed(1)}`, row] as const,
    ),
  )('power_two_means[%#] %s', (_name, row) => {
    const size = computeSampleSizeForMeans({
      delta: row.delta,
      sd: row.sd,
      alpha: row.alpha,
      power: row.power,
      ratio: row.ratio_treatment_to_control,
    })
    expect(Math.abs(size.nControlExact - row.n_control_exact)).toBeLessThanOrEqual(SAMPLE_SIZE_TOLERANCE)
    expect(Math.abs(size.nControl - row.n_control)).toBeLessThanOrEqual(SAMPLE_SIZE_TOLERANCE)
    expect(Math.abs(size.nTreatment - row.n_treatment)).toBeLessThanOrEqual(SAMPLE_SIZE_TOLERANCE)
    const reached = computeTTestPower({
      effectSize: row.delta / row.sd,
      nControl: size.nControlExact,
      alpha: row.alpha,
      ratio: row.ratio_treatment_to_control,
    })
    expect(reached).toBeCloseTo(row.power, 7)
  })

  it('gives the same size for a decrease as for an increase', () => {
    const options = { sd: 300, alpha: 0.05, power: 0.8, ratio: 0.5 }
    const up = computeSampleSizeForMeans({ ...options, delta: 40 })
    const down = computeSampleSizeForMeans({ ...options, delta: -40 })
    expect(down.nControlExact).toBeCloseTo(up.nControlExact, 6)
    expect(down.effectSize).toBe(-up.effectSize)
  })

  it('asks for the 2-unit minimum per arm when the effect is huge', () => {
    const size = computeSampleSizeForMeans({ delta: 10, sd: 1, alpha: 0.05, power: 0.8 })
    expect(size.nControl).toBe(2)
    expect(size.nTreatment).toBe(2)
  })

  it.each([
    [{ delta: 0, sd: 1, alpha: 0.05, power: 0.8 }],
    [{ delta: 1, sd: 0, alpha: 0.05, power: 0.8 }],
    [{ delta: 1, sd: 1, alpha: 1, power: 0.8 }],
    [{ delta: 30, sd: 1, alpha: 0.05, power: 0.8 }],
  ])('rejects %j with INVALID_ARGUMENT', (options) => {
    expect(() => computeSampleSizeForMeans(options)).toThrow(invalid)
  })
})

describe('computeMdeForProportions', () => {
  it.each(
    vectors.power_two_proportions.map((row) => [`${row.p_control} → ${row.p_treatment}`, row] as const),
  )('inverts power_two_proportions[%#] %s', (_name, row) => {
    const mde = computeMdeForProportions({
      pControl: row.p_control,
      nControl: row.n_control_exact,
      alpha: row.alpha,
      power: row.power,
      ratio: row.ratio_treatment_to_control,
    })
    const h = computeCohenH(row.p_control, row.p_treatment)
    expect(relativeError(mde.cohenH, Math.abs(h))).toBeLessThan(1e-6)
    const change = h > 0 ? mde.minIncrease : mde.minDecrease
    expect(change).toBeDefined()
    expect(change!).toBeCloseTo(Math.abs(row.p_treatment - row.p_control), 7)
  })

  it('reports no detectable increase when even a rate of 1 is not enough', () => {
    const mde = computeMdeForProportions({ pControl: 0.99, nControl: 20, alpha: 0.05, power: 0.8 })
    expect(mde.minIncrease).toBeUndefined()
    expect(mde.minDecrease).toBeGreaterThan(0)
  })
})

describe('computeMdeForMeans', () => {
  it.each(vectors.power_two_means.map((row) => [`delta ${row.delta.toFixed(1)}`, row] as const))(
    'inverts power_two_means[%#] %s',
    (_name, row) => {
      const mde = computeMdeForMeans({
        sd: row.sd,
        nControl: row.n_control_exact,
        alpha: row.alpha,
        power: row.power,
        ratio: row.ratio_treatment_to_control,
      })
      expect(relativeError(mde.effectSize, row.delta / row.sd)).toBeLessThan(1e-6)
      expect(relativeError(mde.minDelta, row.delta)).toBeLessThan(1e-6)
    },
  )

  it('shrinks as the sample grows', () => {
    const options = { sd: 100, alpha: 0.05, power: 0.8 }
    const small = computeMdeForMeans({ ...options, nControl: 50 })
    const large = computeMdeForMeans({ ...options, nControl: 5000 })
    expect(large.minDelta).toBeLessThan(small.minDelta)
  })

  it('rejects arms with fewer than 2 units', () => {
    expect(() => computeMdeForMeans({ sd: 1, nControl: 10, alpha: 0.05, power: 0.8, ratio: 0.1 })).toThrow(
      invalid,
    )
    expect(() => computeMdeForMeans({ sd: 1, nControl: 1, alpha: 0.05, power: 0.8 })).toThrow(invalid)
  })
})
