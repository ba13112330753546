import { authorAssociation } from './json-pulls.ts'
import type { JsonContext } from './json-repo.ts'
import { userJson } from './json-repo.ts'
import type { CommentState, IssueEventState, RepositoryRole } from './model-types.ts'

type Json = Record<string, unknown>

/** An `issue-comment` object. */
export function commentJson(ctx: JsonContext, comment: CommentState): Json {
  const { fullName } = ctx.state
  return {
    id: comment.id,
    node_id: comment.nodeId,
    url: `${ctx.api}/repos/${fullName}/issues/comments/${comment.id}`,
    html_url: `${ctx.server}/${fullName}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
    body: comment.body,
    user: userJson(ctx, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${ctx.api}/repos/${fullName}/issues/${comment.issueNumber}`,
    author_association: authorAssociation(ctx, comment.user),
    performed_via_github_app: null,
  }
}

/**
 * An issue event object (`labeled-issue-event`, `review-requested-issue-event`,
 * `state-change-issue-event` for `closed` / `merged` / `reopened`).
 */
export function issueEventJson(ctx: JsonContext, event: IssueEventState): Json {
  const { fullName } = ctx.state
  const json: Json = {
    id: event.id,
    node_id: event.nodeId,
    url: `${ctx.api}/repos/${fullName}/issues/events/${event.id}`,
    actor: userJson(ctx, event.actor),
    event: event.event,
    commit_id: event.commitId ?? null,
    commit_url:
      event.commitId === undefined ? null : `${ctx.api}/repos/${fullName}/commits/${event.commitId}`,
    created_at: event.createdAt,
    performed_via_github_app: null,
  }
  if (event.label !== undefined) json.label = { ...event.label }
  if (event.reviewer !== undefined) {
    json.review_requester = userJson(ctx, event.actor)
    json.requested_reviewer = userJson(ctx, event.reviewer)
  }
  return json
}

/** Whether `GET /issues/{n}/events` can list this event (its schema has no `closed`/`merged` shape). */
export function isListedIssueEvent(event: IssueEventState): boolean {
  return event.event === 'labeled' || event.event === 'unlabeled' || event.event === 'review_requested'
}

/** A pull request's timeline: its issue events and its comments (`commented`), oldest first. */
export function timelineJson(ctx: JsonContext, number: number): Json[] {
  const events = ctx.state.events
    .filter((e) => e.issueNumber === number)
    .map((e) => ({ at: e.createdAt, id: e.id, json: issueEventJson(ctx, e) }))
  const comments = ctx.state.comments
    .filter((c) => c.issueNumber === number)
    .map((c) => ({
      at: c.createdAt,
      id: c.id,
      json: { ...commentJson(ctx, c), event: 'commented', actor: userJson(ctx, c.user) },
    }))
  return [...events, ...comments]
    .sort((a, b) => (a.at === b.at ? a.id - b.id : a.at < b.at ? -1 : 1))
    .map((entry) => entry.json)
}

const LEGACY_PERMISSION: Readonly<Record<RepositoryRole, string>> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
}

/**
 * The answer of `GET /collaborators/{username}/permission`: `permission` in the legacy four levels,
 * `role_name` the real role. A non-collaborator of a public repository reads as `read`.
 */
export function collaboratorPermissionJson(ctx: JsonContext, login: string): Json {
  const role = ctx.state.role(login)
  const permission = role === undefined ? 'read' : LEGACY_PERMISSION[role]
  const atLeast = (levels: readonly RepositoryRole[]): boolean => role !== undefined && levels.includes(role)
  return {
    permission,
    role_name: role ?? 'read',
    user: {
      ...userJson(ctx, login),
      permissions: {
        admin: atLeast(['admin']),
        maintain: atLeast(['admin', 'maintain']),
        push: atLeast(['admin', 'maintain', 'write']),
        triage: atLeast(['admin', 'maintain', 'write', 'triage']),
        pull: true,
      },
      role_name: role ?? 'read',
    },
  }
}
