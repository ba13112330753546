import type { Experiment } from '@llm-canary/core'
import type { HorizonCut, HorizonPlan, UnitArrivals } from '../../analysis/horizon-cut.ts'
import { findHorizonMoment, planHorizon } from '../../analysis/horizon-cut.ts'
import type { ArrivalRow } from './summary-rows.ts'

/** Where the push-down stops: the horizon's moment (if the units reach past it) and what the window holds. */
export interface ArrivalsReading {
  /** The horizon, without its unit count (the summary query counts the units up to `atMs`). */
  readonly moment: Omit<HorizonCut, 'units'> | undefined
  /** Units in the window (sessions with an arm and shadow-only sessions). */
  readonly arrivedUnits: number
  /** Sessions with an arm, as the extraction counts them. */
  readonly armUnits: number
  /** Spans, analysed spans and LLM spans of sessions whose spans name more than one arm. */
  readonly conflicts: { readonly spans: number; readonly analysed: number; readonly llm: number }
}

/**
 * The planned units per arm the arrivals query collects the earliest first-seen times of (1 without a
 * plan: the query needs a positive size).
 *
 * @param plan - From `planHorizon`, or undefined.
 * @returns A positive whole number.
 */
export function arrivalsDepth(plan: HorizonPlan | undefined): number {
  return Math.max(1, plan?.plannedUnitsPerArm ?? 1)
}

/**
 * Reads the arrivals query's rows (one per arm, -1 for shadow-only units) into the horizon's moment by
 * the same rule the file path uses (`findHorizonMoment`), and the counts the summary needs.
 *
 * @param experiment - The experiment (method, plan, horizon, arms).
 * @param plannedUnitsPerArm - The caller's plan, if any.
 * @param rows - The arrivals rows.
 * @returns What the rows say.
 */
export function readArrivals(
  experiment: Experiment,
  plannedUnitsPerArm: number | undefined,
  rows: readonly ArrivalRow[],
): ArrivalsReading {
  const plan = planHorizon(experiment, plannedUnitsPerArm)
  const sum = (value: (row: ArrivalRow) => number, of = rows): number =>
    of.reduce((total, row) => total + value(row), 0)
  const units = sum((row) => row.units)
  const armRows = rows.filter((row) => row.arm >= 0)
  const planned = plan?.plannedUnitsPerArm
  const arrivals: UnitArrivals = {
    units,
    firstMs: units === 0 ? Number.NaN : Math.min(...rows.map((row) => row.first_ms)),
    lastMs: units === 0 ? Number.NaN : Math.max(...rows.map((row) => row.last_ms)),
    lastWithinHorizonMs: Math.max(...rows.map((row) => row.last_within_ms)),
    plannedReachedMs: experiment.arms.map((_, arm) => {
      const earliest = rows.find((row) => row.arm === arm)?.earliest_ms ?? []
      return planned !== undefined && earliest.length >= planned
        ? (earliest[planned - 1] ?? Number.NaN)
        : Number.NaN
    }),
  }
  return {
    moment: plan === undefined ? undefined : findHorizonMoment(experiment, plan, arrivals),
    arrivedUnits: units,
    armUnits: sum((row) => row.units, armRows),
    conflicts: {
      spans: sum((row) => row.conflict_spans),
      analysed: sum((row) => row.conflict_analysed),
      llm: sum((row) => row.conflict_llm),
    },
  }
}
