import {
  classifyRolloutChange,
  decideRolloutGate,
  escapeMarkdown,
  findFailingGuardrails,
} from '@llm-canary/gate'
import { findConfigurationStart } from './data-window.ts'
import { ActionError } from './errors.ts'
import {
  afterMerge,
  analyzeWithLog,
  evaluatePullRequest,
  sinceInput,
  toGateInput,
} from './evaluate-pull-request.ts'
import type { ExperimentAtCommit } from './experiment-files.ts'
import { createExperimentMatcher, readExperimentAt } from './experiment-files.ts'
import type { ExperimentResult } from './experiment-result.ts'
import { checkNameOf } from './experiment-result.ts'
import type { CommitInfo, PullRequestInfo } from './github/github-api.ts'
import type { CheckChannel } from './report/check-report.ts'
import { upsertComment } from './report/comment.ts'
import { applyVerdictLabel } from './report/labels.ts'
import { attempt, digestResult, renderSurface, reportPullRequest } from './report/report-pull-request.ts'
import { revertOnce } from './revert.ts'
import type { ModeOutcome, RunEnvironment } from './run-environment.ts'

/** Open pull requests looked at for a check still waiting for data. */
const MAX_OPEN_PULLS = 50
/** Merged pull requests looked at to find the one that made a bump. */
const MAX_MERGED_PULLS = 100
const CHECK_PREFIX = 'llm-canary / '

/**
 * `watch` mode (schedule, push, workflow_dispatch): for every experiment file on the default branch whose
 * current configuration was merged within `watch-window`, analyses the data since the merge; on `fail`
 * opens the revert pull request once and comments on the merged one; on `review` labels it, requests the
 * reviewers and mentions the teams. Then re-evaluates the open pull requests whose llm-canary check is
 * still waiting for data.
 *
 * @param env - Inputs, context, GitHub, traces, clock, log.
 * @returns The results for the outputs and the summary, and the revert pull request.
 * @throws ActionError `EVENT_UNSUPPORTED` on pull request events.
 */
export async function runWatch(env: RunEnvironment): Promise<ModeOutcome> {
  const { api, context, inputs } = env
  if (context.event.pullRequest !== undefined) {
    throw new ActionError(
      'EVENT_UNSUPPORTED',
      `mode watch runs on schedule, push or workflow_dispatch events, and this run is a ${context.eventName} event; use mode: gate on pull requests`,
    )
  }
  const base = await api.getDefaultBranch()
  const head = (await api.getBranchSha(base)) ?? context.sha
  const isExperiment = createExperimentMatcher(inputs.experiment)
  const { paths } = await api.listFiles(head)
  const watchedPaths = paths.filter(isExperiment)
  const results: ExperimentResult[] = []
  const notes: string[] = []
  const failures: string[] = []
  let revertUrl: string | undefined
  for (const path of watchedPaths) {
    let current: ExperimentAtCommit | undefined
    try {
      current = await readExperimentAt(api, path, head)
    } catch (err) {
      if (!(err instanceof ActionError) || err.code !== 'EXPERIMENT_INVALID') throw err
      for (const problem of err.problems)
        env.io.error(problem.message, {
          file: problem.file,
          ...(problem.line === undefined ? {} : { line: problem.line }),
        })
      failures.push(`${path} on ${base} is not a valid experiment file: see the annotations`)
      continue
    }
    if (current === undefined) continue
    const watched = await watchFile(env, { base, current })
    if (watched.note !== undefined) notes.push(watched.note)
    if (watched.result === undefined) continue
    results.push(watched.result)
    if (watched.merged === undefined) {
      if (watched.result.decision.verdict === 'fail' || watched.result.decision.verdict === 'review') {
        notes.push(
          `⚠️ ${escapeMarkdown(path)}: no merged pull request made commit ${watched.commit.sha.slice(0, 7)}, so there is nothing to revert or label; act on it by hand.`,
        )
      }
      continue
    }
    const acted = await actOnMergedPullRequest(env, {
      ...watched,
      result: watched.result,
      merged: watched.merged,
      base,
    })
    revertUrl ??= acted.revertUrl
    notes.push(...acted.notes)
    failures.push(...acted.failures)
  }
  notes.push(...(await reevaluateOpenPullRequests(env, base)))
  return {
    results,
    title: `llm-canary watch · ${base}`,
    notes,
    empty:
      watchedPaths.length === 0
        ? `No experiment file on ${escapeMarkdown(base)} matches the \`experiment\` input.`
        : `No model step merged within \`watch-window\` was judged on ${escapeMarkdown(base)}.`,
    failures,
    ...(revertUrl === undefined ? {} : { revertUrl }),
  }
}

