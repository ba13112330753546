import type { ArmAssignment, Assigner, Experiment } from '@llm-canary/core'
import type { KillSwitch } from '../kill-switch/kill-switch-types.ts'
import type { UnitArm } from '../types.ts'
import type { HashKey } from './unit-hash.ts'
import { hashUnitId } from './unit-hash.ts'

/** A unit's assignment after the kill switch had its say. */
export interface DivertedAssignment {
  readonly assignment: ArmAssignment
  /** True when the kill switch moved the unit from its hashed candidate to control. */
  readonly killSwitch: boolean
}

/**
 * Applies the kill switch to a fresh assignment: a tripped switch sends a watched candidate's unit
 * to control (flagged) and drops watched candidates from a control unit's shadow arms.
 *
 * @param experiment - The experiment of the assignment.
 * @param assignment - The hashed assignment.
 * @param killSwitch - The switch, if any.
 * @returns The assignment to store, and whether the switch changed the arm.
 */
export function divertAssignment(
  experiment: Experiment,
  assignment: ArmAssignment,
  killSwitch: KillSwitch | undefined,
): DivertedAssignment {
  if (killSwitch === undefined) return { assignment, killSwitch: false }
  const { control } = experiment
  if (assignment.arm !== control.name && killSwitch.diverts(assignment.arm)) {
    const diverted = { ...assignment, arm: control.name, model: control.model.id, shadowArms: [] }
    return { assignment: diverted, killSwitch: true }
  }
  const shadowArms = assignment.shadowArms.filter((arm) => !killSwitch.diverts(arm))
  if (shadowArms.length === assignment.shadowArms.length) return { assignment, killSwitch: false }
  return { assignment: { ...assignment, shadowArms }, killSwitch: false }
}

/**
 * Assigns a new unit: hash the unit id to an arm, apply the kill switch, and key-hash the id into
 * its unit hash (the raw id is not kept).
 *
 * @param input - The assigner (built once per experiment), the unit id, the hash key and the switch.
 * @returns The `UnitArm` to write into graph state.
 * @throws {CoreError} `UNIT_ID_INVALID` from core for an empty id.
 */
export function assignUnit(input: {
  readonly assigner: Assigner
  readonly unitId: string
  readonly hashKey: HashKey
  readonly killSwitch: KillSwitch | undefined
}): UnitArm {
  const { assigner, unitId, hashKey, killSwitch } = input
  const diverted = divertAssignment(assigner.experiment, assigner.assign(unitId), killSwitch)
  return {
    ...diverted.assignment,
    unitHash: hashUnitId(hashKey, unitId),
    killSwitch: diverted.killSwitch,
  }
}
