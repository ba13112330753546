import type { UnitArm } from '../types.ts'
import { STATE_KEY } from '../types.ts'

/**
 * Checks that a value read back from graph state (or a checkpoint) is a whole `UnitArm`.
 *
 * @param value - Anything: state is untyped once it has been through a checkpointer.
 * @returns True when every field of `UnitArm` is present with its type.
 */
export function isUnitArm(value: unknown): value is UnitArm {
  if (typeof value !== 'object' || value === null) return false
  const arm = value as Record<string, unknown>
  return (
    typeof arm.experiment === 'string' &&
    typeof arm.arm === 'string' &&
    typeof arm.model === 'string' &&
    typeof arm.bucket === 'number' &&
    typeof arm.hashVersion === 'number' &&
    Array.isArray(arm.shadowArms) &&
    arm.shadowArms.every((name) => typeof name === 'string') &&
    typeof arm.unitHash === 'string' &&
    typeof arm.killSwitch === 'boolean'
  )
}

/**
 * The one `UnitArm` parser: the value itself when it is a whole `UnitArm` (see `isUnitArm`).
 *
 * @param value - The value under `llmCanary` in graph state, or under `session` in shadow metadata.
 * @returns The unit's arm, or undefined when the value is not a well-formed `UnitArm`.
 * @example
 * parseUnitArm(state.llmCanary)?.arm // 'candidate'
 */
export function parseUnitArm(value: unknown): UnitArm | undefined {
  if (isUnitArm(value)) return value
  // State checkpointed before 0.2 names the unit hash `conversationId`: read it as the same arm.
  if (typeof value !== 'object' || value === null) return undefined
  const { conversationId, ...rest } = value as Record<string, unknown>
  const upgraded = { ...rest, unitHash: conversationId }
  return typeof conversationId === 'string' && isUnitArm(upgraded) ? upgraded : undefined
}

/**
 * Reads the unit's arm for one experiment from graph state (the `llmCanary` field).
 *
 * @param state - The node's state, or any object that may carry `llmCanary`.
 * @param experimentId - The experiment whose assignment is wanted.
 * @returns The stored arm, or `undefined` when the state holds none, a malformed one, or one of
 *   another experiment.
 * @example
 * const arm = readUnitArm(state, experiment.id) // { arm: 'candidate', unitHash: '3f2a…', … }
 */
export function readUnitArm(state: unknown, experimentId: string): UnitArm | undefined {
  if (typeof state !== 'object' || state === null) return undefined
  const arm = parseUnitArm((state as Record<string, unknown>)[STATE_KEY])
  return arm?.experiment === experimentId ? arm : undefined
}

/**
 * The reducer of the `llmCanary` state field: the first assignment of an experiment wins, so a
 * checkpointed thread keeps its arm whatever later writes say. An assignment of a different
 * experiment (a new experiment id) replaces the old one.
 *
 * @param current - The stored value.
 * @param update - The value a node wrote.
 * @returns `current` when it is a valid assignment of the update's experiment, else `update`
 *   (or `current` when the update is empty).
 * @example
 * // zod state: llmCanary: z.custom<UnitArm>().optional().register(registry, { reducer: { fn: keepUnitArm } })
 */
export function keepUnitArm(current: UnitArm | undefined, update: UnitArm | undefined): UnitArm | undefined {
  if (update === undefined || update === null) return current
  const kept = parseUnitArm(current)
  if (kept !== undefined && kept.experiment === update.experiment) return kept
  return update
}
