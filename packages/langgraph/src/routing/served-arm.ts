import type { Arm, ArmAssignment, Experiment } from '@llm-canary/core'
import { findArm, modelForAgent } from '@llm-canary/core'

/** The arm that serves one agent of a session. */
export interface ServedArm {
  /** The arm whose model serves the agent. */
  readonly arm: Arm
  /** False when the experiment's scope leaves this agent (or an unknown agent) on control. */
  readonly inScope: boolean
}

/**
 * Picks the arm that serves one agent of a unit: the unit's arm for agents in the experiment's
 * scope (core's `modelForAgent`), control for the others. An agent that cannot be named counts as
 * out of scope when the experiment has a scope. A unit arm the experiment no longer has (removed
 * by a revert) is served by control. The arm's model is the current experiment's, not the one stored
 * with the session. The router's models and the handler's `llm_canary.served_arm` must agree, so both
 * use this.
 *
 * @param experiment - The experiment.
 * @param unitArm - The session's assignment (from graph state).
 * @param agent - The agent name (`agentNameOf(metadata)`), when known.
 * @returns The serving arm and whether the agent is in scope.
 * @throws {CoreError} `INVALID_ARGUMENT` when the session belongs to another experiment.
 * @example
 * selectServedArm(experiment, state.llmCanary, 'summarizer') // { arm: { name: 'control', … }, inScope: false }
 */
export function selectServedArm(
  experiment: Experiment,
  assignment: ArmAssignment,
  agent: string | undefined,
): ServedArm {
  // No scope lists the empty name, so an unknown agent of a scoped experiment gets control.
  const served = modelForAgent(experiment, assignment, agent ?? '')
  const arm = findArm(experiment, served.arm) ?? experiment.control
  return { arm, inScope: served.inScope }
}
