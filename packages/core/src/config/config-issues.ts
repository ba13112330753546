import type { z } from 'zod'
import type { ConfigIssue } from '../errors.ts'
import { listAllowedKeys } from './schema-walk.ts'
import { describeUnknownKey } from './unknown-key.ts'

/**
 * Turns zod issues into config issues: one per problem, each with its path. An unknown-keys issue
 * becomes one issue per key, at the key's own path, with a "did you mean" hint.
 *
 * @param issues - The issues of a failed `safeParse`, worded by `describeZodIssue`.
 * @param schema - The schema that was parsed, to list the keys allowed where an unknown one sits.
 * @returns The config issues, in zod's order.
 */
export function toConfigIssues(issues: readonly z.core.$ZodIssue[], schema: z.core.$ZodType): ConfigIssue[] {
  return issues.flatMap((issue): ConfigIssue[] => {
    const path = issue.path.map((part) => (typeof part === 'number' ? part : String(part)))
    if (issue.code === 'unrecognized_keys') {
      const allowed = listAllowedKeys(schema, issue.path)
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: describeUnknownKey(path, key, allowed),
      }))
    }
    if (issue.code === 'invalid_key') {
      return issue.issues.map((inner) => ({ path, message: inner.message }))
    }
    return [{ path, message: issue.message }]
  })
}

/**
 * Orders issues by the section of the file they are in (in `order`), keeping their order within a section.
 *
 * @param issues - Issues from the schema and from the checks across fields.
 * @param order - Top-level keys in the order the file is usually written.
 * @returns A new array: issues at the root first, then by section; unknown sections last.
 */
export function sortIssues(issues: readonly ConfigIssue[], order: readonly string[]): ConfigIssue[] {
  const rank = (issue: ConfigIssue): number => {
    const section = issue.path[0]
    if (section === undefined) return -1
    const index = order.indexOf(String(section))
    return index < 0 ? order.length : index
  }
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => rank(a.issue) - rank(b.issue) || a.index - b.index)
    .map(({ issue }) => issue)
}
