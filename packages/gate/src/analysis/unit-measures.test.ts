import { describe, expect, it } from 'vitest'
import { CELL, createCellRow } from './cell-pool.ts'
import { measureAgentUnit, measureArmUnit, measureShadowUnit } from './unit-measures.ts'

function row(values: Partial<Record<keyof typeof CELL, number>>): Float64Array {
  const result = createCellRow()
  for (const [name, value] of Object.entries(values)) result[CELL[name as keyof typeof CELL]] = value
  return result
}

describe('measureArmUnit', () => {
  it('takes the mean run duration as the session latency when there are runs', () => {
    const m = measureArmUnit(row({ runs: 2, runDurationSumMs: 3000, calls: 4, latencySumMs: 1000 }))
    expect(m.latencyMs).toBe(1500)
  })

  it('falls back to the mean call latency without runs, and has no cost per run', () => {
    const m = measureArmUnit(row({ calls: 4, latencySumMs: 1000, costSumUsd: 0.4, costCalls: 4 }))
    expect(m).toMatchObject({ latencyMs: 250, runs: 0, runCostUsd: undefined })
  })

  it('prefers the runs own totals for cost per run, else the calls when every cost is known', () => {
    const totals = { runs: 2, runCostSumUsd: 0.05, costSumUsd: 0.04, costCalls: 3 }
    expect(measureArmUnit(row({ ...totals, runCostCount: 2 })).runCostUsd).toBe(0.05)
    expect(measureArmUnit(row({ ...totals, runCostCount: 1 })).runCostUsd).toBe(0.04)
    expect(measureArmUnit(row({ ...totals, runCostCount: 1, costUnknown: 1 })).runCostUsd).toBeUndefined()
  })

  it('averages TTFT over the calls that report it', () => {
    expect(measureArmUnit(row({ calls: 3, ttftSumMs: 600, ttftCount: 2 })).ttftMs).toBe(300)
    expect(measureArmUnit(row({ calls: 3 })).ttftMs).toBeUndefined()
  })
})

describe('measureAgentUnit', () => {
  it('uses invocations as runs and their duration as latency', () => {
    const m = measureAgentUnit(
      row({
        agentSpans: 2,
        agentDurationSumMs: 800,
        agentFailures: 1,
        calls: 3,
        latencySumMs: 600,
        costSumUsd: 0.3,
      }),
    )
    expect(m).toMatchObject({ latencyMs: 400, runs: 2, runFailures: 1, runCostUsd: 0.3 })
  })
})

describe('measureShadowUnit', () => {
  it('substitutes the shadow calls for the calls they replay in the run cost', () => {
    const traffic = row({ runs: 2, costSumUsd: 1, costCalls: 10 })
    const candidate = row({ calls: 2, latencySumMs: 500, costSumUsd: 0.5, costCalls: 2 })
    const pairedControl = row({ calls: 2, latencySumMs: 300, costSumUsd: 0.2, costCalls: 2 })
    const { candidate: c, pairedControl: p } = measureShadowUnit({ candidate, pairedControl, traffic })
    expect(c).toMatchObject({ latencyMs: 250, runs: 2, runCostUsd: 1 - 0.2 + 0.5, runFailures: undefined })
    expect(p).toMatchObject({ latencyMs: 150, runs: 2, runCostUsd: 1, runFailures: undefined })
  })

  it('leaves cost per run unknown when a paired call has no price, on both sides', () => {
    const traffic = row({ runs: 1, costSumUsd: 1, costCalls: 4 })
    const candidate = row({ calls: 1, costUnknown: 1 })
    const pairedControl = row({ calls: 1, costSumUsd: 0.1, costCalls: 1 })
    const measures = measureShadowUnit({ candidate, pairedControl, traffic })
    expect([measures.candidate.runCostUsd, measures.pairedControl.runCostUsd]).toEqual([undefined, undefined])
  })
})
