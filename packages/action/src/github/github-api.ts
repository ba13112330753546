import { getOctokit } from '@actions/github'
import { isNotFound, toActionError } from './github-errors.ts'

/**
 * The action's only door to GitHub: every REST and GraphQL call it makes, each named after what it
 * does, each failure turned into an `ActionError` that names the permission to add. Built on the
 * toolkit's Octokit, so `GITHUB_API_URL` (GHES, or a loopback GitHub in tests) is honoured, and tests
 * inject `fetch`.
 */

/** Where to reach GitHub and as whom. */
export interface GitHubApiOptions {
  readonly token: string
  /** `owner/repo`. */
  readonly repository: string
  /** REST base URL (`GITHUB_API_URL`); default `https://api.github.com`. */
  readonly apiUrl?: string
  /** GraphQL endpoint (`GITHUB_GRAPHQL_URL`); default `<apiUrl>/graphql`. */
  readonly graphqlUrl?: string
  /** The `fetch` Octokit uses (tests record and answer with it); default the toolkit's proxy-aware one. */
  readonly fetch?: typeof fetch
}

/** A commit as the action needs it. */
export interface CommitInfo {
  readonly sha: string
  /** Committer date: when the commit landed on its branch (the merge time of a merged pull request). */
  readonly date: Date
  readonly parents: readonly string[]
}

/** A pull request as the action needs it. */
export interface PullRequestInfo {
  readonly number: number
  readonly nodeId: string
  readonly url: string
  readonly state: string
  readonly title: string
  readonly author: string
  /** `Bot` for an app or the Actions token, `User` for a person. */
  readonly authorType: string
  readonly body: string
  readonly headSha: string
  readonly headRef: string
  /** `owner/repo` of the head; undefined when the fork was deleted. */
  readonly headRepository: string | undefined
  readonly baseSha: string
  readonly baseRef: string
  readonly labels: readonly string[]
  readonly mergedAt: Date | undefined
  readonly mergeCommitSha: string | undefined
  readonly createdAt: Date
}

/** A file a pull request or a comparison changes. */
export interface ChangedFile {
  readonly path: string
  readonly previousPath: string | undefined
  readonly status: string
}

/** An issue or pull request comment. */
export interface CommentInfo {
  readonly id: number
  readonly body: string
  readonly author: string
  /** `Bot` for an app or the Actions token, `User` for a person. */
  readonly authorType: string
}

/** A check run's state as the action reads it back. */
export interface CheckRunInfo {
  readonly id: number
  readonly name: string
  readonly status: string
  readonly conclusion: string | null
}

/** Fields of a check run the action writes. */
export interface CheckRunFields {
  readonly name: string
  readonly status: 'in_progress' | 'completed'
  readonly conclusion?: 'success' | 'failure' | 'neutral' | 'skipped'
  readonly detailsUrl?: string
  readonly externalId?: string
  readonly output: {
    readonly title: string
    readonly summary: string
    readonly annotations?: readonly CheckAnnotation[]
  }
}

/** A check-run annotation on a line of a file. */
export interface CheckAnnotation {
  readonly path: string
  readonly start_line: number
  readonly end_line: number
  readonly annotation_level: 'notice' | 'warning' | 'failure'
  readonly title?: string
  readonly message: string
}

/** The most annotations GitHub takes in one check-run request; later requests append. */
export const MAX_ANNOTATIONS_PER_REQUEST = 50

type Octokit = ReturnType<typeof getOctokit>

/** GitHub's REST and GraphQL API for one repository, as the action uses it. */
export class GitHubApi {
  readonly owner: string
  readonly repo: string
  readonly #octokit: Octokit
  readonly #graphqlUrl: string | undefined

