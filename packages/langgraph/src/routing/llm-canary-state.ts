import type { AnnotationRoot, StateDefinition } from '@langchain/langgraph'
import { Annotation, MessagesValue, ReducedValue } from '@langchain/langgraph'
import type { UnitArm } from '../types.ts'
import { STATE_KEY } from '../types.ts'
import { keepUnitArm } from './unit-arm.ts'

/**
 * The `llmCanary` field of an `Annotation.Root` state: the session's `UnitArm`, whose reducer
 * keeps the first assignment of an experiment (see `keepUnitArm`). Declare it in the graph that
 * holds the router and in every subgraph whose nodes pick models, so the arm flows into them.
 *
 * @example
 * const State = Annotation.Root({ ...MessagesAnnotation.spec, llmCanary: llmCanaryState })
 */
export const llmCanaryState = Annotation<UnitArm | undefined>({
  reducer: keepUnitArm,
  default: () => undefined,
})

/**
 * Adds the `llmCanary` field to an existing `Annotation.Root` state.
 *
 * @param root - The graph's state annotation (e.g. `MessagesAnnotation`).
 * @returns A new root with every field of `root` plus `llmCanary`.
 * @example
 * const State = withLlmCanary(MessagesAnnotation)
 * const graph = new StateGraph(State).addNode('router', router)
 */
export function withLlmCanary<SD extends StateDefinition>(
  root: AnnotationRoot<SD>,
): AnnotationRoot<SD & { [STATE_KEY]: typeof llmCanaryState }> {
  return Annotation.Root({ ...root.spec, [STATE_KEY]: llmCanaryState })
}

/** The value schema of `llmCanaryValue`: accepts any value; `readUnitArm` checks the shape on read. */
type UnitArmSchema = ConstructorParameters<typeof ReducedValue<UnitArm | undefined>>[0]

/**
 * The `llmCanary` field of a `StateSchema` state (LangGraph's schema-based states, and the state
 * `createAgent` middleware declares). Same reducer as `llmCanaryState`.
 *
 * @example
 * const State = new StateSchema({ messages: MessagesValue, llmCanary: llmCanaryValue })
 */
export const llmCanaryValue = new ReducedValue<UnitArm | undefined>(createUnitArmSchema(), {
  reducer: keepUnitArm,
})

/**
 * `createAgent` turns middleware state into zod objects, so the field's schema must be a zod (v4)
 * schema, and this package does not depend on zod. LangGraph's own `MessagesValue` input schema is
 * an unchecked zod v4 `z.custom()`: its `.optional()` is the "any UnitArm or undefined" schema we
 * need. Should a LangGraph release change that, fall back to a plain Standard Schema (fine for
 * `StateGraph`, not for `createAgent`).
 */
function createUnitArmSchema(): UnitArmSchema {
  const messagesInput: unknown = MessagesValue.inputSchema
  const optional = (messagesInput as { optional?: unknown } | undefined)?.optional
  if (typeof optional === 'function') return optional.call(messagesInput) as UnitArmSchema
  return {
    '~standard': {
      version: 1,
      vendor: 'llm-canary',
      validate: (value: unknown) => ({ value: value as UnitArm | undefined }),
      jsonSchema: { input: () => ({}), output: () => ({}) },
    },
  }
}