interface WatchedFile {
  readonly result?: ExperimentResult
  readonly note?: string
  readonly commit: CommitInfo
  readonly merged?: PullRequestInfo
  readonly current: ExperimentAtCommit
  readonly previous?: ExperimentAtCommit
}

async function watchFile(
  env: RunEnvironment,
  files: { readonly base: string; readonly current: ExperimentAtCommit },
): Promise<WatchedFile> {
  const { current } = files
  const start = await findConfigurationStart(env.api, current)
  const shown = `${escapeMarkdown(current.path)} (${escapeMarkdown(current.experiment.id)})`
  if (start.commit.date.getTime() < env.inputs.watchSince.getTime()) {
    return {
      note: `➖ ${shown}: its configuration dates from ${start.commit.date.toISOString().slice(0, 10)}, before the watch window.`,
      commit: start.commit,
      current,
    }
  }
  const change = afterMerge(
    classifyRolloutChange(start.previous?.experiment, current.experiment),
    current.experiment,
  )
  const previous = start.previous === undefined ? {} : { previous: start.previous }
  if (change.need === 'none') {
    return {
      note: `➖ ${shown}: ${escapeMarkdown(change.summary)}; nothing to watch.`,
      commit: start.commit,
      current,
      ...previous,
    }
  }
  const merged = await findMergedPullRequest(env, files.base, start.commit)
  const window =
    env.inputs.since !== undefined
      ? sinceInput(env)
      : merged?.mergedAt !== undefined
        ? {
            since: merged.mergedAt,
            origin: 'merge' as const,
            commit: start.commit.sha,
            pullRequest: merged.number,
          }
        : start.window
  const analysis = await analyzeWithLog(env, current.experiment, window)
  const gate = toGateInput(env, analysis)
  const findings =
    analysis.report === undefined ? undefined : findFailingGuardrails(analysis.report, current.text)
  const result: ExperimentResult = {
    file: current.path,
    experiment: change.experiment,
    checkName: checkNameOf(change.experiment),
    change,
    gate,
    window,
    decision: decideRolloutGate({ change, ...gate }),
    ...(findings === undefined ? {} : { findings }),
  }
  return { result, commit: start.commit, current, ...previous, ...(merged === undefined ? {} : { merged }) }
}

/** The merged pull request whose merge (or head) commit is the one that made the configuration. */
async function findMergedPullRequest(
  env: RunEnvironment,
  base: string,
  commit: CommitInfo,
): Promise<PullRequestInfo | undefined> {
  for await (const pull of env.api.listPullRequests({
    state: 'closed',
    base,
    sort: 'updated',
    max: MAX_MERGED_PULLS,
  })) {
    if (pull.mergedAt === undefined) continue
    if (pull.mergeCommitSha === commit.sha || pull.headSha === commit.sha) return pull
  }
  return undefined
}

