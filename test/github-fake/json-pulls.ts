import type { JsonContext } from './json-repo.ts'
import { diffEntryJson, repositoryJson, userJson } from './json-repo.ts'
import type { LabelState, PullState } from './model-types.ts'

type Json = Record<string, unknown>

/** The `author_association` GitHub shows for a login on this repository. */
export function authorAssociation(ctx: JsonContext, login: string): string {
  if (login === ctx.state.owner) return 'OWNER'
  if (ctx.state.role(login) !== undefined) return 'COLLABORATOR'
  return ctx.state.user(login).type === 'Bot' ? 'NONE' : 'CONTRIBUTOR'
}

/** A `label` object. */
export function labelJson(ctx: JsonContext, label: LabelState): Json {
  return {
    id: label.id,
    node_id: label.nodeId,
    url: `${ctx.api}/repos/${ctx.state.fullName}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: false,
  }
}

/** The labels of a pull request as label objects. */
export function pullLabelsJson(ctx: JsonContext, pr: PullState): Json[] {
  return pr.labels.map((name) => labelJson(ctx, ctx.state.label(name)!))
}

/** The tip of the base branch a pull request shows as `base.sha` (frozen once it is closed). */
function baseSha(ctx: JsonContext, pr: PullState): string {
  return pr.baseShaAtClose ?? ctx.state.branches.get(pr.baseRef)!
}

function endJson(ctx: JsonContext, pr: PullState, side: 'head' | 'base'): Json {
  const owner = side === 'head' ? (pr.fork ?? ctx.state.owner) : ctx.state.owner
  const ref = side === 'head' ? pr.headRef : pr.baseRef
  return {
    label: `${owner}:${ref}`,
    ref,
    sha: side === 'head' ? pr.headSha : baseSha(ctx, pr),
    user: userJson(ctx, owner),
    repo: repositoryJson(ctx, side === 'head' ? pr.fork : undefined),
  }
}

/** A `pull-request-simple` object (list entries, review-request answers). */
export function pullSimpleJson(ctx: JsonContext, pr: PullState): Json {
  const { state } = ctx
  const api = `${ctx.api}/repos/${state.fullName}`
  const html = `${ctx.server}/${state.fullName}/pull/${pr.number}`
  const link = (href: string): Json => ({ href })
  return {
    url: `${api}/pulls/${pr.number}`,
    id: pr.id,
    node_id: pr.nodeId,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${pr.number}`,
    commits_url: `${api}/pulls/${pr.number}/commits`,
    review_comments_url: `${api}/pulls/${pr.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pr.number}/comments`,
    statuses_url: `${api}/statuses/${pr.headSha}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: userJson(ctx, pr.author),
    body: pr.body,
    // pull-request-simple declares a label's description a plain string.
    labels: pullLabelsJson(ctx, pr).map((l) => ({ ...l, description: l.description ?? '' })),
    milestone: null,
    active_lock_reason: null,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    merged_at: pr.mergedAt,
    merge_commit_sha: pr.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: pr.requestedReviewers.map((login) => userJson(ctx, login)),
    requested_teams: [],
    head: endJson(ctx, pr, 'head'),
    base: endJson(ctx, pr, 'base'),
    _links: {
      self: link(`${api}/pulls/${pr.number}`),
      html: link(html),
      issue: link(`${api}/issues/${pr.number}`),
      comments: link(`${api}/issues/${pr.number}/comments`),
      review_comments: link(`${api}/pulls/${pr.number}/comments`),
      review_comment: link(`${api}/pulls/comments{/number}`),
      commits: link(`${api}/pulls/${pr.number}/commits`),
      statuses: link(`${api}/statuses/${pr.headSha}`),
    },
    author_association: authorAssociation(ctx, pr.author),
    auto_merge: null,
    draft: pr.draft,
  }
}

/** The files a pull request changes: the three-dot diff from the merge base to its head. */
export function pullFilesJson(ctx: JsonContext, pr: PullState): Json[] {
  const { git } = ctx.state
  const base = git.mergeBase(baseSha(ctx, pr), pr.headSha)
  const before = base === undefined ? new Map<string, string>() : git.get(base).files
  return git.diff(before, git.get(pr.headSha).files).map((change) => diffEntryJson(ctx, change, pr.headSha))
}

/** A full `pull-request` object, as `GET /pulls/{n}` answers. */
export function pullJson(ctx: JsonContext, pr: PullState): Json {
  const { state } = ctx
  const files = pullFilesJson(ctx, pr)
  const base = baseSha(ctx, pr)
  const commits = state.git.commitsBetween(base, pr.headSha).length
  const comments = state.comments.filter((c) => c.issueNumber === pr.number).length
  return {
    ...pullSimpleJson(ctx, pr),
    merged: pr.merged,
    mergeable: pr.state === 'open' ? true : null,
    rebaseable: pr.state === 'open' ? true : null,
    mergeable_state: pr.state === 'open' ? 'clean' : 'unknown',
    merged_by: pr.mergedBy === null ? null : userJson(ctx, pr.mergedBy),
    comments,
    review_comments: 0,
    maintainer_can_modify: false,
    commits,
    additions: files.reduce((n, f) => n + (f.additions as number), 0),
    deletions: files.reduce((n, f) => n + (f.deletions as number), 0),
    changed_files: files.length,
  }
}
