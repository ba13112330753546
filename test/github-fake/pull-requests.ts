import { E2eError } from '../helpers/e2e-error.ts'
import type { GitCommit } from './git-model.ts'
import type { PullState } from './model-types.ts'
import type { CommitOptions, FileChanges, RepoState } from './repo-state.ts'
import { isoSeconds } from './repo-state.ts'

/** What a test gives to open a pull request. */
export interface OpenPullOptions {
  readonly head: string
  readonly base?: string
  /** Files committed on the head branch (created from the base) before opening. */
  readonly files?: FileChanges
  readonly author?: string
  readonly title?: string
  readonly body?: string
  readonly draft?: boolean
  /** Login of a fork owner: the head branch lives in `<fork>/<repo>`, a fork. */
  readonly fork?: string
  readonly date?: string | Date
}

/** How a test merges a pull request. */
export interface MergeOptions {
  /** Login of the person who merges; default the repository owner. */
  readonly by?: string
  readonly date?: string | Date
  /** `merge` (default) makes a merge commit with two parents; `squash` one commit with the base as parent. */
  readonly method?: 'merge' | 'squash'
}

function headKey(pr: Pick<PullState, 'fork' | 'headRef'>): string | undefined {
  return pr.fork === undefined ? undefined : `${pr.fork}:${pr.headRef}`
}

/**
 * Applies the changes `from → to` onto `onto`'s files, refusing a path that `onto` changed differently
 * (a conflict). Used by merges (base ← head) and reverts (tip ← merge's parent).
 *
 * @throws E2eError `MERGE_CONFLICT` naming the path.
 */
function applyChanges(
  state: RepoState,
  onto: GitCommit,
  from: GitCommit,
  to: GitCommit,
  what: string,
): Record<string, string | null> {
  const changes: Record<string, string | null> = {}
  for (const change of state.git.diff(from.files, to.files)) {
    const current = onto.files.get(change.path)
    if (current === change.after) continue
    if (current !== change.before) {
      throw new E2eError(
        'MERGE_CONFLICT',
        `${what}: ${change.path} was also changed on the base; resolve it first`,
      )
    }
    changes[change.path] = change.after ?? null
  }
  return changes
}

/**
 * The tree of merging `head` into `tip`: the changes since their merge base applied onto `tip`.
 *
 * @throws E2eError `MERGE_CONFLICT` naming the path.
 */
export function mergedFiles(
  state: RepoState,
  tip: GitCommit,
  head: GitCommit,
  what: string,
): Map<string, string> {
  const mergeBase = state.git.mergeBase(tip.sha, head.sha)
  const changes = applyChanges(
    state,
    tip,
    mergeBase === undefined ? tip : state.git.get(mergeBase),
    head,
    what,
  )
  const files = new Map(tip.files)
  for (const [path, content] of Object.entries(changes)) {
    if (content === null) files.delete(path)
    else files.set(path, content)
  }
  return files
}

/**
 * Opens a pull request (a test's helper and the REST/GraphQL create paths share it).
 *
 * @throws E2eError `FAKE_SETUP` when the base or head branch does not exist.
 */
export function openPull(state: RepoState, options: OpenPullOptions): PullState {
  const base = options.base ?? state.defaultBranch
  const baseSha = state.branches.get(base)
  if (baseSha === undefined)
    throw new E2eError('FAKE_SETUP', `base branch "${base}" does not exist; commit to it first`)
  const author = options.author ?? state.owner
  const key = headKey({ fork: options.fork, headRef: options.head })
  const branches = key === undefined ? state.branches : state.forkBranches
  const branch = key ?? options.head
  if (options.files !== undefined) {
    const parent = branches.get(branch) ?? baseSha
    const commit = state.commitOnto(parent, options.files, {
      author,
      message: options.title ?? `Update ${Object.keys(options.files).join(', ')}`,
      ...(options.date === undefined ? {} : { date: options.date }),
    })
    branches.set(branch, commit.sha)
  }
  const headSha = branches.get(branch)
  if (headSha === undefined) {
    throw new E2eError('FAKE_SETUP', `head branch "${options.head}" does not exist; pass files to create it`)
  }
  state.user(author)
  if (options.fork !== undefined) state.user(options.fork)
  const number = state.nextNumber()
  const id = state.nextId()
  const createdAt = isoSeconds(options.date)
  const pr: PullState = {
    number,
    id,
    nodeId: state.nodeId('PR_kwDO', id),
    title: options.title ?? `Update ${options.head}`,
    body: options.body ?? null,
    author,
    headRef: options.head,
    baseRef: base,
    fork: options.fork,
    headSha,
    baseShaAtClose: undefined,
    state: 'open',
    draft: options.draft ?? false,
    merged: false,
    mergedAt: null,
    mergedBy: null,
    mergeCommitSha: null,
    closedAt: null,
    createdAt,
    updatedAt: createdAt,
    labels: [],
    requestedReviewers: [],
  }
  state.pulls.set(number, pr)
  return pr
}

