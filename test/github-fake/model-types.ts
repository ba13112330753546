/** A GitHub account the fake knows: people, the Actions bot, organisations. */
export interface GitHubUser {
  readonly login: string
  readonly id: number
  readonly nodeId: string
  readonly type: 'User' | 'Bot' | 'Organization'
}

/** A repository role, as `GET /collaborators/{username}/permission` reports it in `role_name`. */
export type RepositoryRole = 'admin' | 'maintain' | 'write' | 'triage' | 'read'

/** The permission scopes of an Actions token (`permissions:` in a workflow). */
export type TokenScope = 'checks' | 'contents' | 'pull-requests' | 'statuses' | 'issues' | 'metadata'

/** A scope's access level. */
export type Access = 'none' | 'read' | 'write'

/** What a token may do and on whose behalf. */
export interface TokenGrant {
  readonly kind: 'actions' | 'fork' | 'user'
  readonly identity: GitHubUser
  /** Actions and fork tokens: the scopes; user tokens act with the user's repository role instead. */
  readonly permissions: Readonly<Partial<Record<TokenScope, Access>>>
}

/** A pull request as the fake keeps it. Numbers are shared with issues, like on GitHub. */
export interface PullState {
  readonly number: number
  readonly id: number
  readonly nodeId: string
  title: string
  body: string | null
  readonly author: string
  readonly headRef: string
  readonly baseRef: string
  /** The fork owner's login for a pull request from a fork; undefined for a branch of this repository. */
  readonly fork: string | undefined
  headSha: string
  /** The base branch's tip when the pull request was merged or closed (GitHub freezes `base.sha`). */
  baseShaAtClose: string | undefined
  state: 'open' | 'closed'
  draft: boolean
  merged: boolean
  mergedAt: string | null
  mergedBy: string | null
  mergeCommitSha: string | null
  closedAt: string | null
  readonly createdAt: string
  updatedAt: string
  labels: string[]
  requestedReviewers: string[]
}

/** An issue or pull request comment. */
export interface CommentState {
  readonly id: number
  readonly nodeId: string
  readonly issueNumber: number
  body: string
  readonly user: string
  readonly createdAt: string
  updatedAt: string
}

/** A repository label. */
export interface LabelState {
  readonly id: number
  readonly nodeId: string
  readonly name: string
  color: string
  description: string | null
}

/** An issue event (`labeled`, `review_requested`, `merged` …) with the actor who caused it. */
export interface IssueEventState {
  readonly id: number
  readonly nodeId: string
  readonly issueNumber: number
  readonly event: 'labeled' | 'unlabeled' | 'review_requested' | 'merged' | 'closed' | 'reopened'
  readonly actor: string
  readonly createdAt: string
  readonly label?: { readonly name: string; readonly color: string }
  readonly commitId?: string
  readonly reviewer?: string
}

/** One check-run annotation, as posted. */
export interface AnnotationState {
  readonly path: string
  readonly start_line: number
  readonly end_line: number
  readonly annotation_level: 'notice' | 'warning' | 'failure'
  readonly message: string
  readonly title?: string
  readonly raw_details?: string
  readonly start_column?: number
  readonly end_column?: number
}

/** A check run; annotations accumulate over PATCHes like on GitHub. */
export interface CheckRunState {
  readonly id: number
  readonly nodeId: string
  name: string
  readonly headSha: string
  status: 'queued' | 'in_progress' | 'completed'
  conclusion: string | null
  startedAt: string | null
  completedAt: string | null
  detailsUrl: string | null
  externalId: string | null
  output: { title: string | null; summary: string | null; text: string | null }
  readonly annotations: AnnotationState[]
  readonly creator: string
}

/** A commit status. */
export interface StatusState {
  readonly id: number
  readonly nodeId: string
  readonly sha: string
  readonly state: 'error' | 'failure' | 'pending' | 'success'
  readonly targetUrl: string | null
  readonly description: string | null
  readonly context: string
  readonly creator: string
  readonly createdAt: string
}