  constructor(options: GitHubApiOptions) {
    const [owner = '', repo = ''] = options.repository.split('/')
    this.owner = owner
    this.repo = repo
    this.#graphqlUrl = options.graphqlUrl
    this.#octokit = getOctokit(options.token, {
      ...(options.apiUrl === undefined ? {} : { baseUrl: options.apiUrl.replace(/\/+$/, '') }),
      ...(options.fetch === undefined ? {} : { request: { fetch: options.fetch } }),
    })
  }

  /** The repository's default branch. */
  async getDefaultBranch(): Promise<string> {
    const { data } = await this.#call('read the repository', 'contents: read', () =>
      this.#octokit.rest.repos.get(this.#repo()),
    )
    return data.default_branch
  }

  /**
   * The commits reachable from `sha` that touch `path`, newest first, page by page.
   *
   * @param options - The start commit, the path, an optional `since`, and the most commits to read.
   */
  async *listCommitsTouching(options: {
    readonly sha: string
    readonly path: string
    readonly since?: Date
    readonly max: number
  }): AsyncGenerator<CommitInfo> {
    let seen = 0
    const iterator = this.#octokit.paginate.iterator(this.#octokit.rest.repos.listCommits, {
      ...this.#repo(),
      sha: options.sha,
      path: options.path,
      ...(options.since === undefined ? {} : { since: options.since.toISOString() }),
      per_page: Math.min(100, options.max),
    })
    try {
      for await (const page of iterator) {
        for (const commit of page.data) {
          if (seen >= options.max) return
          seen += 1
          yield {
            sha: commit.sha,
            date: new Date(commit.commit.committer?.date ?? commit.commit.author?.date ?? 0),
            parents: commit.parents.map((parent) => parent.sha),
          }
        }
      }
    } catch (err) {
      throw toActionError(err, `list the commits that touch ${options.path}`, 'contents: read')
    }
  }

  /**
   * A file's text at a commit, read as data (never checked out).
   *
   * @returns The text and blob sha, or undefined when the file does not exist there.
   */
  async readFile(path: string, ref: string): Promise<{ text: string; sha: string } | undefined> {
    try {
      const { data } = await this.#octokit.rest.repos.getContent({ ...this.#repo(), path, ref })
      if (Array.isArray(data) || data.type !== 'file') return undefined
      if (!('content' in data) || data.encoding !== 'base64') {
        throw toActionError(
          new Error(`${path} is larger than GitHub's contents API returns (1 MB)`),
          `read ${path} at ${ref.slice(0, 12)}`,
        )
      }
      return { text: Buffer.from(data.content, 'base64').toString('utf8'), sha: data.sha }
    } catch (err) {
      if (isNotFound(err)) return undefined
      throw toActionError(err, `read ${path} at ${ref.slice(0, 12)}`, 'contents: read')
    }
  }

  /** Every file path in the tree of a commit, and whether GitHub truncated the listing. */
  async listFiles(sha: string): Promise<{ paths: string[]; truncated: boolean }> {
    const { data } = await this.#call(`list the files of ${sha.slice(0, 12)}`, 'contents: read', () =>
      this.#octokit.rest.git.getTree({ ...this.#repo(), tree_sha: sha, recursive: '1' }),
    )
    const paths = data.tree.filter((entry) => entry.type === 'blob' && entry.path !== undefined)
    return { paths: paths.map((entry) => entry.path ?? ''), truncated: data.truncated }
  }

  /** A branch's head commit, or undefined when the branch does not exist. */
  async getBranchSha(branch: string): Promise<string | undefined> {
    try {
      const { data } = await this.#octokit.rest.git.getRef({ ...this.#repo(), ref: `heads/${branch}` })
      return data.object.sha
    } catch (err) {
      if (isNotFound(err)) return undefined
      throw toActionError(err, `read branch ${branch}`, 'contents: read')
    }
  }

  /** Creates a branch at a commit. */
  async createBranch(branch: string, sha: string): Promise<void> {
    await this.#call(`create branch ${branch}`, 'contents: write', () =>
      this.#octokit.rest.git.createRef({ ...this.#repo(), ref: `refs/heads/${branch}`, sha }),
    )
  }

  /** Writes a file on a branch as one commit (`blobSha` is the file's current blob, to replace it). */
  async writeFile(options: {
    readonly branch: string
    readonly path: string
    readonly text: string
    readonly message: string
    readonly blobSha?: string
  }): Promise<void> {
    await this.#call(`write ${options.path} on branch ${options.branch}`, 'contents: write', () =>
      this.#octokit.rest.repos.createOrUpdateFileContents({
        ...this.#repo(),
        path: options.path,
        branch: options.branch,
        message: options.message,
        content: Buffer.from(options.text, 'utf8').toString('base64'),
        ...(options.blobSha === undefined ? {} : { sha: options.blobSha }),
      }),
    )
  }

  /** One pull request. */
  async getPullRequest(number: number): Promise<PullRequestInfo> {
    const { data } = await this.#call(`read pull request #${number}`, 'pull-requests: read', () =>
      this.#octokit.rest.pulls.get({ ...this.#repo(), pull_number: number }),
    )
    return toPullRequestInfo(data)
  }

  /** Pull requests into `base`, most recently updated (or created) first, page by page. */
  async *listPullRequests(options: {
    readonly state: 'open' | 'closed' | 'all'
    readonly base: string
    readonly sort: 'updated' | 'created'
    readonly max: number
  }): AsyncGenerator<PullRequestInfo> {
    let seen = 0
    const iterator = this.#octokit.paginate.iterator(this.#octokit.rest.pulls.list, {
      ...this.#repo(),
      state: options.state,
      base: options.base,
      sort: options.sort,
      direction: 'desc',
      per_page: Math.min(100, options.max),
    })
    try {
      for await (const page of iterator) {
        for (const pull of page.data) {
          if (seen >= options.max) return
          seen += 1
          yield toPullRequestInfo(pull)
        }
      }
    } catch (err) {
      throw toActionError(
        err,
        `list the ${options.state} pull requests into ${options.base}`,
        'pull-requests: read',
      )
    }
  }

  /** The files a pull request changes (GitHub lists at most 3,000). */
  async listPullRequestFiles(number: number): Promise<ChangedFile[]> {
    const files = await this.#call(`list the files of pull request #${number}`, 'pull-requests: read', () =>
      this.#octokit.paginate(this.#octokit.rest.pulls.listFiles, {
        ...this.#repo(),
        pull_number: number,
        per_page: 100,
      }),
    )
    return files.map((file) => ({
      path: file.filename,
      previousPath: file.previous_filename,
      status: file.status,
    }))
  }

  /** Opens a pull request. */
  async createPullRequest(options: {
    readonly title: string
    readonly head: string
    readonly base: string
    readonly body: string
  }): Promise<{ number: number; url: string }> {
    const { data } = await this.#call(
      `open the pull request "${options.title}"`,
      'pull-requests: write',
      () => this.#octokit.rest.pulls.create({ ...this.#repo(), ...options }),
    )
    return { number: data.number, url: data.html_url }
  }

  /** Requests reviews from users (GITHUB_TOKEN cannot request teams). */
  async requestReviewers(number: number, logins: readonly string[]): Promise<void> {
    await this.#call(`request reviews on #${number}`, 'pull-requests: write', () =>
      this.#octokit.rest.pulls.requestReviewers({
        ...this.#repo(),
        pull_number: number,
        reviewers: [...logins],
      }),
    )
  }

  /**
   * Reverts a merged pull request the way GitHub's "Revert" button does (GraphQL `revertPullRequest`).
   *
   * @returns The revert pull request.
   */
  async revertPullRequest(options: {
    readonly pullRequestId: string
    readonly title: string
    readonly body: string
  }): Promise<{ number: number; url: string }> {
    const result = await this.#call(
      'open the revert pull request',
      'contents: write, pull-requests: write',
      () =>
        // The document goes inside the options: with a document string, Octokit refuses `url` (it would
        // be read as a variable), and GITHUB_GRAPHQL_URL must be honoured (GHES, a loopback GitHub).
        this.#octokit.graphql<{ revertPullRequest: { revertPullRequest: { number: number; url: string } } }>({
          query: REVERT_MUTATION,
          input: options,
          ...(this.#graphqlUrl === undefined ? {} : { url: this.#graphqlUrl }),
        }),
    )
    return result.revertPullRequest.revertPullRequest
  }

  /** Every comment on an issue or pull request, oldest first. */
  async listComments(number: number): Promise<CommentInfo[]> {
    const comments = await this.#call(`list the comments of #${number}`, 'pull-requests: read', () =>
      this.#octokit.paginate(this.#octokit.rest.issues.listComments, {
        ...this.#repo(),
        issue_number: number,
        per_page: 100,
      }),
    )
    return comments.map((comment) => ({
      id: comment.id,
      body: comment.body ?? '',
      author: comment.user?.login ?? '',
      authorType: comment.user?.type ?? '',
    }))
  }

  /** Posts a comment; returns its id. */
  async createComment(number: number, body: string): Promise<number> {
    const { data } = await this.#call(`comment on #${number}`, 'pull-requests: write', () =>
      this.#octokit.rest.issues.createComment({ ...this.#repo(), issue_number: number, body }),
    )
    return data.id
  }

  /** Edits a comment in place. */
  async updateComment(id: number, body: string): Promise<void> {
    await this.#call(`update comment ${id}`, 'pull-requests: write', () =>
      this.#octokit.rest.issues.updateComment({ ...this.#repo(), comment_id: id, body }),
    )
  }

  /** Creates a label unless it exists. */
  async ensureLabel(name: string, color: string, description: string): Promise<void> {
    try {
      await this.#octokit.rest.issues.getLabel({ ...this.#repo(), name })
      return
    } catch (err) {
      if (!isNotFound(err)) throw toActionError(err, `read label ${name}`, 'issues: read')
    }
    try {
      await this.#octokit.rest.issues.createLabel({ ...this.#repo(), name, color, description })
    } catch (err) {
      // 422: another run created it meanwhile.
      if ((err as { status?: number }).status !== 422) {
        throw toActionError(err, `create label ${name}`, 'pull-requests: write (or issues: write)')
      }
    }
  }

  /** Adds labels to an issue or pull request. */
  async addLabels(number: number, labels: readonly string[]): Promise<void> {
    await this.#call(`label #${number}`, 'pull-requests: write', () =>
      this.#octokit.rest.issues.addLabels({ ...this.#repo(), issue_number: number, labels: [...labels] }),
    )
  }

  /** Removes a label; a label that is not there is fine. */
  async removeLabel(number: number, name: string): Promise<void> {
    try {
      await this.#octokit.rest.issues.removeLabel({ ...this.#repo(), issue_number: number, name })
    } catch (err) {
      if (!isNotFound(err))
        throw toActionError(err, `remove label ${name} from #${number}`, 'pull-requests: write')
    }
  }

  /** Who added a label, most recent first. */
  async listLabelers(number: number, label: string): Promise<string[]> {
    const events = await this.#call(`read the events of #${number}`, 'pull-requests: read', () =>
      this.#octokit.paginate(this.#octokit.rest.issues.listEvents, {
        ...this.#repo(),
        issue_number: number,
        per_page: 100,
      }),
    )
    return events
      .filter(
        (event) =>
          event.event === 'labeled' &&
          'label' in event &&
          (event.label as { name?: string } | null)?.name === label &&
          event.actor !== null,
      )
      .map((event) => event.actor?.login ?? '')
      .reverse()
  }

  /** A user's permission on the repository: `admin`, `maintain`, `write`, `triage`, `read` or `none`. */
  async getPermission(login: string): Promise<string> {
    try {
      const { data } = await this.#octokit.rest.repos.getCollaboratorPermissionLevel({
        ...this.#repo(),
        username: login,
      })
      return data.role_name || data.permission
    } catch (err) {
      if (isNotFound(err)) return 'none'
      throw toActionError(err, `read the permission of @${login}`, 'contents: read')
    }
  }

  /** Creates a check run; returns its id. */
  async createCheckRun(headSha: string, fields: CheckRunFields): Promise<number> {
    const { data } = await this.#call(`create the check run ${fields.name}`, 'checks: write', () =>
      this.#octokit.rest.checks.create({ ...this.#repo(), head_sha: headSha, ...toCheckParams(fields) }),
    )
    return data.id
  }

  /** Updates a check run (annotations are appended). */
  async updateCheckRun(id: number, fields: CheckRunFields): Promise<void> {
    await this.#call(`update the check run ${fields.name}`, 'checks: write', () =>
      this.#octokit.rest.checks.update({ ...this.#repo(), check_run_id: id, ...toCheckParams(fields) }),
    )
  }

  /** The check runs of a commit, optionally of one name, newest first. */
  async listCheckRuns(ref: string, name?: string): Promise<CheckRunInfo[]> {
    const runs = await this.#call(`list the check runs of ${ref.slice(0, 12)}`, 'checks: read', () =>
      this.#octokit.paginate(this.#octokit.rest.checks.listForRef, {
        ...this.#repo(),
        ref,
        ...(name === undefined ? {} : { check_name: name }),
        filter: 'latest',
        per_page: 100,
      }),
    )
    return runs
      .map((run) => ({ id: run.id, name: run.name, status: run.status, conclusion: run.conclusion }))
      .sort((a, b) => b.id - a.id)
  }

  /** Sets a commit status. */
  async createStatus(
    sha: string,
    status: {
      readonly state: 'pending' | 'success' | 'failure' | 'error'
      readonly context: string
      readonly description: string
      readonly targetUrl?: string
    },
  ): Promise<void> {
    await this.#call(`set the commit status ${status.context}`, 'statuses: write', () =>
      this.#octokit.rest.repos.createCommitStatus({
        ...this.#repo(),
        sha,
        state: status.state,
        context: status.context,
        description: status.description,
        ...(status.targetUrl === undefined ? {} : { target_url: status.targetUrl }),
      }),
    )
  }

  /** The latest state of each commit-status context of a commit. */
  async listStatuses(ref: string): Promise<{ context: string; state: string }[]> {
    const statuses = await this.#call(`list the statuses of ${ref.slice(0, 12)}`, 'statuses: read', () =>
      this.#octokit.paginate(this.#octokit.rest.repos.listCommitStatusesForRef, {
        ...this.#repo(),
        ref,
        per_page: 100,
      }),
    )
    // Newest first: keep each context's first entry.
    const latest = new Map<string, string>()
    for (const status of statuses) if (!latest.has(status.context)) latest.set(status.context, status.state)
    return [...latest].map(([context, state]) => ({ context, state }))
  }

  #repo(): { owner: string; repo: string } {
    return { owner: this.owner, repo: this.repo }
  }

  async #call<T>(doing: string, permission: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call()
    } catch (err) {
      throw toActionError(err, doing, permission)
    }
  }
}

