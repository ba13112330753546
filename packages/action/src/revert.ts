import { ActionError } from './errors.ts'
import type { ExperimentAtCommit } from './experiment-files.ts'
import type { GitHubApi, PullRequestInfo } from './github/github-api.ts'
import { PULL_REQUEST_SETTING } from './github/github-errors.ts'
import { restoreConfiguration } from './restore-configuration.ts'

/** The revert pull request of a merged bump. */
export interface RevertPullRequest {
  readonly number: number
  readonly url: string
  /** False when an earlier run had opened it already. */
  readonly created: boolean
  /** How it was opened: GitHub's revert, or the restored experiment file on a branch. */
  readonly via: 'graphql' | 'rest' | 'earlier run'
  /** Why GitHub's revert was not used, when the file was restored on a branch instead. */
  readonly fallbackReason?: string
}

/** What to revert and why. */
export interface RevertRequest {
  /** The merged pull request. */
  readonly pullRequest: PullRequestInfo
  /** The repository's default branch, where the revert goes. */
  readonly base: string
  readonly experiment: string
  /** The experiment file now, on the default branch. */
  readonly current: ExperimentAtCommit
  /** The file before the bump, whose configuration is restored when GitHub's revert is not possible. */
  readonly previous: ExperimentAtCommit | undefined
  /** Why (Markdown), for the pull request's body. */
  readonly reason: string
}

/** Pull requests read at most while looking for an earlier revert. */
const MAX_PULLS_SCANNED = 100
const WRITERS = new Set(['admin', 'maintain', 'write'])

/**
 * The hidden marker a revert pull request carries, so every later run finds it instead of opening another.
 *
 * @param pullRequest - The reverted pull request's number.
 * @param experiment - The experiment id.
 */
function revertMarker(pullRequest: number, experiment: string): string {
  return `<!-- llm-canary:revert:${pullRequest}:${experiment.replace(/[\s<>!]|-(?=-)/g, '_')} -->`
}

/**
 * Opens the revert pull request of a merged bump exactly once, however often the workflow runs: an
 * earlier one (open, closed or merged — a person may have closed it on purpose) is found again by its
 * marker and its author (a bot, or a writer when a personal token opened it). Else GitHub's own revert
 * (GraphQL `revertPullRequest`); when that is not possible (a conflict, an older GHES), the previous
 * rollout configuration is restored in the experiment file on a branch (`llm-canary/revert-<n>`, reused by
 * a re-run; edits merged since, such as a guardrail, are kept) and a pull request is opened from it.
 *
 * @param api - GitHub.
 * @param request - The merged pull request, the experiment, its file now and before, and why.
 * @returns The revert pull request.
 * @throws ActionError `PULL_REQUESTS_DISABLED` naming the repository setting when Actions may not open
 *   pull requests; `GITHUB_REQUEST_FAILED` when the file cannot be restored.
 */
export async function revertOnce(api: GitHubApi, request: RevertRequest): Promise<RevertPullRequest> {
  const marker = revertMarker(request.pullRequest.number, request.experiment)
  const earlier = await findEarlierRevert(api, request, marker)
  if (earlier !== undefined)
    return { number: earlier.number, url: earlier.url, created: false, via: 'earlier run' }
  const title = `Revert "${request.pullRequest.title}" (llm-canary: ${request.experiment} regressed)`
  const body = `${request.reason}\n\nOpened by llm-canary's watch run: the bump merged in #${request.pullRequest.number} regresses beyond a tolerance. Merge this pull request to restore the previous configuration of \`${request.current.path}\`.\n\n${marker}\n`
  let fallbackReason: string
  try {
    const opened = await api.revertPullRequest({ pullRequestId: request.pullRequest.nodeId, title, body })
    return { ...opened, created: true, via: 'graphql' }
  } catch (err) {
    if ((err as { code?: unknown }).code === 'PULL_REQUESTS_DISABLED') throw err
    // GitHub's revert failed for another reason (a conflict, an API without the mutation): restore the file.
    fallbackReason = err instanceof Error ? err.message : String(err)
  }
  return { ...(await restoreOnBranch(api, request, title, body)), created: true, via: 'rest', fallbackReason }
}

async function findEarlierRevert(
  api: GitHubApi,
  request: RevertRequest,
  marker: string,
): Promise<PullRequestInfo | undefined> {
  const since = request.pullRequest.mergedAt?.getTime() ?? 0
  for await (const pull of api.listPullRequests({
    state: 'all',
    base: request.base,
    sort: 'created',
    max: MAX_PULLS_SCANNED,
  })) {
    if (pull.createdAt.getTime() < since) break
    if (!pull.body.includes(marker)) continue
    if (pull.authorType === 'Bot' || WRITERS.has(await api.getPermission(pull.author))) return pull
  }
  return undefined
}

async function restoreOnBranch(
  api: GitHubApi,
  request: RevertRequest,
  title: string,
  body: string,
): Promise<{ number: number; url: string }> {
  const { previous, current } = request
  if (previous === undefined) {
    throw new ActionError(
      'GITHUB_REQUEST_FAILED',
      `cannot revert #${request.pullRequest.number}: GitHub's revert failed and the pull request created ${current.path}, so there is no previous configuration to restore; revert it by hand`,
    )
  }
  const branch = `llm-canary/revert-${request.pullRequest.number}`
  if ((await api.getBranchSha(branch)) === undefined) {
    const head = await api.getBranchSha(request.base)
    if (head === undefined) {
      throw new ActionError(
        'GITHUB_REQUEST_FAILED',
        `cannot revert: the branch ${request.base} was not found`,
      )
    }
    await api.createBranch(branch, head)
  }
  const restored = restoreConfiguration(current, previous)
  const onBranch = await api.readFile(current.path, branch)
  if (onBranch?.text !== restored) {
    await api.writeFile({
      branch,
      path: current.path,
      text: restored,
      message: `Restore ${current.path} as before #${request.pullRequest.number} (llm-canary: ${request.experiment} regressed)`,
      ...(onBranch === undefined ? {} : { blobSha: onBranch.sha }),
    })
  }
  try {
    return await api.createPullRequest({ title, head: branch, base: request.base, body })
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'PULL_REQUESTS_DISABLED') throw err
    throw new ActionError(
      'PULL_REQUESTS_DISABLED',
      `${(err as Error).message}. The revert is ready on branch ${branch}: open its pull request by hand, or turn on ${PULL_REQUEST_SETTING}`,
      { cause: err },
    )
  }
}
