/**
 * One line for an error nobody planned for: its name and message, and what to do. The stack only with
 * `LLM_CANARY_DEBUG=1`: a user's terminal and CI log get a sentence, not a trace.
 *
 * @param err - Anything thrown.
 * @param env - The environment (`LLM_CANARY_DEBUG`).
 * @returns The text to print after `internal error`.
 */
export function describeUnexpected(
  err: unknown,
  env: Readonly<Record<string, string | undefined>> = {},
): string {
  const summary = err instanceof Error ? `${err.name}: ${err.message}` : String(err)
  const oneLine = summary.replace(/\s*\n\s*/g, ' ')
  const advice =
    '(no verdict, exit 2; this is a bug in llm-canary: please report it with the command you ran; LLM_CANARY_DEBUG=1 prints the stack)'
  if (env.LLM_CANARY_DEBUG === '1' && err instanceof Error && err.stack !== undefined)
    return `${oneLine} ${advice}\n${err.stack}`
  return `${oneLine} ${advice}`
}