const REVERT_MUTATION = `mutation RevertPullRequest($input: RevertPullRequestInput!) {
  revertPullRequest(input: $input) {
    revertPullRequest { number url }
  }
}`

function toCheckParams(fields: CheckRunFields) {
  return {
    name: fields.name,
    status: fields.status,
    ...(fields.conclusion === undefined ? {} : { conclusion: fields.conclusion }),
    ...(fields.detailsUrl === undefined ? {} : { details_url: fields.detailsUrl }),
    ...(fields.externalId === undefined ? {} : { external_id: fields.externalId }),
    output: {
      title: fields.output.title,
      summary: fields.output.summary,
      ...(fields.output.annotations === undefined ? {} : { annotations: [...fields.output.annotations] }),
    },
  }
}

interface RawPullRequest {
  readonly number: number
  readonly node_id: string
  readonly html_url: string
  readonly state: string
  readonly title: string
  readonly body: string | null
  readonly user: { readonly login: string; readonly type?: string } | null
  readonly head: {
    readonly sha: string
    readonly ref: string
    readonly repo: { readonly full_name: string } | null
  }
  readonly base: { readonly sha: string; readonly ref: string }
  readonly labels: readonly { readonly name?: string }[]
  readonly merged_at: string | null
  readonly merge_commit_sha: string | null
  readonly created_at: string
}

function toPullRequestInfo(pull: RawPullRequest): PullRequestInfo {
  return {
    number: pull.number,
    nodeId: pull.node_id,
    url: pull.html_url,
    state: pull.state,
    title: pull.title,
    author: pull.user?.login ?? '',
    authorType: pull.user?.type ?? '',
    body: pull.body ?? '',
    headSha: pull.head.sha,
    headRef: pull.head.ref,
    headRepository: pull.head.repo?.full_name,
    baseSha: pull.base.sha,
    baseRef: pull.base.ref,
    labels: pull.labels.map((label) => label.name ?? ''),
    mergedAt: pull.merged_at === null ? undefined : new Date(pull.merged_at),
    mergeCommitSha: pull.merge_commit_sha ?? undefined,
    createdAt: new Date(pull.created_at),
  }
}
