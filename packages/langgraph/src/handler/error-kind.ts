/**
 * How a run ended badly:
 * - `error`: a real failure (span status ERROR, `error.type`);
 * - `interrupt`: a LangGraph `GraphInterrupt` / `NodeInterrupt`: the graph paused for input; control flow;
 * - `control`: another LangGraph bubble-up (`ParentCommand`, `GraphDrained`): control flow, not noted.
 */
export type ErrorKind = 'error' | 'interrupt' | 'control'

const INTERRUPT_NAMES = new Set(['GraphInterrupt', 'NodeInterrupt'])
const CONTROL_FLOW_NAMES = new Set(['ParentCommand', 'GraphDrained'])

/**
 * Classifies what a run's error callback received. Names are compared, not classes: the graph may load
 * another copy of `@langchain/langgraph` than ours.
 *
 * @param err - The value passed to `handleChainError` / `handleLLMError` / `handleToolError`.
 * @returns `interrupt`, `control` or `error`.
 * @example
 * classifyError(new GraphInterrupt([])) // 'interrupt'
 */
export function classifyError(err: unknown): ErrorKind {
  const name = errorName(err)
  if (INTERRUPT_NAMES.has(name)) return 'interrupt'
  if (CONTROL_FLOW_NAMES.has(name)) return 'control'
  if (typeof err === 'object' && err !== null && (err as { is_bubble_up?: unknown }).is_bubble_up === true) {
    return 'control'
  }
  return 'error'
}

/**
 * The `error.type` of a failure: the error's class name (`TypeError`, `AbortError`, `RateLimitError`).
 *
 * @param err - Anything thrown.
 * @returns The error's `name`, unless it is the inherited `Error` of a subclass that did not set one
 *   (then the constructor's name); `Error` for thrown strings and other non-objects.
 * @example
 * errorName(new DOMException('aborted', 'AbortError')) // 'AbortError'
 * errorName(new (class QuotaError extends Error {})()) // 'QuotaError'
 */
export function errorName(err: unknown): string {
  if (typeof err !== 'object' || err === null) return 'Error'
  const name = (err as { name?: unknown }).name
  const constructorName = (err as { constructor?: { name?: unknown } }).constructor?.name
  const hasOwnName = typeof name === 'string' && name !== '' && name !== 'Error'
  if (hasOwnName) return name
  return typeof constructorName === 'string' && constructorName !== '' && constructorName !== 'Object'
    ? constructorName
    : 'Error'
}

/**
 * A short, single-line message of an error for the span status.
 *
 * @param err - Anything thrown.
 * @returns The first line of the error's message, at most 200 characters.
 */
export function errorMessage(err: unknown): string {
  const raw =
    typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string'
      ? (err as { message: string }).message
      : String(err)
  const firstLine = raw.split('\n', 1)[0] ?? ''
  return firstLine.length > 200 ? `${firstLine.slice(0, 197)}...` : firstLine
}
