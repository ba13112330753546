import type { Experiment } from '@llm-canary/core'
import {
  ATTR_FEATURE_FLAG_KEY,
  ATTR_FEATURE_FLAG_VARIANT,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_KILL_SWITCH,
} from '@llm-canary/core'
import type { Attributes } from '@opentelemetry/api'
import { parseUnitArm } from '../routing/unit-arm.ts'
import type { ShadowCallMetadata, UnitArm } from '../types.ts'
import { METADATA_KEY, STATE_KEY } from '../types.ts'

/**
 * Finds the session in a chain run's inputs or outputs: graph state under `llmCanary`, or a
 * `Command({ update: { llmCanary } })` a node returned.
 *
 * @param values - `handleChainStart` inputs or `handleChainEnd` outputs.
 * @returns The session, or undefined when the values carry none.
 */
export function findUnitArmInChainValues(values: unknown): UnitArm | undefined {
  if (typeof values !== 'object' || values === null) return undefined
  const direct = (values as Record<string, unknown>)[STATE_KEY]
  if (direct !== undefined) return parseUnitArm(direct)
  const update = (values as { update?: unknown }).update
  if (typeof update === 'object' && update !== null) {
    return parseUnitArm((update as Record<string, unknown>)[STATE_KEY])
  }
  return undefined
}

/**
 * Reads the shadow-call metadata our shadow runner attaches to the candidate half of a pair.
 *
 * @param metadata - A run's callback metadata.
 * @returns The metadata when it is a well-formed shadow call, else undefined.
 */
export function readShadowMetadata(
  metadata: Readonly<Record<string, unknown>> | undefined,
): ShadowCallMetadata | undefined {
  const raw = metadata?.[METADATA_KEY]
  if (typeof raw !== 'object' || raw === null) return undefined
  const shadow = raw as Partial<Record<keyof ShadowCallMetadata, unknown>>
  const unitArm = parseUnitArm(shadow.unitArm)
  const wellFormed =
    shadow.shadow === true &&
    unitArm !== undefined &&
    typeof shadow.servedArm === 'string' &&
    typeof shadow.pairId === 'string' &&
    (shadow.agent === undefined || typeof shadow.agent === 'string')
  return wellFormed ? (raw as ShadowCallMetadata) : undefined
}

/**
 * Whether a session belongs to the handler's experiment (another experiment's arm is ignored).
 *
 * @param experiment - The handler's experiment.
 * @param unitArm - A session read from state or metadata.
 * @returns True when the session's experiment id is the experiment's.
 */
export function isUnitArmOf(experiment: Experiment, unitArm: UnitArm): boolean {
  return unitArm.experiment === experiment.id
}

/**
 * The attributes every span of a session carries: experiment id, arm, keyed conversation id, and the
 * kill switch when it sent the session to control. The raw unit id is never among them.
 *
 * @param unitArm - The unit's arm.
 * @returns A frozen attribute set, shared by all spans of the session.
 */
export function toUnitAttributes(unitArm: UnitArm): Attributes {
  const attributes: Attributes = {
    [ATTR_FEATURE_FLAG_KEY]: unitArm.experiment,
    [ATTR_FEATURE_FLAG_VARIANT]: unitArm.arm,
    [ATTR_GEN_AI_CONVERSATION_ID]: unitArm.unitHash,
  }
  if (unitArm.killSwitch) attributes[ATTR_KILL_SWITCH] = true
  return Object.freeze(attributes)
}
