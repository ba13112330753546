import { describe, expect, it } from 'vitest'
import type { SpanRecord } from '../types.ts'
import { buildExperiment, TEST_START_MS } from './analysis.fixture.ts'
import { analyzeSpans } from './analyze.ts'
import { findHorizonCut } from './horizon-cut.ts'
import { createInMemorySource } from './in-memory-source.fixture.ts'
import type { SyntheticRegression } from './synthetic-profiles.fixture.ts'
import { generateSyntheticSpans } from './synthetic-traces.fixture.ts'
import type { UnitEntry } from './unit-table.ts'

const HOUR_MS = 3_600_000

function entry(arm: number, firstSeenMs: number): UnitEntry {
  return {
    key: `${arm}-${firstSeenMs}`,
    arm,
    firstSeenMs,
    lastSeenMs: firstSeenMs,
    agents: [],
    cells: [],
    shadowKeys: undefined,
    shadowCells: undefined,
  }
}

/** Alternating control (0) and candidate (1) units, one an hour. */
function alternating(count: number): UnitEntry[] {
  return Array.from({ length: count }, (_, index) => entry(index % 2, TEST_START_MS + index * HOUR_MS))
}

describe('findHorizonCut', () => {
  it('cuts right after the unit that gives control and a candidate the planned units each', () => {
    const experiment = buildExperiment({
      analysis: { min_units_per_arm: 5, max_units_per_arm: 10, horizon_days: 30 },
    })
    const cut = findHorizonCut(experiment, alternating(50))
    expect(cut).toMatchObject({ units: 20, by: 'planned_units' })
    expect(cut?.atMs).toBe(TEST_START_MS + 19 * HOUR_MS)
  })

  it('prefers the caller plan to max_units_per_arm', () => {
    const experiment = buildExperiment({
      analysis: { min_units_per_arm: 5, max_units_per_arm: 10, horizon_days: 30 },
    })
    expect(findHorizonCut(experiment, alternating(50), 5)?.units).toBe(10)
  })

  it('cuts before the first unit that arrives after horizon_days, and counts the days as the horizon', () => {
    const experiment = buildExperiment({ analysis: { horizon_days: 1 } })
    const cut = findHorizonCut(experiment, alternating(50))
    // Units at hours 0..24 are within a day; the one at hour 25 is past it.
    expect(cut).toMatchObject({ units: 25, by: 'horizon_days', days: 1 })
  })

  it('does not cut data that ends at or before the horizon', () => {
    const experiment = buildExperiment({
      analysis: { min_units_per_arm: 5, max_units_per_arm: 25, horizon_days: 30 },
    })
    expect(findHorizonCut(experiment, alternating(50))).toBeUndefined()
    expect(findHorizonCut(experiment, [])).toBeUndefined()
  })

  it('cuts at a moment: units first seen at the same millisecond as the cut are all analysed, in any order', () => {
    const experiment = buildExperiment({
      analysis: { min_units_per_arm: 5, max_units_per_arm: 10, horizon_days: 30 },
    })
    // The 20th unit (index 19) reaches the plan; a candidate unit arrives at the very same millisecond.
    const units = alternating(50)
    units.splice(20, 0, entry(1, TEST_START_MS + 19 * HOUR_MS))
    const reversed = [...units.slice(0, 19), units[20], units[19], ...units.slice(21)] as UnitEntry[]
    for (const order of [units, reversed]) {
      expect(findHorizonCut(experiment, order)).toMatchObject({
        units: 21,
        atMs: TEST_START_MS + 19 * HOUR_MS,
      })
    }
  })

  it('has no horizon to cut at under open_ended or fixed', () => {
    for (const method of ['open_ended', 'fixed'] as const) {
      const experiment = buildExperiment({
        analysis: { method, min_units_per_arm: 5, max_units_per_arm: 10, horizon_days: 1 },
      })
      expect(findHorizonCut(experiment, alternating(50))).toBeUndefined()
    }
  })

  it('ignores units of a weight-0 candidate and shadow-only units when counting the plan', () => {
    const experiment = buildExperiment({
      arms: {
        control: { model: 'openai:gpt-4.1', weight: 100 },
        shadowed: { model: 'openai:gpt-5', weight: 0, shadow: '10%' },
      },
      analysis: { min_units_per_arm: 5, max_units_per_arm: 5, horizon_days: 30 },
    })
    const units = Array.from({ length: 30 }, (_, index) =>
      entry(index % 3 === 0 ? -1 : index % 2, TEST_START_MS + index * HOUR_MS),
    )
    expect(findHorizonCut(experiment, units)).toBeUndefined()
  })
})

describe('a run after the horizon', () => {
  const experiment = buildExperiment({
    guardrails: { latency_p95_ms: { max_increase: '25%' }, error_rate: { max_increase: '5pp' } },
    pricing: { 'openai:gpt-5': { input: 2, output: 8 } },
    analysis: { max_units_per_arm: 800 },
  })
  const since = new Date(TEST_START_MS)
  const now = (): Date => new Date(TEST_START_MS + 10 * 86_400_000)
  const spans = (sessions: number, regression?: SyntheticRegression): SpanRecord[] =>
    generateSyntheticSpans({
      experiment,
      sessions,
      seed: 7,
      startMs: TEST_START_MS,
      profile: { latencySigma: 0.2, errorRate: 0.01 },
      ...(regression === undefined ? {} : { regression }),
    })

  it('fails a regression with twice the planned data (the horizon decides), and says so', async () => {
    const regression = { arm: 'candidate', agent: 'writer', latencyFactor: 2 }
    const twiceAsMuch = await analyzeSpans({
      experiment,
      source: createInMemorySource(spans(3200, regression)),
      since,
      now,
    })
    expect(twiceAsMuch.verdict.status).toBe('fail')
    expect(twiceAsMuch.extraction.units).toBe(3200)
    const analysed = twiceAsMuch.arms.map((arm) => arm.units).reduce((a, b) => a + b)
    expect(analysed).toBeLessThan(3200)
    expect(Math.min(...twiceAsMuch.arms.map((arm) => arm.units))).toBe(800)
    expect(twiceAsMuch.extraction.warnings.some((w) => w.includes('reached its horizon'))).toBe(true)
  })

  it('keeps passing a healthy candidate past the horizon instead of asking for review', async () => {
    const report = await analyzeSpans({ experiment, source: createInMemorySource(spans(4000)), since, now })
    expect(report.verdict.status).toBe('pass')
  })
})
