import {
  collaboratorPermissionJson,
  commentJson,
  isListedIssueEvent,
  issueEventJson,
  timelineJson,
} from './json-issues.ts'
import { labelJson, pullLabelsJson } from './json-pulls.ts'
import type { CommentState } from './model-types.ts'
import { isoSeconds } from './repo-state.ts'
import type { RouteContext, RouteResult, RouteTable } from './route-kit.ts'
import { notFound, paginate, pullOf, validationFailed } from './route-kit.ts'

/** GitHub's limit on an issue or pull request comment, in characters. */
const COMMENT_MAX_CHARS = 65_536

function checkBody(ctx: RouteContext, body: string): void {
  if ([...body].length > COMMENT_MAX_CHARS) {
    validationFailed(ctx, {
      resource: 'IssueComment',
      code: 'unprocessable',
      field: 'data',
      message: `Body is too long (maximum is ${COMMENT_MAX_CHARS} characters)`,
    })
  }
}

function commentOf(ctx: RouteContext): CommentState {
  const id = Number(ctx.params.comment_id)
  return ctx.state.comments.find((c) => c.id === id) ?? notFound(ctx)
}

function listComments(ctx: RouteContext): RouteResult {
  const pr = pullOf(ctx)
  const since = typeof ctx.query.since === 'string' ? isoSeconds(ctx.query.since) : undefined
  const comments = ctx.state.comments.filter(
    (c) => c.issueNumber === pr.number && (since === undefined || c.updatedAt >= since),
  )
  const page = paginate(ctx, comments)
  return { ...page, body: page.body.map((c) => commentJson(ctx, c)) }
}

function createComment(ctx: RouteContext): RouteResult {
  const pr = pullOf(ctx)
  checkBody(ctx, ctx.body.body)
  const comment = ctx.state.addComment(pr.number, ctx.body.body, ctx.grant.identity.login)
  return { status: 201, body: commentJson(ctx, comment) }
}

function updateComment(ctx: RouteContext): RouteResult {
  const comment = commentOf(ctx)
  checkBody(ctx, ctx.body.body)
  comment.body = ctx.body.body
  comment.updatedAt = isoSeconds()
  return { status: 200, body: commentJson(ctx, comment) }
}

function deleteComment(ctx: RouteContext): RouteResult {
  const comment = commentOf(ctx)
  ctx.state.comments.splice(ctx.state.comments.indexOf(comment), 1)
  return { status: 204 }
}

function createLabel(ctx: RouteContext): RouteResult {
  const name = String(ctx.body.name)
  if (ctx.state.label(name) !== undefined) {
    return validationFailed(ctx, { resource: 'Label', code: 'already_exists', field: 'name' })
  }
  const label = ctx.state.createLabel(name, ctx.body.color ?? 'ededed', ctx.body.description ?? null)
  return { status: 201, body: labelJson(ctx, label) }
}

/** `labels` may be `["a"]`, `[{ name: "a" }]`, or the array itself as the body. */
function labelNames(body: unknown): string[] {
  const list = Array.isArray(body) ? body : ((body as { labels?: unknown[] }).labels ?? [])
  return list.map((l) => (typeof l === 'string' ? l : String((l as { name: unknown }).name)))
}

function addLabels(ctx: RouteContext): RouteResult {
  const pr = pullOf(ctx)
  ctx.state.addLabels(pr.number, labelNames(ctx.body), ctx.grant.identity.login)
  return { status: 200, body: pullLabelsJson(ctx, pr) }
}

function removeLabel(ctx: RouteContext): RouteResult {
  const pr = pullOf(ctx)
  if (!ctx.state.removeLabel(pr.number, ctx.params.name!, ctx.grant.identity.login)) {
    return notFound(ctx, 'Label does not exist')
  }
  return { status: 200, body: pullLabelsJson(ctx, pr) }
}

function listEvents(ctx: RouteContext): RouteResult {
  const pr = pullOf(ctx)
  const events = ctx.state.events.filter((e) => e.issueNumber === pr.number && isListedIssueEvent(e))
  const page = paginate(ctx, events)
  return { ...page, body: page.body.map((e) => issueEventJson(ctx, e)) }
}

/** Issue comments, labels, issue events and timeline, collaborator permissions. */
export const issueRoutes: RouteTable = {
  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': listComments,
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': createComment,
  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': updateComment,
  'DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}': deleteComment,
  'GET /repos/{owner}/{repo}/labels': (ctx) => {
    const page = paginate(ctx, [...ctx.state.labels.values()])
    return { ...page, body: page.body.map((l) => labelJson(ctx, l)) }
  },
  'POST /repos/{owner}/{repo}/labels': createLabel,
  'GET /repos/{owner}/{repo}/labels/{name}': (ctx) => {
    const label = ctx.state.label(ctx.params.name!) ?? notFound(ctx)
    return { status: 200, body: labelJson(ctx, label) }
  },
  'POST /repos/{owner}/{repo}/issues/{issue_number}/labels': addLabels,
  'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}': removeLabel,
  'GET /repos/{owner}/{repo}/issues/{issue_number}/events': listEvents,
  'GET /repos/{owner}/{repo}/issues/{issue_number}/timeline': (ctx) =>
    paginate(ctx, timelineJson(ctx, pullOf(ctx).number)),
  'GET /repos/{owner}/{repo}/collaborators/{username}/permission': (ctx) => {
    const login = ctx.params.username!
    if (!ctx.state.users.has(login)) return notFound(ctx)
    return { status: 200, body: collaboratorPermissionJson(ctx, login) }
  },
}
