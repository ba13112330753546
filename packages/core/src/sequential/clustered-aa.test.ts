import { describe, expect, it } from 'vitest'
import { MeanAccumulator } from './mean-accumulator.ts'
import { armEstimateFromMean, armEstimateFromRatio, computeMeanEffectSequence } from './mean-sequence.ts'
import { RatioAccumulator } from './ratio-accumulator.ts'
import { createRandom } from './seeded-random.ts'
import { allowedFailures } from './sequential.fixture.ts'

/**
 * A/A on per-call latency where calls of one session share a strong session effect (intra-class
 * correlation ≈ 0.9): the cluster-robust ratio keeps the always-valid error rate, treating calls as
 * independent units does not.
 */
describe('clustered A/A: sessions are the unit', () => {
  const experiments = 150
  const alpha = 0.05

  function simulate(): { clusterRobust: number; naivePerCall: number } {
    const random = createRandom(31)
    let clusterRobust = 0
    let naivePerCall = 0
    for (let e = 0; e < experiments; e += 1) {
      const sessions = [new RatioAccumulator(), new RatioAccumulator()] as const
      const calls = [new MeanAccumulator(), new MeanAccumulator()] as const
      let robustMiss = false
      let naiveMiss = false
      for (let look = 100; look <= 1000; look += 100) {
        for (let i = 0; i < 100; i += 1) {
          for (const arm of [0, 1] as const) {
            const sessionEffectMs = 300 * random.normal()
            const count = random.integer(1, 10)
            let sumMs = 0
            for (let c = 0; c < count; c += 1) {
              const latencyMs = 1200 + sessionEffectMs + 100 * random.normal()
              sumMs += latencyMs
              calls[arm].add(latencyMs)
            }
            sessions[arm].add(sumMs, count)
          }
        }
        const plannedUnits = { control: 1000, candidate: 1000 }
        const robust = computeMeanEffectSequence({
          control: armEstimateFromRatio(sessions[0].summary()),
          candidate: armEstimateFromRatio(sessions[1].summary()),
          alpha,
          scale: 'relative',
          plannedUnits,
        })
        const naive = computeMeanEffectSequence({
          control: armEstimateFromMean(calls[0].summary()),
          candidate: armEstimateFromMean(calls[1].summary()),
          alpha,
          scale: 'relative',
          plannedUnits: { control: calls[0].summary().n * 2, candidate: calls[1].summary().n * 2 },
        })
        if (robust.lower > 0 || robust.upper < 0) robustMiss = true
        if (naive.lower > 0 || naive.upper < 0) naiveMiss = true
      }
      if (robustMiss) clusterRobust += 1
      if (naiveMiss) naivePerCall += 1
    }
    return { clusterRobust, naivePerCall }
  }

  it('keeps its error rate with the delta-method ratio and breaks with the naive per-call variance', () => {
    const { clusterRobust, naivePerCall } = simulate()
    expect(clusterRobust).toBeLessThanOrEqual(allowedFailures(alpha, experiments))
    expect(naivePerCall).toBeGreaterThan(allowedFailures(alpha, experiments))
  })
})
