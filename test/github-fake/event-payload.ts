import { createRequire } from 'node:module'
import { E2eError } from '../helpers/e2e-error.ts'
import { labelJson, pullJson } from './json-pulls.ts'
import type { JsonContext } from './json-repo.ts'
import { repositoryJson, userJson } from './json-repo.ts'
import type { PullState } from './model-types.ts'
import { mergedFiles } from './pull-requests.ts'
import { isoSeconds } from './repo-state.ts'

type Json = Record<string, unknown>

/** The workflow events the Action runs on. */
export type EventName =
  | 'pull_request'
  | 'pull_request_target'
  | 'push'
  | 'schedule'
  | 'workflow_dispatch'
  | 'workflow_run'

/** What the runner gives a step for one event: the payload and the `GITHUB_SHA` / `GITHUB_REF` of the run. */
export interface RunContext {
  readonly event: EventName
  readonly payload: Json
  readonly sha: string
  readonly ref: string
}

interface WebhookDefinition {
  readonly name: string
  readonly examples: Json[]
}

let examples: readonly WebhookDefinition[] | undefined

/** The real example payloads of `@octokit/webhooks-examples`, loaded once. */
function webhookExamples(): readonly WebhookDefinition[] {
  examples ??= createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[]
  return examples
}

function example(name: string, action: string | undefined): Json {
  const definition = webhookExamples().find((d) => d.name === name)
  const found = definition?.examples.find((e) => action === undefined || e.action === action)
  if (found === undefined) {
    throw new E2eError(
      'FAKE_SETUP',
      `@octokit/webhooks-examples has no ${name} example${action ? ` with action "${action}"` : ''}`,
    )
  }
  const copy = structuredClone(found)
  // Workflow runs of a repository carry no GitHub App installation or organisation.
  delete copy.installation
  delete copy.organization
  delete copy.enterprise
  return copy
}

/** The example's object with every field the fake knows replaced by the fake's value. */
function overlay(base: unknown, ours: Json): Json {
  return { ...(base as Json), ...ours }
}

function lastLabeled(ctx: JsonContext, pr: PullState): { actor: string; name: string } | undefined {
  const event = ctx.state.events.filter((e) => e.issueNumber === pr.number && e.event === 'labeled').at(-1)
  return event === undefined ? undefined : { actor: event.actor, name: event.label!.name }
}

/**
 * A pull request event payload (`opened`, `synchronize`, `labeled`, `closed`, `reopened`, …): GitHub's
 * real example for that action with the pull request, repository, sender and label taken from the state.
 */
function pullRequestPayload(ctx: JsonContext, action: string, number: number | undefined): Json {
  if (number === undefined)
    throw new E2eError('FAKE_SETUP', 'a pull_request payload needs the pull request number')
  const pr = ctx.state.pull(number)
  const payload = example('pull_request', action)
  const pull = pullJson(ctx, pr)
  payload.number = pr.number
  payload.pull_request = overlay(payload.pull_request, pull)
  payload.repository = overlay(payload.repository, repositoryJson(ctx))
  let sender = pr.author
  if (action === 'labeled' || action === 'unlabeled') {
    const labeled = lastLabeled(ctx, pr)
    if (labeled === undefined)
      throw new E2eError('FAKE_SETUP', `pull request #${number} has no label; add one first`)
    sender = labeled.actor
    payload.label = labelJson(ctx, ctx.state.label(labeled.name)!)
  }
  if (action === 'closed' && pr.mergedBy !== null) sender = pr.mergedBy
  if (action === 'synchronize') {
    payload.after = pr.headSha
    payload.before = ctx.state.git.get(pr.headSha).parents[0] ?? pr.headSha
  }
  payload.sender = userJson(ctx, sender)
  return payload
}

/**
 * A `workflow_run` `completed` payload: the pull request's CI run (a `pull_request` workflow) finished on
 * its head. GitHub lists the run's pull requests only when the head is a branch of this repository; for a
 * fork's it sends `pull_requests: []`, and an action must find the pull request by the head sha.
 */
function workflowRunPayload(ctx: JsonContext, number: number | undefined): Json {
  if (number === undefined) {
    throw new E2eError(
      'FAKE_SETUP',
      'a workflow_run payload needs the number of the pull request whose CI ran',
    )
  }
  const pr = ctx.state.pull(number)
  const payload = example('workflow_run', 'completed')
  const pull = pullJson(ctx, pr) as { head: Json & { repo: Json }; base: Json & { repo: Json } }
  const side = (at: Json & { repo: Json }): Json => ({
    ref: at.ref,
    sha: at.sha,
    repo: { id: at.repo.id, url: at.repo.url, name: at.repo.name },
  })
  const repository = repositoryJson(ctx)
  const run = payload.workflow_run as Json
  payload.workflow_run = overlay(run, {
    name: 'CI',
    event: 'pull_request',
    status: 'completed',
    conclusion: 'success',
    head_branch: pr.headRef,
    head_sha: pr.headSha,
    pull_requests:
      pr.fork === undefined
        ? [
            {
              url: `${ctx.api}/repos/${ctx.state.fullName}/pulls/${pr.number}`,
              id: pr.id,
              number: pr.number,
              head: side(pull.head),
              base: side(pull.base),
            },
          ]
        : [],
    head_repository: overlay(run.head_repository, pull.head.repo),
    repository: overlay(run.repository, repository),
  })
  payload.workflow = overlay(payload.workflow, { name: 'CI' })
  payload.repository = overlay(payload.repository, repository)
  payload.sender = userJson(ctx, pr.author)
  return payload
}

