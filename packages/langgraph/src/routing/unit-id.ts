import type { RunnableConfig } from '@langchain/core/runnables'
import type { Experiment } from '@llm-canary/core'
import { CanaryError } from '../errors.ts'
import { readThreadId } from './runnable-config.ts'

/**
 * Picks the id that is hashed to an arm (`experiment.unit` says which: session, user or thread).
 * Return `undefined` to fall back to `config.configurable.thread_id`.
 */
export type UnitIdResolver<S extends object = object> = (
  state: S,
  config: RunnableConfig | undefined,
) => string | undefined

/**
 * Finds a session's unit id: the user's `unitId(state, config)`, else `config.configurable.thread_id`.
 *
 * @param options - The experiment (for messages), the resolver, the state and the config.
 * @returns A non-empty unit id.
 * @throws {CanaryError} `UNIT_ID_INVALID` when the resolver returns a non-string or an empty string;
 *   `UNIT_ID_MISSING` when neither source gives an id.
 */
export function resolveUnitId<S extends object>(options: {
  readonly experiment: Experiment
  readonly unitId: UnitIdResolver<S> | undefined
  readonly state: S
  readonly config: RunnableConfig | undefined
}): string {
  const { experiment, unitId, state, config } = options
  const fromResolver: unknown = unitId?.(state, config)
  if (typeof fromResolver === 'string' && fromResolver.length > 0) return fromResolver
  if (fromResolver !== undefined) {
    const given = typeof fromResolver === 'string' ? 'an empty string' : `a ${typeof fromResolver}`
    throw new CanaryError(
      'UNIT_ID_INVALID',
      `the unitId function returned ${given} for experiment ${JSON.stringify(experiment.id)}; ` +
        `return the ${experiment.unit} id as a non-empty string, or undefined to use the thread id`,
    )
  }
  const threadId = readThreadId(config)
  if (threadId !== undefined) return threadId
  throw new CanaryError(
    'UNIT_ID_MISSING',
    `cannot assign a session of experiment ${JSON.stringify(experiment.id)}: ` +
      (unitId === undefined ? 'no unitId function was given' : 'the unitId function returned undefined') +
      ` and config.configurable.thread_id is not set; pass a unitId(state, config) that returns the ${experiment.unit} id, ` +
      'or invoke the graph with { configurable: { thread_id } }',
  )
}
