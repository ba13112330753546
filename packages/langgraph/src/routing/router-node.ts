import type { RunnableConfig } from '@langchain/core/runnables'
import type { Experiment } from '@llm-canary/core'
import { createAssigner } from '@llm-canary/core'
import type { KillSwitch } from '../kill-switch/kill-switch-types.ts'
import type { UnitArm } from '../types.ts'
import { STATE_KEY } from '../types.ts'
import { assignUnit } from './assign-unit.ts'
import { markRouterRun } from './router-mark.ts'
import { currentConfig } from './runnable-config.ts'
import { readUnitArm } from './unit-arm.ts'
import type { HashKey } from './unit-hash.ts'
import { assertHashKey } from './unit-hash.ts'
import type { UnitIdResolver } from './unit-id.ts'
import { resolveUnitId } from './unit-id.ts'

/** Options of `createRouterNode`. */
export interface RouterNodeOptions<S extends object = object> {
  /** The validated experiment (`loadExperiment`). */
  readonly experiment: Experiment
  /** Secret key of the HMAC that turns the unit id into `unitHash`; the same in every process. */
  readonly hashKey: HashKey
  /** Picks the unit id from state and config; `config.configurable.thread_id` when omitted or undefined. */
  readonly unitId?: UnitIdResolver<S>
  /** When tripped, new units that hash to a watched candidate go to control. */
  readonly killSwitch?: KillSwitch
}

/** What the router node returns: a new unit's arm, or nothing when the unit already has one. */
export interface RouterUpdate {
  readonly [STATE_KEY]?: UnitArm
}

/** A LangGraph node function that assigns the unit once. */
export type RouterNode<S extends object = object> = (state: S, config?: RunnableConfig) => RouterUpdate

/**
 * Builds the router node of a custom `StateGraph`: put it first (`START → router → …`) and declare
 * `llmCanary: llmCanaryState` in the graph's state. On a unit's first run it picks the unit id
 * (`unitId(state, config)`, else `config.configurable.thread_id`), hashes it to an arm with core's
 * assigner (built once here), applies the kill switch, and writes a `UnitArm` under `llmCanary`
 * (`unitHash` = HMAC-SHA256(hashKey, unit id), hex, 32 chars; the raw id is not stored).
 *
 * The node tells the llm-canary handlers of its run that it is the router (`markRouterRun`): it gets
 * no `invoke_agent` span, since it is not an agent; the arm decision is an event on the run's span.
 *
 * It never reassigns: when state already holds an assignment of this experiment, it returns no
 * update, so a checkpointed thread keeps its arm on resume even after the weights changed (and the
 * field's reducer keeps the first value too). An assignment of another experiment id is replaced.
 *
 * @param options - The experiment, the hash key, and optionally the unit id function and kill switch.
 * @returns The node function.
 * @throws {CanaryError} `INVALID_OPTION` for an empty hash key, an experiment without control, or a
 *   kill switch watching an arm the experiment lacks; `CoreError` `HASH_VERSION_UNSUPPORTED` from core.
 *   The node throws `CanaryError` `UNIT_ID_MISSING` / `UNIT_ID_INVALID` when it finds no unit id.
 * @example
 * const State = withLlmCanary(MessagesAnnotation)
 * const graph = new StateGraph(State)
 *   .addNode('router', createRouterNode({ experiment, hashKey: process.env.CANARY_HASH_KEY! }))
 *   .addNode('agent', agentNode)
 *   .addEdge(START, 'router')
 *   .addEdge('router', 'agent')
 *   .compile({ checkpointer })
 */
export function createRouterNode<S extends object = object>(options: RouterNodeOptions<S>): RouterNode<S> {
  const { experiment, hashKey, killSwitch } = options
  assertHashKey(hashKey)
  const assigner = createAssigner(experiment)
  killSwitch?.useExperiment(experiment)

  return (state, config) => {
    const current = currentConfig(config)
    markRouterRun(current)
    if (readUnitArm(state, experiment.id) !== undefined) return {}
    const unitId = resolveUnitId({ experiment, unitId: options.unitId, state, config: current })
    return { [STATE_KEY]: assignUnit({ assigner, unitId, hashKey, killSwitch }) }
  }
}
