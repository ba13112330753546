import type { BaseChatModel } from '@langchain/core/language_models/chat_models'
import type { RunnableConfig } from '@langchain/core/runnables'
import type { ArmAssignment, Experiment, ModelRef } from '@llm-canary/core'
import { createAssigner, findArm } from '@llm-canary/core'
import { CanaryError } from '../errors.ts'
import type { KillSwitch } from '../kill-switch/kill-switch-types.ts'
import { divertAssignment } from './assign-unit.ts'
import type { ModelFactory } from './model-cache.ts'
import { createModelCache } from './model-cache.ts'
import { agentNameOf, currentConfig } from './runnable-config.ts'
import { selectServedArm } from './served-arm.ts'
import { readUnitArm } from './unit-arm.ts'
import type { UnitIdResolver } from './unit-id.ts'
import { resolveUnitId } from './unit-id.ts'

/** Options of `createArmModels`. */
export interface ArmModelsOptions<S extends object = object> {
  /** The validated experiment. */
  readonly experiment: Experiment
  /**
   * Builds each arm's model from its `provider:model` id, e.g. `(model) => new ChatOpenAI({ model: model.name })`,
   * or `defaultModelFactory` from `@llm-canary/langgraph/init-chat-model` (langchain's `initChatModel`).
   */
  readonly factory: ModelFactory
  /** The router's unit id function, for nodes whose state lacks `llmCanary` (see `modelFor`). */
  readonly unitId?: UnitIdResolver<S>
  /** The router's kill switch, for the same fallback. */
  readonly killSwitch?: KillSwitch
}

/** Which arm serves one agent of one unit, and with which model. */
export interface ArmSelection {
  /** The unit's arm, as assigned (the variant on spans). */
  readonly assignedArm: string
  /** The arm whose model serves this agent: the unit's arm, or control outside the scope. */
  readonly servedArm: string
  readonly model: ModelRef
  /** The agent the choice was made for, when known. */
  readonly agent: string | undefined
  /** False when the experiment's scope leaves this agent on control. */
  readonly inScope: boolean
  /** False when the arm was recomputed from the unit id because state lacked `llmCanary`. */
  readonly fromState: boolean
}

/** Arm-aware model selection; see `createArmModels`. */
export interface ArmModels<S extends object = object> {
  readonly experiment: Experiment
  /**
   * The chat model that serves this node for this unit: a real `BaseChatModel` (bind tools on it).
   *
   * @param state - The node's state (with `llmCanary` when the graph declares it).
   * @param config - The node's config; LangGraph's current config when omitted.
   * @param agent - The agent name; `metadata.lc_agent_name`, else `metadata.langgraph_node`, when omitted.
   * @returns The served arm's model (cached per model id).
   * @throws {CanaryError} `AGENT_UNKNOWN` in a scoped experiment when the agent cannot be told;
   *   `UNIT_ID_MISSING` when state lacks `llmCanary` and no unit id is found; `MODEL_FACTORY_FAILED`.
   */
  modelFor(state: S, config?: RunnableConfig, agent?: string): BaseChatModel
  /**
   * Like `modelFor`, but says which arm was chosen and why instead of returning the model.
   *
   * @param state - The node's state.
   * @param config - The node's config.
   * @param agent - The agent name.
   * @returns The selection.
   * @throws {CanaryError} As `modelFor`, except `MODEL_FACTORY_FAILED`.
   */
  selectFor(state: S, config?: RunnableConfig, agent?: string): ArmSelection
  /**
   * The model serving one agent of a unit whose assignment is known.
   *
   * @param assignment - The unit's assignment.
   * @param agent - The agent name, when known.
   * @returns The served arm's model.
   * @throws {CanaryError} `AGENT_UNKNOWN`, `MODEL_FACTORY_FAILED`.
   */
  modelForAssignment(assignment: ArmAssignment, agent: string | undefined): BaseChatModel
  /**
   * One arm's model (the shadow runner calls candidates with it).
   *
   * @param arm - An arm name of the experiment.
   * @returns Its model, or undefined when the experiment has no such arm.
   * @throws {CanaryError} `MODEL_FACTORY_FAILED`.
   */
  modelForArm(arm: string): BaseChatModel | undefined
}

