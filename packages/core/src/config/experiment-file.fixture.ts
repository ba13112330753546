import type { ConfigIssue } from '../errors.ts'
import { formatIssuePath } from '../errors.ts'
import { parseExperiment } from './parse.ts'

/**
 * A small valid experiment file (as a YAML parser returns it) for tests, with top-level keys replaced.
 * Test support only: nothing in the package imports it.
 *
 * @param overrides - Top-level keys to replace or add; `undefined` removes a key.
 * @returns A fresh object each call.
 */
export function experimentFile(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const file: Record<string, unknown> = {
    experiment: 'checkout-assistant',
    arms: {
      control: { model: 'openai:gpt-4.1', weight: 90 },
      candidate: { model: 'openai:gpt-5', weight: 10 },
    },
    guardrails: { error_rate: { max_increase: '1pp' } },
    ...overrides,
  }
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete file[key]
  return file
}

/**
 * Parses a file and returns its problems, failing when it parses.
 *
 * @param raw - The file.
 * @returns Every problem reported.
 * @throws Error when the file is valid.
 */
export function issuesOf(raw: unknown): readonly ConfigIssue[] {
  const result = parseExperiment(raw)
  if (result.ok) throw new Error('expected the experiment file to be invalid, but it parsed')
  return result.issues
}

/**
 * Lists the messages of the problems reported at one path.
 *
 * @param raw - The file.
 * @param path - The path, e.g. `arms.candidate.weight`.
 * @returns The messages at exactly that path (empty when the file has none there).
 */
export function messagesAt(raw: unknown, path: string): string[] {
  const result = parseExperiment(raw)
  const issues = result.ok ? [] : result.issues
  return issues.filter((issue) => formatIssuePath(issue.path) === path).map((issue) => issue.message)
}

/**
 * Lists where the warnings of a file are.
 *
 * @param raw - The file.
 * @returns The warnings, valid file or not.
 */
export function warningsOf(raw: unknown): readonly ConfigIssue[] {
  return parseExperiment(raw).warnings
}