/** Pushes a commit with these file changes to an open pull request's head branch. */
export function pushToPull(
  state: RepoState,
  number: number,
  files: FileChanges,
  options: CommitOptions = {},
): string {
  const pr = state.pull(number)
  if (pr.state !== 'open')
    throw new E2eError('FAKE_SETUP', `pull request #${number} is ${pr.state}; reopen it first`)
  const commit = state.commitOnto(pr.headSha, files, { author: pr.author, ...options })
  pr.headSha = commit.sha
  pr.updatedAt = commit.committer.date
  const key = headKey(pr)
  if (key === undefined) state.branches.set(pr.headRef, commit.sha)
  else state.forkBranches.set(key, commit.sha)
  return commit.sha
}

/**
 * Merges an open pull request into its base branch like GitHub's merge button.
 *
 * @returns the merge (or squash) commit's sha.
 * @throws E2eError `MERGE_CONFLICT` when the base changed a file the pull request changes.
 */
export function mergePull(state: RepoState, number: number, options: MergeOptions = {}): string {
  const pr = state.pull(number)
  if (pr.state !== 'open') throw new E2eError('FAKE_SETUP', `pull request #${number} is already ${pr.state}`)
  const by = options.by ?? state.owner
  const tip = state.git.get(state.branches.get(pr.baseRef)!)
  const head = state.git.get(pr.headSha)
  const files = mergedFiles(state, tip, head, `merging #${number}`)
  const date = isoSeconds(options.date)
  const squash = options.method === 'squash'
  const source = pr.fork === undefined ? `${state.owner}/${pr.headRef}` : `${pr.fork}/${pr.headRef}`
  const commit = state.git.commit({
    parents: squash ? [tip.sha] : [tip.sha, head.sha],
    files,
    message: squash
      ? `${pr.title} (#${number})`
      : `Merge pull request #${number} from ${source}\n\n${pr.title}`,
    author: state.person(by, date),
    committer: { name: 'GitHub', email: 'noreply@github.com', date },
  })
  state.branches.set(pr.baseRef, commit.sha)
  Object.assign(pr, {
    state: 'closed',
    merged: true,
    mergedAt: date,
    mergedBy: by,
    mergeCommitSha: commit.sha,
    closedAt: date,
    updatedAt: date,
    baseShaAtClose: tip.sha,
  })
  state.recordEvent(number, 'merged', by, { commitId: commit.sha }, date)
  state.recordEvent(number, 'closed', by, {}, date)
  return commit.sha
}

/**
 * Opens the pull request that reverts a merged one, like GitHub's "Revert" button: a branch
 * `revert-<n>-<head>` from the base's tip whose commit restores, for every file the merge changed, the
 * content of the merge's first parent.
 *
 * @throws E2eError `FAKE_SETUP` for an unmerged pull request, `MERGE_CONFLICT` when the base moved on.
 */
export function revertPull(
  state: RepoState,
  number: number,
  options: { actor: string; title?: string; body?: string; draft?: boolean },
): PullState {
  const pr = state.pull(number)
  if (!pr.merged || pr.mergeCommitSha === null) {
    throw new E2eError('FAKE_SETUP', `pull request #${number} is not merged, so it cannot be reverted`)
  }
  const merge = state.git.get(pr.mergeCommitSha)
  const parent = state.git.get(merge.parents[0]!)
  const tip = state.git.get(state.branches.get(pr.baseRef)!)
  const changes = applyChanges(state, tip, merge, parent, `reverting #${number}`)
  let branch = `revert-${number}-${pr.headRef}`
  for (let n = 2; state.branches.has(branch); n += 1) branch = `revert-${number}-${pr.headRef}-${n}`
  const subject = merge.parents.length > 1 ? merge.message.split('\n')[0] : pr.title
  const commit = state.commitOnto(tip.sha, changes, {
    author: options.actor,
    message: `Revert "${subject}"\n\nThis reverts commit ${merge.sha}.`,
  })
  state.branches.set(branch, commit.sha)
  return openPull(state, {
    head: branch,
    base: pr.baseRef,
    author: options.actor,
    title: options.title ?? `Revert "${pr.title}"`,
    body: options.body ?? `Reverts ${state.fullName}#${number}`,
    draft: options.draft ?? false,
  })
}
