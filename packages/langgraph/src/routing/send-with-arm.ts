import { Send } from '@langchain/langgraph'
import { STATE_KEY } from '../types.ts'
import { isUnitArm } from './unit-arm.ts'

/**
 * Builds a `Send` (map-style fan-out) that carries the unit's arm: a `Send` node receives only
 * `args` as its state, so without this it would not see `llmCanary` and would fall back to
 * recomputing the assignment.
 *
 * @param node - The node to run.
 * @param args - The state to give it.
 * @param state - The sending node's state, where `llmCanary` lives.
 * @returns `new Send(node, { ...args, llmCanary })`, or `new Send(node, args)` when the state has no arm.
 * @example
 * graph.addConditionalEdges('plan', (state) => state.topics.map((topic) => sendWithArm('research', { topic }, state)))
 */
export function sendWithArm<A extends object>(node: string, args: A, state: object): Send {
  const arm: unknown = (state as Record<string, unknown>)[STATE_KEY]
  return new Send(node, isUnitArm(arm) ? { ...args, [STATE_KEY]: arm } : args)
}