async function actOnMergedPullRequest(
  env: RunEnvironment,
  watched: WatchedFile & {
    readonly result: ExperimentResult
    readonly merged: PullRequestInfo
    readonly base: string
  },
): Promise<{ revertUrl?: string; notes: string[]; failures: string[] }> {
  const { result, merged } = watched
  const notes: string[] = []
  const failures: string[] = []
  const verdict = result.decision.verdict
  const commentNotes: string[] = []
  let revertUrl: string | undefined
  if (verdict === 'fail') {
    try {
      const revert = await revertOnce(env.api, {
        pullRequest: merged,
        base: watched.base,
        experiment: result.experiment,
        current: watched.current,
        previous: watched.previous,
        reason: `llm-canary: **${escapeMarkdown(result.decision.title)}**`,
      })
      revertUrl = revert.url
      if (revert.fallbackReason !== undefined) {
        env.io.warning(
          `GitHub's revert of #${merged.number} failed (${revert.fallbackReason}); the previous configuration of ${watched.current.path} was restored on a branch and its pull request opened instead`,
        )
      }
      commentNotes.push(`🔁 Revert pull request: #${revert.number} (${revert.url})`)
      notes.push(
        `🔁 ${escapeMarkdown(result.experiment)}: #${merged.number} regressed; revert pull request ${revert.created ? 'opened' : 'already open'}: ${revert.url}`,
      )
    } catch (err) {
      if (!(err instanceof ActionError)) throw err
      commentNotes.push(`⚠️ The revert pull request could not be opened: ${escapeMarkdown(err.message)}`)
      failures.push(err.message)
    }
  }
  const reviewers = verdict === 'review' ? mentionReviewers(env) : undefined
  if (reviewers !== undefined) commentNotes.push(reviewers)
  const onlyIfExists = verdict !== 'fail' && verdict !== 'review'
  let created = false
  await attempt(env, async () => {
    const outcome = await upsertComment(
      env.api,
      merged.number,
      {
        marker: `watch:${result.experiment}`,
        body: renderSurface(result, undefined, env.context.runUrl, `watch:${result.experiment}`, {
          stage: 'watch',
          notes: commentNotes,
        }),
        digest: digestResult(result, commentNotes),
      },
      { onlyIfExists },
    )
    created = outcome === 'created'
    env.io.info(`${result.checkName}: comment ${outcome} on merged #${merged.number}`)
  })
  if (verdict === 'review' && created && env.inputs.reviewers.length > 0) {
    await attempt(env, () => env.api.requestReviewers(merged.number, env.inputs.reviewers))
  }
  await attempt(env, () => applyVerdictLabel(env.api, merged, verdict))
  return { ...(revertUrl === undefined ? {} : { revertUrl }), notes, failures }
}

/** The reviewers line: users are also requested; teams are mentioned, since a workflow token cannot request them. */
function mentionReviewers(env: RunEnvironment): string | undefined {
  const { reviewers, teamReviewers } = env.inputs
  if (reviewers.length === 0 && teamReviewers.length === 0) return undefined
  const names = [...reviewers, ...teamReviewers].map((name) => `@${name}`).join(', ')
  return `👀 Review requested from ${names}.${teamReviewers.length > 0 ? ' (Teams are mentioned: a workflow token cannot request a team review.)' : ''}`
}

/** Re-gates the open pull requests whose llm-canary check still waits for data. */
async function reevaluateOpenPullRequests(env: RunEnvironment, base: string): Promise<string[]> {
  const notes: string[] = []
  for await (const pull of env.api.listPullRequests({
    state: 'open',
    base,
    sort: 'updated',
    max: MAX_OPEN_PULLS,
  })) {
    let channel: CheckChannel | undefined
    try {
      channel = await waitingChannel(env, pull.headSha)
    } catch (err) {
      if (!(err instanceof ActionError)) throw err
      env.io.warning(`cannot tell whether #${pull.number} waits for data: ${err.message}`)
      continue
    }
    if (channel === undefined) continue
    const target = { number: pull.number, headSha: pull.headSha, baseSha: pull.baseSha, labels: pull.labels }
    const evaluation = await evaluatePullRequest(env, { ...target, readOnly: false })
    await reportPullRequest(env, { ...target, channel }, evaluation.results)
    const outcomes = evaluation.results
      .filter((result) => result.untouched !== true)
      .map((result) => `${escapeMarkdown(result.experiment)} ${result.decision.outcome}`)
    notes.push(
      `🔄 Re-evaluated #${pull.number}, whose check was waiting for data: ${outcomes.join(', ') || 'no experiment changed'}.`,
    )
  }
  return notes
}

/** Where a pull request's llm-canary check is still waiting, if it is. */
async function waitingChannel(env: RunEnvironment, sha: string): Promise<CheckChannel | undefined> {
  const runs = (await env.api.listCheckRuns(sha)).filter((run) => run.name.startsWith(CHECK_PREFIX))
  if (runs.some((run) => run.status !== 'completed')) return 'check-run'
  if (runs.length > 0) return undefined
  const statuses = await env.api.listStatuses(sha)
  return statuses.some((status) => status.context.startsWith(CHECK_PREFIX) && status.state === 'pending')
    ? 'status'
    : undefined
}