/**
 * Builds arm-aware model selection for an experiment. `modelFor(state, config)` returns the model
 * that serves the calling node: the unit's arm (from `state.llmCanary`), or control when the
 * experiment has `scope.agents` and this agent is not listed (core's `modelForAgent`). Models are
 * built lazily by `factory`, once per model id, and returned as real chat models.
 *
 * How the arm reaches every node: state carries `llmCanary` into the graph's nodes and into
 * subgraphs that declare the field (`llmCanaryState` / `llmCanaryValue`); `Send` fan-outs get it from
 * `sendWithArm`. When a node's state still lacks it, the assignment is recomputed from the unit id
 * (the `unitId` function, else `config.configurable.thread_id`): deterministic, so the same arm as
 * the router's, except when the kill switch tripped after the unit was assigned (the fallback then
 * says control) or the weights changed since (the fallback follows the new weights). Declare the
 * field in subgraphs to avoid both.
 *
 * An assigned arm that the experiment no longer has (removed by a revert) is served by control.
 * An arm's model comes from the current experiment, not the model id stored in state.
 *
 * @param options - The experiment and optionally the model factory, unit id function and kill switch.
 * @returns The selector.
 * @throws {CanaryError} `INVALID_OPTION` when the factory is missing or the experiment has no control
 *   arm; whatever the factory's `checkModels` throws (`MODEL_PROVIDER_UNSUPPORTED` for `defaultModelFactory`).
 * @example
 * const models = createArmModels({ experiment, factory: (model) => new ChatOpenAI({ model: model.name }) })
 * const agentNode = async (state: typeof State.State, config: LangGraphRunnableConfig) => {
 *   const model = models.modelFor(state, config).bindTools(tools)
 *   return { messages: [await model.invoke(state.messages, config)] }
 * }
 */
export function createArmModels<S extends object = object>(options: ArmModelsOptions<S>): ArmModels<S> {
  const { experiment, killSwitch } = options
  if (typeof options.factory !== 'function') {
    throw new CanaryError(
      'INVALID_OPTION',
      "createArmModels needs options.factory, which builds an arm's chat model from its model id: " +
        '(model) => new ChatOpenAI({ model: model.name }), or defaultModelFactory from ' +
        "'@llm-canary/langgraph/init-chat-model' (langchain's initChatModel)",
    )
  }
  options.factory.checkModels?.(experiment.arms.map((arm) => arm.model))
  const buildModel = createModelCache(options.factory)
  let assigner: ReturnType<typeof createAssigner> | undefined

  const selectForAssignment = (
    assignment: ArmAssignment,
    agent: string | undefined,
  ): Omit<ArmSelection, 'fromState'> => {
    assertAgentKnown(experiment, agent)
    const { arm, inScope } = selectServedArm(experiment, assignment, agent)
    return { assignedArm: assignment.arm, servedArm: arm.name, model: arm.model, agent, inScope }
  }

  const assignFromUnitId = (state: S, config: RunnableConfig | undefined): ArmAssignment => {
    assigner ??= createAssigner(experiment)
    const unitId = resolveUnitId({ experiment, unitId: options.unitId, state, config })
    return divertAssignment(experiment, assigner.assign(unitId), killSwitch).assignment
  }

  const selectFor = (state: S, config?: RunnableConfig, agent?: string): ArmSelection => {
    const resolved = currentConfig(config)
    const stored = readUnitArm(state, experiment.id)
    const assignment = stored ?? assignFromUnitId(state, resolved)
    const selection = selectForAssignment(assignment, agent ?? agentNameOf(resolved?.metadata))
    return { ...selection, fromState: stored !== undefined }
  }

  killSwitch?.useExperiment(experiment)

  return {
    experiment,
    selectFor,
    modelFor: (state, config, agent) => buildModel(selectFor(state, config, agent).model),
    modelForAssignment: (assignment, agent) => buildModel(selectForAssignment(assignment, agent).model),
    modelForArm(name) {
      const arm = findArm(experiment, name)
      return arm === undefined ? undefined : buildModel(arm.model)
    },
  }
}

/** In a scoped experiment the agent decides the model: refuse to guess it. */
function assertAgentKnown(experiment: Experiment, agent: string | undefined): void {
  if (agent !== undefined || experiment.scopeAgents === undefined) return
  throw new CanaryError(
    'AGENT_UNKNOWN',
    `cannot tell which agent is asking for a model: experiment ${JSON.stringify(experiment.id)} is scoped to agents ` +
      `${experiment.scopeAgents.join(', ')}, and config.metadata has no langgraph_node; pass the node's config ` +
      "(modelFor(state, config)) or the agent name (modelFor(state, config, 'extractor'))",
  )
}
