import {
  ATTR_GEN_AI_OPERATION_NAME,
  LLM_OPERATIONS,
  OPERATION_EVALUATE,
  OPERATION_EXECUTE_TOOL,
  OPERATION_INVOKE_AGENT,
  OPERATION_INVOKE_WORKFLOW,
  OPERATION_RETRIEVAL,
} from '@llm-canary/core'
import type { SpanRecord } from '../types.ts'

/** What a span is, for the analysis. */
export type SpanRole = 'llm' | 'workflow' | 'agent' | 'evaluation' | 'retrieval' | 'tool' | 'other'

const LLM_OPERATION_SET: ReadonlySet<string> = new Set(LLM_OPERATIONS)
/** The roles other than LLM calls, by `gen_ai.operation.name` (and by the first word of a span's name). */
export const ROLE_BY_OPERATION: ReadonlyMap<string, SpanRole> = new Map([
  [OPERATION_INVOKE_WORKFLOW, 'workflow'],
  [OPERATION_INVOKE_AGENT, 'agent'],
  [OPERATION_EVALUATE, 'evaluation'],
  [OPERATION_RETRIEVAL, 'retrieval'],
  [OPERATION_EXECUTE_TOOL, 'tool'],
])

/**
 * Tells what a span is from `gen_ai.operation.name`, else from the first word of its name
 * (`chat gpt-5`, `invoke_workflow support`, `evaluate judge`), as the GenAI conventions name spans
 * `{operation} {target}`. LLM calls are the operations in core's `LLM_OPERATIONS` (`chat`,
 * `generate_content`, `text_completion`).
 *
 * @param span - The span.
 * @returns Its role; `other` for HTTP, database and any span the conventions do not name.
 * @example
 * classifySpan({ ...span, name: 'chat gpt-5', attributes: {} }) // 'llm'
 */
export function classifySpan(span: SpanRecord): SpanRole {
  const operation = span.attributes[ATTR_GEN_AI_OPERATION_NAME]
  if (typeof operation === 'string' && operation !== '') {
    if (LLM_OPERATION_SET.has(operation)) return 'llm'
    const role = ROLE_BY_OPERATION.get(operation)
    if (role !== undefined) return role
  }
  return classifyByName(span.name)
}

/**
 * The target of a span named `{operation} {target}`: `support` in `invoke_workflow support`.
 *
 * @param name - The span name.
 * @returns The text after the first space, or undefined when there is none.
 */
export function readNameTarget(name: string): string | undefined {
  const space = name.indexOf(' ')
  if (space < 0) return undefined
  const target = name.slice(space + 1).trim()
  return target === '' ? undefined : target
}

function classifyByName(name: string): SpanRole {
  const space = name.indexOf(' ')
  const first = space < 0 ? name : name.slice(0, space)
  if (LLM_OPERATION_SET.has(first)) return 'llm'
  return ROLE_BY_OPERATION.get(first) ?? 'other'
}
