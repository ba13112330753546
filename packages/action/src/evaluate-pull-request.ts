import type { Experiment } from '@llm-canary/core'
import type { DataWindow, OverrideState, RolloutChange } from '@llm-canary/gate'
import { classifyRolloutChange, decideRolloutGate, findFailingGuardrails } from '@llm-canary/gate'
import type { StepAnalysis } from './analyze-step.ts'
import { analyzeStep } from './analyze-step.ts'
import { findConfigurationStart } from './data-window.ts'
import type { FileProblem } from './errors.ts'
import { ActionError } from './errors.ts'
import type { ExperimentAtCommit } from './experiment-files.ts'
import { createExperimentMatcher, readExperimentAt } from './experiment-files.ts'
import type { ExperimentResult } from './experiment-result.ts'
import { checkNameOf } from './experiment-result.ts'
import { readOverride } from './override.ts'
import type { RunEnvironment } from './run-environment.ts'

/** A pull request to gate, from an event payload or from the API. */
export interface PullRequestTarget {
  readonly number: number
  readonly headSha: string
  readonly baseSha: string
  readonly labels: readonly string[]
  /** True for a fork's pull request under `pull_request`: read-only token, no secrets. */
  readonly readOnly: boolean
}

/** The experiments of a pull request, and the files that do not validate at its head. */
export interface PullRequestEvaluation {
  readonly results: readonly ExperimentResult[]
  readonly problems: readonly FileProblem[]
}

/** Unchanged experiment files read at most to give each a `skipped` check. */
const MAX_UNCHANGED_FILES = 50

/** Why a fork's pull request is not gated under `pull_request`. */
export const FORK_NOTE =
  'this pull request comes from a fork and runs under pull_request, with a read-only token and no secrets, so the gate can neither read the traces nor report a check; run the action under pull_request_target (safe: it never checks out or runs the pull request code) or the workflow_run setup in the README'

/**
 * Gates one pull request: reads every experiment file it changes at its base and its head through the
 * API (as data), classifies each change along the rollout lifecycle, finds the data window (since the
 * base-branch commit that gave the candidate its current configuration; the `since` input overrides),
 * analyses the base configuration's data with the gate, and decides the check, reading the override
 * label's state when a person is needed. Experiment files the pull request does not change get a
 * `skipped` result, so a required check on them never hangs.
 *
 * @param env - Inputs, GitHub, traces, clock, log.
 * @param pullRequest - The pull request.
 * @returns One result per matching experiment file, and the head files that do not validate.
 */
export async function evaluatePullRequest(
  env: RunEnvironment,
  pullRequest: PullRequestTarget,
): Promise<PullRequestEvaluation> {
  const { api } = env
  const isExperiment = createExperimentMatcher(env.inputs.experiment)
  const changed = (await api.listPullRequestFiles(pullRequest.number)).filter(
    (file) => isExperiment(file.path) || (file.previousPath !== undefined && isExperiment(file.previousPath)),
  )
  const results: ExperimentResult[] = []
  const problems: FileProblem[] = []
  for (const file of changed) {
    try {
      const head =
        file.status === 'removed' ? undefined : await readExperimentAt(api, file.path, pullRequest.headSha)
      const base = await readBase(env, file.previousPath ?? file.path, pullRequest.baseSha)
      results.push(await gateChange(env, pullRequest, { path: file.path, base, head }))
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'EXPERIMENT_INVALID') throw err
      problems.push(...(err as ActionError).problems)
    }
  }
  results.push(
    ...(await skipUnchanged(env, pullRequest, new Set(changed.map((file) => file.path)), isExperiment)),
  )
  return { results, problems }
}

async function gateChange(
  env: RunEnvironment,
  pullRequest: PullRequestTarget,
  files: { path: string; base: ExperimentAtCommit | undefined; head: ExperimentAtCommit | undefined },
): Promise<ExperimentResult> {
  const change = classifyRolloutChange(files.base?.experiment, files.head?.experiment)
  const common = {
    file: files.path,
    experiment: change.experiment,
    checkName: checkNameOf(change.experiment),
    change,
  }
  if (change.need === 'none' || change.need === 'no-data-yet' || pullRequest.readOnly) {
    const gate = pullRequest.readOnly && change.need !== 'none' ? { notRun: FORK_NOTE } : {}
    return { ...common, gate, decision: decideRolloutGate({ change, ...gate }) }
  }
  if (change.need === 'unmeasured' || files.base === undefined) {
    return decideWithOverride(env, pullRequest, { ...common, gate: {} })
  }
  const window =
    env.inputs.since === undefined
      ? (await findConfigurationStart(env.api, files.base)).window
      : sinceInput(env)
  const analysis = await analyzeWithLog(env, files.base.experiment, window)
  const gate = toGateInput(env, analysis)
  const findings =
    analysis.report === undefined || files.head === undefined
      ? undefined
      : findFailingGuardrails(analysis.report, files.head.text)
  return decideWithOverride(env, pullRequest, {
    ...common,
    gate,
    window,
    ...(findings === undefined ? {} : { findings }),
  })
}

