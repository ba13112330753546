import { pullFilesJson, pullJson, pullSimpleJson } from './json-pulls.ts'
import type { PullState } from './model-types.ts'
import { openPull } from './pull-requests.ts'
import type { RouteContext, RouteResult, RouteTable } from './route-kit.ts'
import { fail, paginate, pullOf, validationFailed } from './route-kit.ts'

/** GitHub's answer when the repository setting keeps the Actions token from opening pull requests. */
const ACTIONS_MAY_NOT_CREATE_PRS = 'GitHub Actions is not permitted to create or approve pull requests.'

function listPulls(ctx: RouteContext): RouteResult {
  const { query, state } = ctx
  const wanted = String(query.state ?? 'open')
  let pulls = [...state.pulls.values()].filter((p) => wanted === 'all' || p.state === wanted)
  if (typeof query.base === 'string') pulls = pulls.filter((p) => p.baseRef === query.base)
  if (typeof query.head === 'string') {
    const [owner, branch] = query.head.includes(':') ? query.head.split(':') : [state.owner, query.head]
    pulls = pulls.filter((p) => (p.fork ?? state.owner) === owner && p.headRef === branch)
  }
  const sort = String(query.sort ?? 'created')
  const key = (p: PullState): string => (sort === 'updated' ? p.updatedAt : p.createdAt)
  // GitHub: desc when sorting by creation (the default), asc otherwise.
  const direction = query.direction ?? (sort === 'created' ? 'desc' : 'asc')
  pulls.sort((a, b) => (key(a) === key(b) ? a.number - b.number : key(a) < key(b) ? -1 : 1))
  if (direction === 'desc') pulls.reverse()
  const page = paginate(ctx, pulls)
  return { ...page, body: page.body.map((p) => pullSimpleJson(ctx, p)) }
}

function createPull(ctx: RouteContext): RouteResult {
  const { state, body, grant } = ctx
  if (grant.kind === 'actions' && !state.settings.actionsCanCreatePullRequests) {
    return fail(403, ACTIONS_MAY_NOT_CREATE_PRS, ctx.operation.documentationUrl)
  }
  const rawHead = String(body.head)
  const [headOwner, head] = rawHead.includes(':') ? rawHead.split(':') : [state.owner, rawHead]
  const base = String(body.base)
  if (headOwner !== state.owner || !state.branches.has(head!)) {
    return validationFailed(ctx, { resource: 'PullRequest', field: 'head', code: 'invalid' })
  }
  if (!state.branches.has(base))
    return validationFailed(ctx, { resource: 'PullRequest', field: 'base', code: 'invalid' })
  const duplicate = [...state.pulls.values()].find(
    (p) => p.state === 'open' && p.headRef === head && p.baseRef === base,
  )
  if (duplicate !== undefined) {
    return validationFailed(ctx, {
      resource: 'PullRequest',
      code: 'custom',
      message: `A pull request already exists for ${state.owner}:${head}.`,
    })
  }
  if (state.git.commitsBetween(state.branches.get(base)!, state.branches.get(head!)!).length === 0) {
    return validationFailed(ctx, {
      resource: 'PullRequest',
      code: 'custom',
      message: `No commits between ${base} and ${head}`,
    })
  }
  const pr = openPull(state, {
    head: head!,
    base,
    author: grant.identity.login,
    title: String(body.title ?? head),
    ...(typeof body.body === 'string' ? { body: body.body } : {}),
    draft: body.draft === true,
  })
  return { status: 201, body: pullJson(ctx, pr) }
}

function requestReviewers(ctx: RouteContext): RouteResult {
  const pr = pullOf(ctx)
  const reviewers: string[] = ctx.body.reviewers ?? []
  const teams: string[] = ctx.body.team_reviewers ?? []
  const doc = ctx.operation.documentationUrl
  if (reviewers.includes(pr.author))
    return fail(422, 'Review cannot be requested from pull request author.', doc)
  if (teams.length > 0 || reviewers.some((login) => ctx.state.role(login) === undefined)) {
    return fail(
      422,
      `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${ctx.state.fullName} repository.`,
      doc,
    )
  }
  for (const login of reviewers) {
    if (pr.requestedReviewers.includes(login)) continue
    pr.requestedReviewers.push(login)
    ctx.state.recordEvent(pr.number, 'review_requested', ctx.grant.identity.login, { reviewer: login })
  }
  return { status: 201, body: pullSimpleJson(ctx, pr) }
}

/** Pull requests: get, list, files, create, review requests. */
export const pullRoutes: RouteTable = {
  'GET /repos/{owner}/{repo}/pulls/{pull_number}': (ctx) => ({
    status: 200,
    body: pullJson(ctx, pullOf(ctx)),
  }),
  'GET /repos/{owner}/{repo}/pulls': listPulls,
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': (ctx) =>
    paginate(ctx, pullFilesJson(ctx, pullOf(ctx))),
  'POST /repos/{owner}/{repo}/pulls': createPull,
  'POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers': requestReviewers,
}
