import type { z } from 'zod'

/** A check on one value: the message of the problem it finds, or `undefined` when the value is fine. */
export type Problem = (value: unknown) => string | undefined

/**
 * Turns a check function into a zod refinement that reports its problem as one issue with its own message.
 *
 * @param problem - The check.
 * @returns A function to pass to `.superRefine()`.
 */
export function refineWith(problem: Problem) {
  return (value: unknown, ctx: z.core.$RefinementCtx): void => {
    const message = problem(value)
    if (message !== undefined) ctx.addIssue({ code: 'custom', message, input: value })
  }
}

/**
 * Turns a check function into a zod error map, so the same function words type errors too. A missing
 * value is left to the generic message, which knows the field name.
 *
 * @param problem - The check.
 * @returns A function to pass as a schema's `error` parameter.
 */
export function errorFrom(problem: Problem) {
  return (issue: z.core.$ZodRawIssue): string | undefined =>
    issue.input === undefined ? undefined : problem(issue.input)
}
