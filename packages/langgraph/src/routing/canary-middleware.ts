import type { RunnableConfig } from '@langchain/core/runnables'
import { StateSchema } from '@langchain/langgraph'
import type { Experiment } from '@llm-canary/core'
import { createAssigner } from '@llm-canary/core'
import { createMiddleware } from 'langchain'
import type { KillSwitch } from '../kill-switch/kill-switch-types.ts'
import type { UnitArm } from '../types.ts'
import { STATE_KEY } from '../types.ts'
import { createArmModels } from './arm-models.ts'
import { assignUnit } from './assign-unit.ts'
import { defaultModelFactory } from './lazy-chat-model.ts'
import { llmCanaryValue } from './llm-canary-state.ts'
import type { ModelFactory } from './model-cache.ts'
import { agentNameOf, currentConfig } from './runnable-config.ts'
import { readUnitArm } from './unit-arm.ts'
import type { HashKey } from './unit-hash.ts'
import { assertHashKey } from './unit-hash.ts'
import { resolveUnitId } from './unit-id.ts'

/** What a middleware hook knows about the run besides state (a subset of langchain's `Runtime`). */
export interface CanaryMiddlewareRuntime {
  /** `config.configurable` of the invocation (`thread_id`, …). */
  readonly configurable?: Readonly<Record<string, unknown>> | undefined
  /** The invocation's `context`. */
  readonly context?: unknown
}

/** Picks the unit id of an agent run; return undefined to use `configurable.thread_id`. */
export type MiddlewareUnitIdResolver = (
  state: Readonly<Record<string, unknown>>,
  runtime: CanaryMiddlewareRuntime,
) => string | undefined

/** Options of `llmCanaryMiddleware`. */
export interface CanaryMiddlewareOptions {
  /** The validated experiment. */
  readonly experiment: Experiment
  /** Secret key of the HMAC that turns the unit id into `unitHash`. */
  readonly hashKey: HashKey
  /** Picks the unit id (e.g. a user id from `runtime.context`); the thread id when omitted. */
  readonly unitId?: MiddlewareUnitIdResolver
  /** Builds each arm's model; a lazy `initChatModel('provider:model')` when omitted. */
  readonly factory?: ModelFactory
  /** When tripped, new units that hash to a watched candidate go to control. */
  readonly killSwitch?: KillSwitch
}

/**
 * `createAgent` middleware (langchain v1) that runs an agent under the experiment. `beforeAgent`
 * assigns the unit once and stores its `UnitArm` under `llmCanary` in the agent state (a
 * field this middleware declares, with the keep-first reducer, so a checkpointed thread keeps its
 * arm); `wrapModelCall` swaps `request.model` for the served arm's model, unbound: the agent binds
 * its tools (and structured output) to it as usual. The agent name for `scope.agents` is the
 * `createAgent` `name`, else the node name (`model_request`).
 *
 * Every arm is served by the factory's model, control too: the `model` given to `createAgent` is
 * replaced on every call, so the experiment file, not the code, decides the models.
 *
 * @param options - The experiment, the hash key, and optionally the unit id function, model factory and kill switch.
 * @returns The middleware, for `createAgent({ middleware: [...] })`.
 * @throws {CanaryError} `INVALID_OPTION` for an empty hash key; `MODEL_PROVIDER_UNSUPPORTED` (see
 *   `createArmModels`). Its hooks throw `UNIT_ID_MISSING` when no unit id is found.
 * @example
 * const agent = createAgent({
 *   model: 'openai:gpt-4.1',
 *   tools,
 *   middleware: [llmCanaryMiddleware({ experiment, hashKey: process.env.CANARY_HASH_KEY! })],
 *   checkpointer,
 * })
 * await agent.invoke({ messages }, { configurable: { thread_id }, callbacks: [handler] })
 */
export function llmCanaryMiddleware(options: CanaryMiddlewareOptions) {
  const { experiment, hashKey, killSwitch } = options
  assertHashKey(hashKey)
  const models = createArmModels({ experiment, factory: options.factory ?? defaultModelFactory })
  const assigner = createAssigner(experiment)
  killSwitch?.useExperiment(experiment)

  const assignFrom = (
    state: Readonly<Record<string, unknown>>,
    runtime: CanaryMiddlewareRuntime,
  ): UnitArm => {
    const config: RunnableConfig =
      runtime.configurable === undefined ? {} : { configurable: { ...runtime.configurable } }
    const userUnitId = options.unitId
    const unitId = resolveUnitId({
      experiment,
      unitId:
        userUnitId === undefined ? undefined : (current: object) => userUnitId(current as never, runtime),
      state,
      config,
    })
    return assignUnit({ assigner, unitId, hashKey, killSwitch })
  }

  return createMiddleware({
    name: 'LlmCanaryMiddleware',
    stateSchema: new StateSchema({ [STATE_KEY]: llmCanaryValue }),
    beforeAgent: (state, runtime) => {
      if (readUnitArm(state, experiment.id) !== undefined) return undefined
      return { [STATE_KEY]: assignFrom(state, runtime) }
    },
    wrapModelCall: (request, handler) => {
      // beforeAgent stored the arm in this run; recompute only if state lost it (never reassigns a stored one).
      const unitArm = readUnitArm(request.state, experiment.id) ?? assignFrom(request.state, request.runtime)
      const agent = agentNameOf(currentConfig(undefined)?.metadata)
      return handler({ ...request, model: models.modelForAssignment(unitArm, agent) })
    },
  })
}
