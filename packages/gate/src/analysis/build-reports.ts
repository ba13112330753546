import type { Experiment } from '@llm-canary/core'
import type { AgentReport, ArmReport } from '../types.ts'
import type { FeedbackFigure } from './analysis-types.ts'
import type { ObservationScope } from './observation-scope.ts'

/**
 * The report's arms: every arm of the experiment in its order, with its figures (a shadow-measured
 * candidate's from its shadow pairs). For control, `citationStability` is the control-vs-control agreement
 * on identical inputs, the baseline the candidate's is read against.
 *
 * @param experiment - The experiment.
 * @param scope - The experiment-level accumulators.
 * @returns One report per arm.
 */
export function buildArmReports(experiment: Experiment, scope: ObservationScope): ArmReport[] {
  return experiment.arms.map((spec, index) => ({
    arm: spec.name,
    model: spec.model.id,
    weight: spec.weight,
    source: scope.isShadowMeasured(index) ? 'shadow' : 'traffic',
    ...scope.reported(index).figures(),
  }))
}

/**
 * The report's agents: every arm × agent with data, agents by name then arms in experiment order.
 *
 * @param experiment - The experiment (for the served model under `scope.agents`).
 * @param agents - Per-agent accumulators.
 * @returns One report per arm × agent with units.
 */
export function buildAgentReports(
  experiment: Experiment,
  agents: ReadonlyMap<string, ObservationScope>,
): AgentReport[] {
  const reports: AgentReport[] = []
  for (const [agent, scope] of agents) {
    experiment.arms.forEach((spec, index) => {
      const accumulators = scope.reported(index)
      if (accumulators.units === 0) return
      const servedModel = describeServedModel(experiment, index, agent)
      reports.push({
        arm: spec.name,
        agent,
        ...(servedModel === undefined ? {} : { servedModel }),
        ...accumulators.figures(),
      })
    })
  }
  return reports
}

/**
 * Mean feedback per arm and per arm × agent, for `analyzeSpansInDetail`.
 *
 * @param experiment - The experiment.
 * @param arms - Experiment-level accumulators.
 * @param agents - Per-agent accumulators.
 * @returns Feedback figures where there is feedback.
 */
export function buildFeedback(
  experiment: Experiment,
  arms: ObservationScope,
  agents: ReadonlyMap<string, ObservationScope>,
): FeedbackFigure[] {
  const figures: FeedbackFigure[] = []
  const scopes: [string | undefined, ObservationScope][] = [[undefined, arms], ...agents]
  for (const [agent, scope] of scopes) {
    experiment.arms.forEach((spec, index) => {
      const feedback = scope.reported(index).feedbackScore()
      if (feedback === undefined) return
      figures.push({ arm: spec.name, ...(agent === undefined ? {} : { agent }), ...feedback })
    })
  }
  return figures
}

/** The model an agent gets in an arm, from the configuration: the arm's, or control's outside `scope.agents`. */
function describeServedModel(experiment: Experiment, arm: number, agent: string): string | undefined {
  const spec = experiment.arms[arm]
  if (spec === undefined) return undefined
  const scope = experiment.scopeAgents
  if (scope === undefined || scope.includes(agent)) return spec.model.id
  return experiment.control.model.id
}
