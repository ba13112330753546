import type { Experiment } from '@llm-canary/core'
import type { ModelFactory } from '@llm-canary/langgraph'
import type { Scenario } from './model-profiles.ts'
import { CANDIDATE_PROFILES, CONTROL_PROFILE } from './model-profiles.ts'
import { SimulatedChatModel } from './simulated-chat-model.ts'

/**
 * The model factory the demo gives `createArmModels`: instead of `initChatModel('openai:gpt-5')` it
 * builds a simulated model for each arm's model id, the control arm's with the control profile and
 * every other with the scenario's candidate profile.
 *
 * @param options - The experiment (which model is control), the scenario and the run's seed.
 * @returns The factory.
 * @example
 * const models = createArmModels({ experiment, factory: createSimulatedModelFactory({ experiment, scenario: 'healthy', seed: 1 }) })
 */
export function createSimulatedModelFactory(options: {
  readonly experiment: Experiment
  readonly scenario: Scenario
  readonly seed: number
}): ModelFactory {
  const { experiment, scenario, seed } = options
  const controlModel = experiment.control.model.id
  return (modelRef) =>
    new SimulatedChatModel({
      modelRef,
      behaviour: modelRef.id === controlModel ? CONTROL_PROFILE : CANDIDATE_PROFILES[scenario],
      seed,
    })
}
