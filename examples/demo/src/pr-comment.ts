import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Experiment } from '@llm-canary/core'
import type { AnalysisReport } from '@llm-canary/gate'
import { classifyRolloutChange, decideRolloutGate, renderPullRequestComment } from '@llm-canary/gate'

/**
 * Writes the comment the llm-canary GitHub Action would post on the pull request that promotes the demo's
 * candidate (its model becomes the control), judged on the demo's traces: the same rendering function the
 * action uses, so the whole story is visible without GitHub.
 *
 * @param options - The experiment, the report of its traces, the trace file (the comment goes beside it) and
 *   how the demo shows it (the source the comment names).
 * @returns The path written: `pr-comment.md` in the trace file's folder.
 * @example
 * await writePullRequestComment({ experiment, report, tracesPath: '/repo/.llm-canary/traces.jsonl' })
 */
export async function writePullRequestComment(options: {
  readonly experiment: Experiment
  readonly report: AnalysisReport
  readonly tracesPath: string
  readonly experimentFile: string
  /** The trace file as the demo shows it (relative to where it ran): the comment names that source. */
  readonly tracesShown?: string
}): Promise<string> {
  const { experiment } = options
  // A workflow reads `file:.llm-canary/traces.jsonl` from its checkout: name the source that way, not by
  // this machine's absolute path.
  const report =
    options.tracesShown === undefined
      ? options.report
      : { ...options.report, source: options.report.source.replace(options.tracesPath, options.tracesShown) }
  const change = classifyRolloutChange(experiment, promoteCandidate(experiment))
  const body = renderPullRequestComment({
    change,
    decision: decideRolloutGate({ change, report }),
    gate: { report },
    file: options.experimentFile,
    checkName: `llm-canary / ${experiment.id}`,
    marker: experiment.id,
  })
  const path = join(dirname(options.tracesPath), 'pr-comment.md')
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, body)
  return path
}

/** The experiment as the promotion pull request leaves it: the first candidate's model serves every session. */
function promoteCandidate(experiment: Experiment): Experiment {
  const [candidate] = experiment.candidates
  if (candidate === undefined) return experiment
  const control = { ...experiment.control, model: candidate.model, weight: 100, weightBasisPoints: 10_000 }
  return { ...experiment, arms: [control], control, candidates: [] }
}
