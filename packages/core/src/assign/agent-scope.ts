import { CoreError } from '../errors.ts'
import type { ArmAssignment, Experiment } from '../types.ts'

/** The arm and model one agent (graph node) of a session uses. */
export interface AgentModel {
  /** The arm whose model the agent uses: the assigned arm, or control when the agent is out of scope. */
  readonly arm: string
  /** That arm's model id (`openai:gpt-5`). */
  readonly model: string
  /** False when the experiment's `scope.agents` is set and does not list this agent. */
  readonly inScope: boolean
}

/**
 * Picks the model one agent of a session uses. With `scope.agents` set, only the listed agents get
 * the session's arm; every other agent keeps the control model. Without it, every agent is in scope.
 *
 * @param experiment - The experiment the assignment belongs to.
 * @param assignment - The session's assignment (`assignArm` / `Assigner.assign`), as kept in graph state.
 * @param agentName - The graph node name (`gen_ai.agent.name`).
 * @returns The arm and model for this agent, and whether the agent is in the experiment's scope.
 * @throws {CoreError} `INVALID_ARGUMENT` when the assignment belongs to another experiment.
 * @example
 * const { model } = modelForAgent(experiment, state.assignment, 'summarizer')
 */
export function modelForAgent(
  experiment: Experiment,
  assignment: ArmAssignment,
  agentName: string,
): AgentModel {
  if (assignment.experiment !== experiment.id) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `the assignment belongs to experiment ${JSON.stringify(assignment.experiment)}, not ` +
        `${JSON.stringify(experiment.id)}; pass the assignment made for this experiment`,
    )
  }
  const scope = experiment.scopeAgents
  if (scope === undefined || scope.includes(agentName)) {
    return { arm: assignment.arm, model: assignment.model, inScope: true }
  }
  const { control } = experiment
  return { arm: control.name, model: control.model.id, inScope: false }
}
