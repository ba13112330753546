import { estimateRatio } from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import { CELL, createCellRow } from './cell-pool.ts'
import { MetricAccumulators } from './metric-accumulators.ts'
import { measureArmUnit } from './unit-measures.ts'

function session(values: Partial<Record<keyof typeof CELL, number>>) {
  const row = createCellRow()
  for (const [name, value] of Object.entries(values)) row[CELL[name as keyof typeof CELL]] = value
  return measureArmUnit(row)
}

describe('MetricAccumulators', () => {
  it('keeps per-call metrics as (sum, calls) per session, the session being the unit', () => {
    const accumulators = new MetricAccumulators()
    accumulators.add(session({ calls: 4, errors: 1, latencySumMs: 400 }))
    accumulators.add(session({ calls: 1, errors: 1, latencySumMs: 100 }))
    accumulators.add(session({ calls: 5, errors: 0, latencySumMs: 500 }))
    const errors = accumulators.observations().error_rate
    expect(errors?.kind).toBe('ratio')
    if (errors?.kind !== 'ratio') return
    expect(errors.summary).toMatchObject({ n: 3, sumY: 2, sumM: 10, sumYY: 2, sumMM: 42, sumYM: 5 })
    expect(accumulators.figures().errorRate).toBe(estimateRatio(errors.summary).ratio)
  })

  it('shares one latency sketch between the P50, P95 and P99 guardrails', () => {
    const accumulators = new MetricAccumulators()
    for (const latencySumMs of [100, 200, 300]) accumulators.add(session({ calls: 1, latencySumMs }))
    const observations = accumulators.observations()
    expect(observations.latency_p50_ms).toBeDefined()
    expect(
      observations.latency_p99_ms?.kind === 'quantile' && observations.latency_p99_ms.summary.count,
    ).toBe(3)
    expect(observations.latency_p95_ms).toEqual(observations.latency_p50_ms)
  })

  it('leaves out metrics without data, so their guardrails are no_data', () => {
    const accumulators = new MetricAccumulators()
    accumulators.add(session({}))
    expect(accumulators.observations()).toEqual({})
    expect(accumulators.figures()).toEqual({ units: 1, runs: 0, calls: 0, callsWithUnknownCost: 0 })
    expect(accumulators.feedbackScore()).toBeUndefined()
  })

  it('reports the means of scores and feedback', () => {
    const accumulators = new MetricAccumulators()
    accumulators.add(
      session({
        accuracySum: 3,
        accuracyCount: 4,
        judgeSum: 9,
        judgeCount: 2,
        feedbackSum: 1,
        feedbackCount: 2,
      }),
    )
    accumulators.add(session({ accuracySum: 1, accuracyCount: 1, citationSum: 1.5, citationPairs: 2 }))
    expect(accumulators.figures()).toMatchObject({
      accuracy: 4 / 5,
      judgeScore: 4.5,
      citationStability: 0.75,
      citationPairs: 2,
    })
    expect(accumulators.feedbackScore()).toEqual({ mean: 0.5, count: 2 })
  })
})
