import { E2eError } from '../helpers/e2e-error.ts'
import type { GitCommit, GitPerson } from './git-model.ts'
import { GitModel } from './git-model.ts'
import type {
  CheckRunState,
  CommentState,
  GitHubUser,
  IssueEventState,
  LabelState,
  PullState,
  RepositoryRole,
  StatusState,
  TokenGrant,
} from './model-types.ts'

/** The Actions bot, as GitHub reports it on everything a workflow token does. */
export const ACTIONS_BOT = 'github-actions[bot]'

/** Files to write in a commit: path → text, or null to delete the file. */
export type FileChanges = Readonly<Record<string, string | null>>

/** Options of a commit made by a test. */
export interface CommitOptions {
  readonly message?: string
  /** Author and committer date (ISO 8601); default now. */
  readonly date?: string | Date
  /** Login of the author; default the repository owner. */
  readonly author?: string
}

/** Current time at second precision, the way GitHub prints it (`2026-05-01T10:00:00Z`). */
export function isoSeconds(date: string | Date = new Date()): string {
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * Everything the fake GitHub knows about its one repository: git data and branches, pull requests,
 * comments, labels, issue events, check runs, statuses, people and their roles, tokens and settings.
 * Tests read it for assertions (`gh.state`); the HTTP handlers read and change it.
 */
export class RepoState {
  readonly git = new GitModel()
  readonly branches = new Map<string, string>()
  /** Branches of forks, keyed `owner:branch`. */
  readonly forkBranches = new Map<string, string>()
  readonly pulls = new Map<number, PullState>()
  readonly comments: CommentState[] = []
  readonly labels = new Map<string, LabelState>()
  readonly events: IssueEventState[] = []
  readonly checkRuns: CheckRunState[] = []
  readonly statuses: StatusState[] = []
  readonly users = new Map<string, GitHubUser>()
  readonly roles = new Map<string, RepositoryRole>()
  readonly tokens = new Map<string, TokenGrant>()
  readonly settings = { actionsCanCreatePullRequests: false }
  readonly repoId: number
  readonly repoNodeId: string
  readonly createdAt = isoSeconds()
  #nextId = 1000
  #nextNumber = 1

  constructor(
    readonly owner: string,
    readonly repo: string,
    readonly defaultBranch: string,
  ) {
    this.repoId = this.nextId()
    this.repoNodeId = this.nodeId('R_kgDO', this.repoId)
    this.user(owner)
    this.roles.set(owner, 'admin')
  }

  /** `owner/repo`. */
  get fullName(): string {
    return `${this.owner}/${this.repo}`
  }

  /** A fresh numeric id (ids are unique across every kind of object, which GitHub does not promise). */
  nextId(): number {
    this.#nextId += 1
    return this.#nextId
  }

  /** The next issue / pull request number. */
  nextNumber(): number {
    const n = this.#nextNumber
    this.#nextNumber += 1
    return n
  }

  /** An opaque global node id in GitHub's style (`PR_kwDO…`), decodable by `node(id:)`. */
  nodeId(prefix: string, id: number): string {
    return `${prefix}${Buffer.from(`${this.repo}:${id}`).toString('base64url')}`
  }

  /** The account with this login, created on first mention (`[bot]` logins are bots). */
  user(login: string): GitHubUser {
    let user = this.users.get(login)
    if (user === undefined) {
      const id = login === ACTIONS_BOT ? 41898282 : this.nextId()
      const type = login.endsWith('[bot]') ? 'Bot' : 'User'
      user = { login, id, nodeId: this.nodeId(type === 'Bot' ? 'BOT_kgDO' : 'U_kgDO', id), type }
      this.users.set(login, user)
    }
    return user
  }

  /** The role of a login on this repository, or undefined for a non-collaborator. */
  role(login: string): RepositoryRole | undefined {
    return this.roles.get(login)
  }

  /** A git identity for a login, with GitHub's noreply address. */
  person(login: string, date: string): GitPerson {
    const user = this.user(login)
    return { name: login, email: `${user.id}+${login}@users.noreply.github.com`, date }
  }

  /**
   * Resolves a branch name, `refs/heads/…`, `heads/…` or a (short) sha to a commit.
   *
   * @returns the commit, or undefined when nothing matches.
   */
  resolve(ref: string): GitCommit | undefined {
    const name = ref.replace(/^refs\//, '').replace(/^heads\//, '')
    const sha = this.branches.get(name)
    if (sha !== undefined) return this.git.get(sha)
    const pull = /^pull\/(\d+)\/head$/.exec(name)
    if (pull !== null) {
      const pr = this.pulls.get(Number(pull[1]))
      return pr === undefined ? undefined : this.git.get(pr.headSha)
    }
    return this.git.find(ref)
  }

  /**
   * Commits file changes on a branch (created from the default branch when new; the first commit of an
   * empty repository is a root commit).
   *
   * @returns the new commit.
   */
  commitOn(branch: string, files: FileChanges, options: CommitOptions = {}): GitCommit {
    const tip = this.branches.get(branch) ?? this.branches.get(this.defaultBranch)
    const commit = this.commitOnto(tip, files, options)
    this.branches.set(branch, commit.sha)
    return commit
  }

  /** A commit of file changes on top of `parent` (no branch moves). */
  commitOnto(parent: string | undefined, files: FileChanges, options: CommitOptions = {}): GitCommit {
    const tree = new Map(parent === undefined ? [] : this.git.get(parent).files)
    for (const [path, content] of Object.entries(files)) {
      if (path === '' || path.startsWith('/') || path.endsWith('/')) {
        throw new E2eError(
          'FAKE_SETUP',
          `file path "${path}" must be relative, like "config/experiment.yaml"`,
        )
      }
      if (content === null) tree.delete(path)
      else tree.set(path, content)
    }
    const date = isoSeconds(options.date)
    const author = this.person(options.author ?? this.owner, date)
    return this.git.commit({
      parents: parent === undefined ? [] : [parent],
      files: tree,
      message: options.message ?? `Update ${Object.keys(files).join(', ')}`,
      author,
      committer: author,
    })
  }

  /**
   * The pull request with this number.
   *
   * @throws E2eError `FAKE_SETUP` when there is none.
   */
  pull(number: number): PullState {
    const pr = this.pulls.get(number)
    if (pr === undefined) throw new E2eError('FAKE_SETUP', `no pull request #${number} in ${this.fullName}`)
    return pr
  }

  /** The label with this name (case-insensitive, like GitHub), or undefined. */
  label(name: string): LabelState | undefined {
    return this.labels.get(name.toLowerCase())
  }

  /** Creates a label (GitHub's default grey when no colour is given). */
  createLabel(name: string, color = 'ededed', description: string | null = null): LabelState {
    const id = this.nextId()
    const label: LabelState = { id, nodeId: this.nodeId('LA_kwDO', id), name, color, description }
    this.labels.set(name.toLowerCase(), label)
    return label
  }

  /** Adds labels to a pull request as `actor` (creating unknown labels) and records `labeled` events. */
  addLabels(number: number, names: readonly string[], actor: string, date?: string | Date): void {
    const pr = this.pull(number)
    for (const name of names) {
      const label = this.label(name) ?? this.createLabel(name)
      if (pr.labels.some((l) => l.toLowerCase() === label.name.toLowerCase())) continue
      pr.labels.push(label.name)
      this.recordEvent(number, 'labeled', actor, { label: { name: label.name, color: label.color } }, date)
    }
  }

  /** Removes a label from a pull request as `actor`; returns false when it was not on it. */
  removeLabel(number: number, name: string, actor: string): boolean {
    const pr = this.pull(number)
    const index = pr.labels.findIndex((l) => l.toLowerCase() === name.toLowerCase())
    if (index < 0) return false
    const [removed] = pr.labels.splice(index, 1)
    const color = this.label(removed!)?.color ?? 'ededed'
    this.recordEvent(number, 'unlabeled', actor, { label: { name: removed!, color } })
    return true
  }

  /** Appends an issue event. */
  recordEvent(
    number: number,
    event: IssueEventState['event'],
    actor: string,
    extra: Pick<IssueEventState, 'label' | 'commitId' | 'reviewer'> = {},
    date?: string | Date,
  ): IssueEventState {
    const id = this.nextId()
    this.user(actor)
    const state: IssueEventState = {
      id,
      nodeId: this.nodeId('LE_kwDO', id),
      issueNumber: number,
      event,
      actor,
      createdAt: isoSeconds(date),
      ...extra,
    }
    this.events.push(state)
    return state
  }

  /** Adds a comment to an issue or pull request. */
  addComment(number: number, body: string, user: string, date?: string | Date): CommentState {
    this.pull(number)
    this.user(user)
    const id = this.nextId()
    const createdAt = isoSeconds(date)
    const comment: CommentState = {
      id,
      nodeId: this.nodeId('IC_kwDO', id),
      issueNumber: number,
      body,
      user,
      createdAt,
      updatedAt: createdAt,
    }
    this.comments.push(comment)
    return comment
  }
}
