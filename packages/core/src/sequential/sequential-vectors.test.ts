import { describe, expect, it } from 'vitest'
import { logGamma } from '../stats/distributions.ts'
import { computeMixtureBoundary, tuneBetaBinomialMixture } from './beta-binomial-boundary.ts'
import { MeanAccumulator } from './mean-accumulator.ts'
import { armEstimateFromMean, computeMeanEffectSequence } from './mean-sequence.ts'
import { computeNormalMixtureInterval, computeOptimalMixingRatio } from './normal-mixture.ts'
import { computeQuantileEffectSequence } from './quantile-effect.ts'
import { computeQuantileSequence } from './quantile-sequence.ts'
import { exactQuantiles } from './quantile-summary.ts'
import { estimateRatio, RatioAccumulator } from './ratio-accumulator.ts'
import { relativeError, sequentialVectors as vectors } from './sequential.fixture.ts'

const tolerance = vectors.tolerance.relative

function expectClose(actual: number, expected: number): void {
  expect(relativeError(actual, expected), `${actual} vs ${expected}`).toBeLessThan(tolerance)
}

describe('sequential vectors', () => {
  it('are the version these tests were written for', () => {
    expect(vectors.specVersion).toBe(1)
    expect(tolerance).toBe(1e-9)
  })

  it.each(vectors.optimalMixingRatio.rows)('optimalMixingRatio[%#] %s', (_name, inputs, expected) => {
    expectClose(computeOptimalMixingRatio(inputs.alpha), expected.ratio)
  })

  it.each(vectors.normalMixture.rows)('normalMixture[%#] %s', (_name, inputs, expected) => {
    const result = computeNormalMixtureInterval(inputs)
    expectClose(result.lower, expected.lower)
    expectClose(result.upper, expected.upper)
    expectClose(result.pValue, expected.pValue)
  })

  it.each(vectors.meanEffect.rows)('meanEffect[%#] %s', (_name, inputs, expected) => {
    const result = computeMeanEffectSequence({
      ...inputs,
      control: armEstimateFromMean(inputs.control),
      candidate: armEstimateFromMean(inputs.candidate),
    })
    for (const key of ['estimate', 'variance', 'mixingVariance', 'lower', 'upper', 'pValue'] as const) {
      expectClose(result[key], expected[key])
    }
  })

  it.each(vectors.welford.rows)('welford[%#] %s', (_name, inputs, expected) => {
    const summary = MeanAccumulator.of(inputs.values).summary()
    expect(summary.n).toBe(expected.n)
    expectClose(summary.mean, expected.mean)
    expectClose(summary.variance, expected.variance)
  })

  it.each(vectors.ratioDelta.rows)('ratioDelta[%#] %s', (_name, inputs, expected) => {
    const accumulator = new RatioAccumulator()
    for (const [y, m] of inputs.pairs) accumulator.add(y, m)
    const result = estimateRatio(accumulator.summary())
    expect(result.n).toBe(expected.n)
    expectClose(result.ratio, expected.ratio)
    // Raw power sums cost a few digits against the two-pass reference on 1e3-scale latencies.
    expect(relativeError(result.variance, expected.variance)).toBeLessThan(1e-7)
  })

  it.each(vectors.logGamma.rows)('logGamma (jstat) vs reference [%#] %s', (_name, inputs, expected) => {
    expect(Math.abs(logGamma(inputs.x) - expected.value)).toBeLessThan(
      tolerance * Math.max(1, Math.abs(expected.value)),
    )
  })

  it.each(vectors.betaBinomialBoundary.rows)('betaBinomialBoundary[%#] %s', (_name, inputs, expected) => {
    const { p, t, plannedCount, alpha } = inputs
    const tuning = { plannedTime: p * (1 - p) * plannedCount, alphaOpt: alpha }
    const upper = tuneBetaBinomialMixture({ ...tuning, g: p, h: 1 - p })
    const lower = tuneBetaBinomialMixture({ ...tuning, g: 1 - p, h: p })
    expectClose(upper.r, expected.r)
    const v = p * (1 - p) * t
    expectClose(computeMixtureBoundary(v, Math.log(1 / alpha), upper), expected.upperGap)
    expectClose(computeMixtureBoundary(v, Math.log(1 / alpha), lower), expected.lowerGap)
  })

  it.each(vectors.quantileSequence.rows)('quantileSequence[%#] %s', (_name, inputs, expected) => {
    const { values, ...options } = inputs
    const result = computeQuantileSequence(exactQuantiles(values), options)
    expect([result.lowerRank, result.upperRank]).toEqual([expected.lowerRank, expected.upperRank])
    expect([result.estimate, result.lower, result.upper]).toEqual([
      expected.estimate,
      expected.lower,
      expected.upper,
    ])
  })

  it.each(vectors.quantileEffect.rows)('quantileEffect[%#] %s', (_name, inputs, expected) => {
    const result = computeQuantileEffectSequence({
      ...inputs,
      control: exactQuantiles(inputs.control),
      candidate: exactQuantiles(inputs.candidate),
    })
    expect([result.control.lowerRank, result.control.upperRank]).toEqual(expected.controlRanks)
    expect([result.candidate.lowerRank, result.candidate.upperRank]).toEqual(expected.candidateRanks)
    expectClose(result.estimate, expected.estimate)
    expectClose(result.lower, expected.lower)
    expectClose(result.upper, expected.upper)
    expectClose(result.pValue, expected.pValue)
  })
})
