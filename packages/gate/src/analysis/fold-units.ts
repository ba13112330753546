import type { Experiment } from '@llm-canary/core'
import { createCellRow } from './cell-pool.ts'
import { ObservationScope } from './observation-scope.ts'
import type { OutlierFlags } from './outlier-screen.ts'
import { OutlierScreen, screenMeasures } from './outlier-screen.ts'
import type { ImplausibleTally } from './plausibility.ts'
import { measureAgentUnit, measureArmUnit, measureShadowUnit } from './unit-measures.ts'
import type { UnitEntry, UnitTable } from './unit-table.ts'
import { parseShadowKey } from './unit-table.ts'

/** The accumulators after folding every session: the whole experiment, and one scope per agent. */
export interface FoldedUnits {
  readonly arms: ObservationScope
  /** Per agent (graph node), sorted by name; sessions' calls without `gen_ai.agent.name` are in no agent. */
  readonly agents: ReadonlyMap<string, ObservationScope>
}

/** Inputs of `foldUnits`. */
export interface FoldOptions {
  readonly experiment: Experiment
  readonly table: UnitTable
  /** The sessions to fold, in the order the looks should see them (first seen first). */
  readonly sessions: readonly UnitEntry[]
  /** Session counts after which to call `onLook` (ascending). */
  readonly looks?: readonly number[]
  /**
   * Called after the sessions up to a look are folded, with the experiment-level scope as it is then; it
   * must read what it needs at once (the accumulators keep growing).
   */
  readonly onLook?: (scope: ObservationScope, folded: number, last: UnitEntry) => void
  /** Where the sessions' outliers (values over `outlierFactor` × their arm's median) are counted. */
  readonly implausible: ImplausibleTally
}

/**
 * Folds sessions into per-arm and per-agent accumulators, in order, calling `onLook` at the requested
 * counts so the interval history replays the data as it arrived. A session's latency, TTFT or cost per
 * call that is an outlier of its arm (`OutlierScreen`) is set aside at the arm and the agent level alike.
 *
 * @param options - Experiment, table, ordered sessions and looks.
 * @returns The experiment-level and per-agent scopes.
 * @example
 * const { arms, agents } = foldUnits({ experiment, table, sessions, implausible })
 */
export function foldUnits(options: FoldOptions): FoldedUnits {
  const { experiment, table, sessions, looks = [], onLook } = options
  const screen = OutlierScreen.build(table, sessions, experiment.arms.length, options.implausible)
  const arms = new ObservationScope(experiment)
  const agents = new Map<string, ObservationScope>()
  const agentScope = (agent: string): ObservationScope => {
    let scope = agents.get(agent)
    if (scope === undefined) {
      scope = new ObservationScope(experiment)
      agents.set(agent, scope)
    }
    return scope
  }
  let nextLook = 0
  sessions.forEach((unit, index) => {
    foldUnit(unit, { experiment, table, arms, agentScope, screen })
    while (nextLook < looks.length && (looks[nextLook] ?? Number.POSITIVE_INFINITY) <= index + 1) {
      onLook?.(arms, index + 1, unit)
      nextLook += 1
    }
  })
  return { arms, agents: new Map([...agents].sort((a, b) => a[0].localeCompare(b[0]))) }
}

interface FoldTarget {
  readonly experiment: Experiment
  readonly table: UnitTable
  readonly arms: ObservationScope
  readonly agentScope: (agent: string) => ObservationScope
  readonly screen: OutlierScreen
}

// Scratch rows reused for every session: folding 100 000 sessions should not allocate 200 000 rows.
const trafficRow = createCellRow()
const agentRow = createCellRow()

function foldUnit(unit: UnitEntry, target: FoldTarget): void {
  const { pool } = target.table
  trafficRow.fill(0)
  for (const cell of unit.cells) pool.addInto(cell, trafficRow)
  if (unit.arm >= 0) {
    const measures = measureArmUnit(trafficRow)
    const flags: OutlierFlags = target.screen.judge(unit.arm, measures)
    target.arms.group(unit.arm).traffic.add(screenMeasures(measures, flags))
    unit.agents.forEach((agent, index) => {
      if (agent === '') return
      agentRow.fill(0)
      pool.addInto(unit.cells[index] ?? -1, agentRow)
      target
        .agentScope(agent)
        .group(unit.arm)
        .traffic.add(screenMeasures(measureAgentUnit(agentRow), flags))
    })
  }
  if (unit.shadowKeys !== undefined) foldShadow(unit, trafficRow, target)
}

function foldShadow(unit: UnitEntry, traffic: Float64Array, target: FoldTarget): void {
  const { pool } = target.table
  const byArm = new Map<number, { candidate: Float64Array; pairedControl: Float64Array }>()
  unit.shadowKeys?.forEach((key, index) => {
    const { arm, agent } = parseShadowKey(key)
    const candidateCell = unit.shadowCells?.[2 * index] ?? -1
    const pairedCell = unit.shadowCells?.[2 * index + 1] ?? -1
    let rows = byArm.get(arm)
    if (rows === undefined) {
      rows = { candidate: createCellRow(), pairedControl: createCellRow() }
      byArm.set(arm, rows)
    }
    pool.addInto(candidateCell, rows.candidate)
    pool.addInto(pairedCell, rows.pairedControl)
    if (agent === '') return
    const agentRows = {
      candidate: pool.addInto(candidateCell, createCellRow()),
      pairedControl: pool.addInto(pairedCell, createCellRow()),
      traffic: undefined,
    }
    addShadowRows(target.agentScope(agent), arm, agentRows, target.experiment)
  })
  for (const [arm, rows] of byArm) addShadowRows(target.arms, arm, { ...rows, traffic }, target.experiment)
}

function addShadowRows(
  scope: ObservationScope,
  arm: number,
  rows: Parameters<typeof measureShadowUnit>[0],
  experiment: Experiment,
): void {
  const group = scope.group(arm)
  const measures = measureShadowUnit(rows)
  if ((experiment.arms[arm]?.weight ?? 0) > 0) {
    // A candidate with traffic of its own is measured on its sessions; its shadow pairs still compare its
    // citations with control's on identical inputs.
    group.traffic.addCitations(measures.candidate.citationSum, measures.candidate.citationPairs)
    return
  }
  group.shadow.add(measures.candidate)
  group.pairedControl.add(measures.pairedControl)
}
