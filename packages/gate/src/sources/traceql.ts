import { ATTR_FEATURE_FLAG_KEY } from '@llm-canary/core'

/**
 * Quotes a value as a TraceQL string literal: backslash, double quote and control characters are
 * escaped, so an experiment id cannot end the string or change the query.
 *
 * @param value - any text.
 * @returns the literal, quotes included.
 * @example
 * quoteTraceQl('a "b"') // '"a \\"b\\""'
 */
export function quoteTraceQl(value: string): string {
  let escaped = ''
  for (const char of value) escaped += escapeChar(char)
  return `"${escaped}"`
}

/**
 * The TraceQL query that finds an experiment's traces: a span whose `feature_flag.key` is the
 * experiment, in the given service when one is named.
 *
 * @param experiment - the experiment id.
 * @param serviceName - restrict to spans of this `service.name`, if given.
 * @returns the query, e.g. `{ span.feature_flag.key = "exp-1" }`.
 */
export function buildExperimentTraceQl(experiment: string, serviceName?: string): string {
  const conditions = [`span.${ATTR_FEATURE_FLAG_KEY} = ${quoteTraceQl(experiment)}`]
  if (serviceName !== undefined) conditions.unshift(`resource.service.name = ${quoteTraceQl(serviceName)}`)
  return `{ ${conditions.join(' && ')} }`
}

const NAMED_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\\', '\\\\'],
  ['"', '\\"'],
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
])

function escapeChar(char: string): string {
  const named = NAMED_ESCAPES.get(char)
  if (named !== undefined) return named
  const code = char.codePointAt(0) ?? 0
  return code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, '0')}` : char
}
