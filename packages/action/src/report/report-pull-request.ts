import { renderPullRequestComment, worstVerdict } from '@llm-canary/gate'
import type { ExperimentResult } from '../experiment-result.ts'
import type { RunEnvironment } from '../run-environment.ts'
import type { CheckChannel } from './check-report.ts'
import { CHECK_SUMMARY_MAX_CHARS, publishCheck } from './check-report.ts'
import { digestOf, upsertComment } from './comment.ts'
import { applyVerdictLabel } from './labels.ts'

/** Where a pull request's results go. */
export interface PullRequestReportTarget {
  readonly number: number
  readonly headSha: string
  readonly labels: readonly string[]
  readonly channel: CheckChannel
}

/**
 * Reports a pull request's results: a check (run or status) per experiment on the head commit, one
 * comment per changed experiment updated in place (a skipped one only updates a comment already there),
 * and the label of the worst verdict (none for a review a writer overrode). A call GitHub refuses (a missing permission) is reported as a warning naming the
 * permission and does not stop the others; a check run refused falls back to a commit status.
 *
 * @param env - GitHub, inputs, log.
 * @param target - The pull request, its head, its labels and the check channel.
 * @param results - Its experiments.
 */
export async function reportPullRequest(
  env: RunEnvironment,
  target: PullRequestReportTarget,
  results: readonly ExperimentResult[],
): Promise<void> {
  let channel = target.channel
  const detailsUrl = env.context.runUrl
  for (const result of results) {
    const summary = renderSurface(result, CHECK_SUMMARY_MAX_CHARS, detailsUrl)
    const publication = { result, sha: target.headSha, summary, detailsUrl }
    try {
      await publishCheck(env.api, publication, channel)
    } catch (err) {
      if (channel === 'check-run' && (err as { code?: unknown }).code === 'GITHUB_FORBIDDEN') {
        env.io.warning(`${(err as Error).message}; reporting a commit status instead`)
        channel = 'status'
        await attempt(env, () => publishCheck(env.api, publication, channel))
      } else {
        warn(env, err)
      }
    }
    if (result.untouched === true) continue
    await attempt(env, async () => {
      const outcome = await upsertComment(
        env.api,
        target.number,
        {
          marker: result.experiment,
          body: renderSurface(result, undefined, detailsUrl, result.experiment),
          digest: digestResult(result),
        },
        { onlyIfExists: result.decision.outcome === 'skipped' },
      )
      env.io.info(`${result.checkName}: comment ${outcome} on #${target.number}`)
    })
  }
  // A review a writer overrode is decided: it no longer asks for one (canary:needs-review), nor is it a pass.
  const verdict = worstVerdict(
    results.map((result) =>
      result.decision.outcome === 'overridden' ? 'inconclusive' : result.decision.verdict,
    ),
  )
  await attempt(env, () => applyVerdictLabel(env.api, target, verdict))
}

/** The text of a result on every surface: comment, check summary, job-summary section. */
export function renderSurface(
  result: ExperimentResult,
  maxChars: number | undefined,
  detailsUrl: string | undefined,
  marker?: string,
  extra: { readonly stage?: 'gate' | 'watch'; readonly notes?: readonly string[] } = {},
): string {
  return renderPullRequestComment({
    ...extra,
    change: result.change,
    decision: result.decision,
    gate: result.gate,
    file: result.file,
    checkName: result.checkName,
    ...(result.window === undefined ? {} : { window: result.window }),
    ...(marker === undefined ? {} : { marker }),
    ...(detailsUrl === undefined ? {} : { detailsUrl }),
    ...(maxChars === undefined ? {} : { maxChars }),
  })
}

/**
 * The digest of what a comment says, leaving out the clock: the report's generation time and window end.
 * A re-run on the same data therefore leaves the comment untouched; a changed note (the revert pull
 * request opened at last) edits it.
 *
 * @param result - The experiment's result.
 * @param notes - The lines the comment adds under the decision, if any.
 */
export function digestResult(result: ExperimentResult, notes: readonly string[] = []): string {
  const { report, ...gate } = result.gate
  return digestOf({
    change: result.change,
    decision: result.decision,
    gate,
    ...(notes.length === 0 ? {} : { notes }),
    since: result.window?.since.toISOString(),
    report:
      report === undefined
        ? undefined
        : { ...report, generatedAt: undefined, window: { ...report.window, until: undefined } },
  })
}

/** Runs a reporting call; a failure becomes a warning so the other reports still go out. */
export async function attempt(env: RunEnvironment, call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call()
    return true
  } catch (err) {
    warn(env, err)
    return false
  }
}

function warn(env: RunEnvironment, err: unknown): void {
  if (typeof (err as { code?: unknown }).code !== 'string') throw err
  env.io.warning((err as Error).message)
}