function pushPayload(ctx: JsonContext, branch: string): Json {
  const { state } = ctx
  const after = state.branches.get(branch)
  if (after === undefined) throw new E2eError('FAKE_SETUP', `branch "${branch}" does not exist`)
  const tip = state.git.get(after)
  const before = tip.parents[0]
  const payload = example('push', undefined)
  const commitJson = (sha: string): Json => {
    const c = state.git.get(sha)
    const parent = c.parents[0] === undefined ? new Map<string, string>() : state.git.get(c.parents[0]).files
    const changes = state.git.diff(parent, c.files)
    const pick = (status: string): string[] => changes.filter((x) => x.status === status).map((x) => x.path)
    return {
      id: c.sha,
      tree_id: c.treeSha,
      distinct: true,
      message: c.message,
      timestamp: c.committer.date,
      url: `${ctx.server}/${state.fullName}/commit/${c.sha}`,
      author: { name: c.author.name, email: c.author.email, username: c.author.name },
      committer: { name: c.committer.name, email: c.committer.email, username: c.committer.name },
      added: pick('added'),
      removed: pick('removed'),
      modified: pick('modified'),
    }
  }
  const commits = before === undefined ? [after] : state.git.commitsBetween(before, after).map((c) => c.sha)
  const pusher = tip.author.name
  Object.assign(payload, {
    ref: `refs/heads/${branch}`,
    before: before ?? '0000000000000000000000000000000000000000',
    after,
    created: before === undefined,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: `${ctx.server}/${state.fullName}/compare/${(before ?? after).slice(0, 12)}...${after.slice(0, 12)}`,
    commits: commits.map(commitJson),
    head_commit: commitJson(after),
    repository: overlay(payload.repository, { ...repositoryJson(ctx), master_branch: state.defaultBranch }),
    pusher: { name: pusher, email: tip.author.email },
    sender: userJson(ctx, pusher),
  })
  return payload
}

/**
 * Builds an event payload as the runner writes it to `GITHUB_EVENT_PATH`. `schedule` has no webhook
 * example: the runner writes the cron line with the repository and sender.
 *
 * @param target the pull request number (for `workflow_run`, the one whose CI run completed), or for
 *   `push` the branch (default: the default branch).
 */
export function buildEventPayload(
  ctx: JsonContext,
  event: EventName,
  action?: string,
  target?: number | string,
): Json {
  const { state } = ctx
  switch (event) {
    case 'pull_request':
    case 'pull_request_target':
      return pullRequestPayload(ctx, action ?? 'opened', typeof target === 'number' ? target : undefined)
    case 'push':
      return pushPayload(ctx, typeof target === 'string' ? target : state.defaultBranch)
    case 'schedule':
      return {
        schedule: action ?? '0 6 * * *',
        repository: repositoryJson(ctx),
        sender: userJson(ctx, state.owner),
      }
    case 'workflow_run':
      return workflowRunPayload(ctx, typeof target === 'number' ? target : undefined)
    case 'workflow_dispatch': {
      const payload = example('workflow_dispatch', undefined)
      return Object.assign(payload, {
        inputs: {},
        ref: `refs/heads/${state.defaultBranch}`,
        repository: overlay(payload.repository, repositoryJson(ctx)),
        sender: userJson(ctx, state.owner),
        workflow: '.github/workflows/model-canary-watch.yml',
      })
    }
  }
}

/**
 * The payload plus `GITHUB_SHA` and `GITHUB_REF` as the runner sets them: for `pull_request` the test
 * merge commit on `refs/pull/<n>/merge` (a commit that exists but is on no branch, so an action must use
 * `pull_request.head.sha`), for `pull_request_target` the base branch's tip, otherwise the branch's tip.
 */
export function buildRunContext(
  ctx: JsonContext,
  event: EventName,
  action?: string,
  target?: number | string,
): RunContext {
  const { state } = ctx
  const payload = buildEventPayload(ctx, event, action, target)
  if (event === 'pull_request' || event === 'pull_request_target') {
    const pr = state.pull(target as number)
    const baseTip = state.git.get(state.branches.get(pr.baseRef)!)
    if (event === 'pull_request_target')
      return { event, payload, sha: baseTip.sha, ref: `refs/heads/${pr.baseRef}` }
    const head = state.git.get(pr.headSha)
    const date = isoSeconds()
    const testMerge = state.git.commit({
      parents: [baseTip.sha, head.sha],
      files: mergedFiles(state, baseTip, head, `test merge of #${pr.number}`),
      message: `Merge ${head.sha} into ${baseTip.sha}`,
      author: state.person(pr.author, date),
      committer: { name: 'GitHub', email: 'noreply@github.com', date },
    })
    return { event, payload, sha: testMerge.sha, ref: `refs/pull/${pr.number}/merge` }
  }
  const branch = event === 'push' && typeof target === 'string' ? target : state.defaultBranch
  return { event, payload, sha: state.branches.get(branch)!, ref: `refs/heads/${branch}` }
}
