import type { ConfigIssue } from '../errors.ts'
import { CoreError, formatIssuePath } from '../errors.ts'
import type { Experiment } from '../types.ts'
import { checkExperiment } from './check-experiment.ts'
import { sortIssues, toConfigIssues } from './config-issues.ts'
import { describeGiven, isRecord } from './describe-value.ts'
import { normaliseExperiment } from './normalise.ts'
import { experimentFileSchema } from './schema.ts'
import { describeZodIssue } from './zod-messages.ts'

/** What `parseExperiment` returns: the experiment, or every problem at once; warnings either way. */
export type ParseExperimentResult =
  | { readonly ok: true; readonly experiment: Experiment; readonly warnings: readonly ConfigIssue[] }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[]; readonly warnings: readonly ConfigIssue[] }

const SECTION_ORDER = Object.keys(experimentFileSchema.shape)

/**
 * Validates an experiment file (already parsed from YAML or JSON into plain values) and normalises it.
 * Reports every problem in one pass, each with its path and a message that names the value and what to do.
 *
 * @param raw - The parsed file: a mapping with `experiment`, `arms`, and optionally `unit`, `salt`,
 *   `hash_version`, `scope`, `pricing`, `guardrails`, `analysis`.
 * @returns `{ ok: true, experiment, warnings }` or `{ ok: false, issues, warnings }`.
 * @example
 * const result = parseExperiment(YAML.parse(text))
 * if (!result.ok) for (const issue of result.issues) console.error(formatIssuePath(issue.path), issue.message)
 */
export function parseExperiment(raw: unknown): ParseExperimentResult {
  if (!isRecord(raw)) {
    const message = `the experiment file is ${describeGiven(raw)}; it must be a mapping with at least experiment: and arms:`
    return { ok: false, issues: [{ path: [], message }], warnings: [] }
  }
  const parsed = experimentFileSchema.safeParse(raw, {
    error: (issue) => describeZodIssue(issue, experimentFileSchema),
  })
  const findings = checkExperiment(raw)
  const schemaIssues = parsed.success ? [] : toConfigIssues(parsed.error.issues, experimentFileSchema)
  const issues = sortIssues([...schemaIssues, ...findings.errors], SECTION_ORDER)
  const warnings = sortIssues(findings.warnings, SECTION_ORDER)
  if (!parsed.success || issues.length > 0) return { ok: false, issues, warnings }
  return { ok: true, experiment: normaliseExperiment(parsed.data), warnings }
}

/**
 * Validates and normalises an experiment file, throwing on any problem. Warnings are dropped: use
 * `parseExperiment` to show them.
 *
 * @param raw - The parsed file (see `parseExperiment`).
 * @returns The normalised experiment.
 * @throws CoreError `CONFIG_INVALID` listing every problem in its message and in `issues`.
 * @example
 * const experiment = loadExperiment(JSON.parse(text))
 * experiment.arms[0].name // 'control'
 */
export function loadExperiment(raw: unknown): Experiment {
  const result = parseExperiment(raw)
  if (result.ok) return result.experiment
  throw new CoreError('CONFIG_INVALID', summariseIssues(result.issues), { issues: result.issues })
}

function summariseIssues(issues: readonly ConfigIssue[]): string {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`
  const lines = issues.map((issue) => `  ${formatIssuePath(issue.path)}: ${issue.message}`)
  return [`the experiment file has ${count}; fix them and run again:`, ...lines].join('\n')
}
