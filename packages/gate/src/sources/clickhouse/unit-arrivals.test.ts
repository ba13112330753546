import { describe, expect, it } from 'vitest'
import { buildExperiment, TEST_START_MS } from '../../analysis/analysis.fixture.ts'
import type { ArrivedUnit } from '../../analysis/horizon-cut.ts'
import { findHorizonCut } from '../../analysis/horizon-cut.ts'
import type { ArrivalRow } from './summary-rows.ts'
import { arrivalsDepth, readArrivals } from './unit-arrivals.ts'

const HOUR_MS = 3_600_000

/** What the arrivals query returns for these units (one row per arm, -1 for shadow-only units). */
function arrivalRows(units: readonly ArrivedUnit[], planned: number, horizonMs: number): ArrivalRow[] {
  const first = Math.min(...units.map((unit) => unit.firstSeenMs))
  const arms = [...new Set(units.map((unit) => unit.arm))].sort((a, b) => a - b)
  return arms.map((arm) => {
    const times = units.filter((unit) => unit.arm === arm).map((unit) => unit.firstSeenMs)
    times.sort((a, b) => a - b)
    return {
      arm,
      units: times.length,
      first_ms: times[0] ?? Number.NaN,
      last_ms: times.at(-1) ?? Number.NaN,
      last_within_ms: Math.max(...times.filter((time) => time <= first + horizonMs)),
      earliest_ms: times.slice(0, planned),
      conflict_spans: arm === 0 ? 3 : 0,
      conflict_llm: arm === 0 ? 1 : 0,
      conflict_analysed: arm === 0 ? 2 : 0,
    }
  })
}

describe('readArrivals', () => {
  const units: ArrivedUnit[] = Array.from({ length: 60 }, (_, index) => ({
    arm: index % 5 === 4 ? -1 : index % 2,
    firstSeenMs: TEST_START_MS + index * HOUR_MS,
  }))

  it('finds the moment findHorizonCut finds on the same units, by planned units and by horizon_days', () => {
    for (const analysis of [
      { min_units_per_arm: 5, max_units_per_arm: 10, horizon_days: 30 },
      { horizon_days: 1 },
      { min_units_per_arm: 5, max_units_per_arm: 100, horizon_days: 30 },
    ]) {
      const experiment = buildExperiment({ analysis })
      const { horizonDays, maxUnitsPerArm } = experiment.analysis
      const depth = arrivalsDepth({ plannedUnitsPerArm: maxUnitsPerArm, horizonMs: horizonDays * 86_400_000 })
      const reading = readArrivals(experiment, undefined, arrivalRows(units, depth, horizonDays * 86_400_000))
      const cut = findHorizonCut(experiment, units)
      expect(reading.moment).toEqual(
        cut === undefined ? undefined : { by: cut.by, days: cut.days, atMs: cut.atMs },
      )
    }
  })

  it('counts the units, the sessions with an arm and the conflicts over the whole window', () => {
    const experiment = buildExperiment({ analysis: { horizon_days: 30 } })
    const reading = readArrivals(experiment, undefined, arrivalRows(units, 1, 30 * 86_400_000))
    expect(reading).toMatchObject({
      moment: undefined,
      arrivedUnits: 60,
      armUnits: 48,
      conflicts: { spans: 3, llm: 1, analysed: 2 },
    })
  })
})
