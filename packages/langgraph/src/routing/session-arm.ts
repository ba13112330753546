import type { SessionArm } from '../types.ts'
import { STATE_KEY } from '../types.ts'

/**
 * Checks that a value read back from graph state (or a checkpoint) is a whole `SessionArm`.
 *
 * @param value - Anything: state is untyped once it has been through a checkpointer.
 * @returns True when every field of `SessionArm` is present with its type.
 */
export function isSessionArm(value: unknown): value is SessionArm {
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
    typeof arm.conversationId === 'string' &&
    typeof arm.killSwitch === 'boolean'
  )
}

/**
 * The one `SessionArm` parser: the value itself when it is a whole `SessionArm` (see `isSessionArm`).
 *
 * @param value - The value under `llmCanary` in graph state, or under `session` in shadow metadata.
 * @returns The session's arm, or undefined when the value is not a well-formed `SessionArm`.
 * @example
 * parseSessionArm(state.llmCanary)?.arm // 'candidate'
 */
export function parseSessionArm(value: unknown): SessionArm | undefined {
  return isSessionArm(value) ? value : undefined
}

/**
 * Reads the session's arm for one experiment from graph state (the `llmCanary` field).
 *
 * @param state - The node's state, or any object that may carry `llmCanary`.
 * @param experimentId - The experiment whose assignment is wanted.
 * @returns The stored arm, or `undefined` when the state holds none, a malformed one, or one of
 *   another experiment.
 * @example
 * const arm = readSessionArm(state, experiment.id) // { arm: 'candidate', conversationId: '3f2a…', … }
 */
export function readSessionArm(state: unknown, experimentId: string): SessionArm | undefined {
  if (typeof state !== 'object' || state === null) return undefined
  const arm = parseSessionArm((state as Record<string, unknown>)[STATE_KEY])
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
 * // zod state: llmCanary: z.custom<SessionArm>().optional().register(registry, { reducer: { fn: keepSessionArm } })
 */
export function keepSessionArm(
  current: SessionArm | undefined,
  update: SessionArm | undefined,
): SessionArm | undefined {
  if (update === undefined || update === null) return current
  if (isSessionArm(current) && current.experiment === update.experiment) return current
  return update
}
