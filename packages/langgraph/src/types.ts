/**
 * Public types of `@llm-canary/langgraph`, and the contract between the router (which assigns a
 * unit to an arm) and the callback handler (which turns the unit's runs into spans).
 */
import type { ArmAssignment } from '@llm-canary/core'

/**
 * A unit's arm, as the router node writes it into graph state (under `llmCanary`) so a
 * checkpointed thread keeps it, and as arm-aware models attach it to their runs.
 */
export interface UnitArm extends ArmAssignment {
  /**
   * Keyed hash of the unit id (HMAC-SHA256, hex, 32 chars): exported as `gen_ai.conversation.id`.
   * The raw unit id never leaves the process.
   */
  readonly unitHash: string
  /** True when the kill switch sent this unit to control instead of its hashed arm. */
  readonly killSwitch: boolean
}

/**
 * What our own background runs (the candidate half of a shadow pair) carry in their `metadata` under
 * `METADATA_KEY`. User runs need no metadata: the handler learns the unit's arm from graph state
 * (`STATE_KEY` in a chain's inputs or outputs) and derives the served arm from the agent scope.
 */
export interface ShadowCallMetadata {
  readonly unitArm: UnitArm
  /** The candidate arm this shadow call serves. */
  readonly servedArm: string
  /** The graph node (agent) whose call is replayed. */
  readonly agent: string | undefined
  /** Always true: never returned to the user. */
  readonly shadow: true
  /** Shared by both halves of the pair (the primary LLM run's id). */
  readonly pairId: string
}

/** The metadata key under which a shadow run carries its `ShadowCallMetadata`. */
export const METADATA_KEY = 'llm_canary'

/** The graph-state key under which the router node stores the unit's `UnitArm`. */
export const STATE_KEY = 'llmCanary'

/** One finished LLM call, as the handler reports it to observers (the kill switch is one). */
export interface CallOutcome {
  readonly experiment: string
  readonly arm: string
  readonly servedArm: string
  readonly model: string
  readonly latencyMs: number
  readonly error: boolean
  readonly shadow: boolean
}

/** Receives every finished LLM call; must not throw (errors are caught and logged). */
export type CallObserver = (outcome: CallOutcome) => void

/** A primary LLM call the handler saw start, offered to the shadow runner. */
export interface PrimaryCall {
  readonly unitArm: UnitArm
  readonly agent: string | undefined
  /** The run id of the primary call; becomes the pair id. */
  readonly runId: string
  /** The chat messages of the call (as `handleChatModelStart` received them). */
  readonly messages: readonly unknown[]
  /** The call's invocation parameters (tools, temperature...), when LangChain passed them. */
  readonly invocationParams: Readonly<Record<string, unknown>> | undefined
}

/**
 * Replays sampled control calls to a candidate in the background (shadow pairs). The handler calls
 * `maybeShadow` on every primary chat-model start of a session with `shadowArms`; it must return
 * at once (never await the candidate) and never throw.
 */
export interface ShadowRunner {
  /** @returns the pair id when a shadow call was started, else undefined. */
  maybeShadow(call: PrimaryCall): string | undefined
}