/** Decides; when a person is needed, reads the override label and decides again. */
async function decideWithOverride(
  env: RunEnvironment,
  pullRequest: PullRequestTarget,
  result: Omit<ExperimentResult, 'decision'>,
): Promise<ExperimentResult> {
  const first = decideRolloutGate({ change: result.change, ...result.gate })
  if (first.outcome !== 'needs-person') return { ...result, decision: first }
  const override: OverrideState = await readOverride(env.api, pullRequest, env.inputs.overrideLabel)
  const gate = { ...result.gate, override }
  return { ...result, gate, decision: decideRolloutGate({ change: result.change, ...gate }) }
}

/**
 * Reads the base side of a change. A base file that does not validate is treated as absent (the head
 * then starts a new experiment), with a warning: the pull request is what fixes it.
 */
async function readBase(
  env: RunEnvironment,
  path: string,
  sha: string,
): Promise<ExperimentAtCommit | undefined> {
  try {
    return await readExperimentAt(env.api, path, sha)
  } catch (err) {
    if (!(err instanceof ActionError) || err.code !== 'EXPERIMENT_INVALID') throw err
    env.io.warning(
      `${err.message}\nThe base is treated as having no experiment: every candidate at the head is new.`,
    )
    return undefined
  }
}

async function skipUnchanged(
  env: RunEnvironment,
  pullRequest: PullRequestTarget,
  changed: ReadonlySet<string>,
  isExperiment: (path: string) => boolean,
): Promise<ExperimentResult[]> {
  const { paths, truncated } = await env.api.listFiles(pullRequest.headSha)
  if (truncated)
    env.io.warning(
      'GitHub truncated the file listing of the head commit: some experiment files may have no check',
    )
  const unchanged = paths.filter((path) => isExperiment(path) && !changed.has(path))
  if (unchanged.length > MAX_UNCHANGED_FILES) {
    env.io.warning(
      `${unchanged.length} experiment files match; the first ${MAX_UNCHANGED_FILES} get a skipped check`,
    )
  }
  const results: ExperimentResult[] = []
  for (const path of unchanged.slice(0, MAX_UNCHANGED_FILES)) {
    const file = await readExperimentAt(env.api, path, pullRequest.headSha).catch(() => undefined)
    if (file === undefined) continue
    const change = classifyRolloutChange(file.experiment, file.experiment)
    results.push({
      file: path,
      experiment: change.experiment,
      checkName: checkNameOf(change.experiment),
      change: { ...change, summary: 'not changed by this pull request' },
      untouched: true,
      gate: {},
      decision: decideRolloutGate({ change }),
    })
  }
  return results
}

/** The `since` input as a data window. */
export function sinceInput(env: RunEnvironment): DataWindow {
  return { since: env.inputs.since ?? env.now, origin: 'input' }
}

/**
 * Analyses a configuration's data and logs the numbers fetched (spans read, units), so an empty
 * fetch shows in the log.
 */
export async function analyzeWithLog(env: RunEnvironment, experiment: Experiment, window: DataWindow) {
  const analysis = await analyzeStep(experiment, window, env.access, env.now)
  if (analysis.report !== undefined) {
    const { extraction, verdict } = analysis.report
    env.io.info(
      `${experiment.id}: ${extraction.spansRead} spans read from ${analysis.report.source} since ${window.since.toISOString()}, ${extraction.units} ${experiment.unit}s; verdict ${verdict.status}`,
    )
  } else {
    env.io.warning(
      `${experiment.id}: ${analysis.backendError.source} could not be read: ${analysis.backendError.reason}`,
    )
  }
  return analysis
}

/** The decision's inputs from an analysis: the report, or the backend error under the action's policy. */
export function toGateInput(env: RunEnvironment, analysis: StepAnalysis) {
  const onBackendError = env.inputs.onBackendError
  return analysis.report === undefined
    ? { backendError: analysis.backendError, onBackendError }
    : { report: analysis.report, onBackendError }
}

/** The change a merged step leaves live: data since the merge can be judged whenever a candidate runs. */
export function afterMerge(change: RolloutChange, current: Experiment): RolloutChange {
  const live = current.candidates.some((arm) => arm.weight > 0 || arm.shadow > 0)
  return { ...change, need: change.need !== 'none' && live ? 'analyze' : 'none' }
}
