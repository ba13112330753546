import { createHash } from 'node:crypto'
import { E2eError } from '../helpers/e2e-error.ts'

/** An author or committer line of a commit. */
export interface GitPerson {
  readonly name: string
  readonly email: string
  /** ISO 8601, second precision, UTC (`2026-05-01T10:00:00Z`). */
  readonly date: string
}

/** One commit: its full tree (path → text) and git's real object ids. */
export interface GitCommit {
  readonly sha: string
  readonly treeSha: string
  readonly parents: readonly string[]
  readonly message: string
  readonly author: GitPerson
  readonly committer: GitPerson
  readonly files: ReadonlyMap<string, string>
}

/** One entry of a recursive tree listing, as `git ls-tree -r -t` gives it. */
export interface GitTreeEntry {
  readonly path: string
  readonly type: 'blob' | 'tree'
  readonly mode: '100644' | '040000'
  readonly sha: string
  readonly size?: number
}

/** A file that differs between two trees. */
export interface GitFileChange {
  readonly path: string
  readonly status: 'added' | 'removed' | 'modified'
  readonly before: string | undefined
  readonly after: string | undefined
}

interface TreeNode {
  readonly files: Map<string, string>
  readonly dirs: Map<string, TreeNode>
}

/** Git's id of a text file: SHA-1 over `blob <bytes>\0<content>`. */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8')
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex')
}

function gitTime(date: string): string {
  return `${Math.floor(Date.parse(date) / 1000)} +0000`
}

function buildNode(files: ReadonlyMap<string, string>): TreeNode {
  const root: TreeNode = { files: new Map(), dirs: new Map() }
  for (const [path, content] of files) {
    const parts = path.split('/')
    let node = root
    for (const dir of parts.slice(0, -1)) {
      let next = node.dirs.get(dir)
      if (next === undefined) {
        next = { files: new Map(), dirs: new Map() }
        node.dirs.set(dir, next)
      }
      node = next
    }
    node.files.set(parts.at(-1)!, content)
  }
  return root
}

/**
 * A small git object model: commits with whole trees, real blob/tree/commit SHA-1s, history with git's
 * default path simplification, merge bases and tree diffs. Enough for the REST and GraphQL views of a
 * repository to agree with each other.
 */
export class GitModel {
  readonly #commits = new Map<string, GitCommit>()
  readonly #trees = new Map<string, GitTreeEntry[]>()

  /**
   * Stores a commit. `files` is the whole tree (path → text); parents must exist.
   *
   * @throws E2eError `UNKNOWN_COMMIT` when a parent is not stored.
   */
  commit(input: Omit<GitCommit, 'sha' | 'treeSha'>): GitCommit {
    for (const parent of input.parents) this.get(parent)
    const treeSha = this.#writeTree(buildNode(input.files), '')
    const lines = [`tree ${treeSha}`, ...input.parents.map((p) => `parent ${p}`)]
    lines.push(`author ${input.author.name} <${input.author.email}> ${gitTime(input.author.date)}`)
    lines.push(
      `committer ${input.committer.name} <${input.committer.email}> ${gitTime(input.committer.date)}`,
    )
    const body = Buffer.from(`${lines.join('\n')}\n\n${input.message}\n`, 'utf8')
    const sha = createHash('sha1').update(`commit ${body.length}\0`).update(body).digest('hex')
    const commit: GitCommit = { ...input, files: new Map(input.files), sha, treeSha }
    this.#commits.set(sha, commit)
    return commit
  }

  /** The commit with this full or abbreviated (≥ 7 hex digits) sha, or undefined. */
  find(sha: string): GitCommit | undefined {
    const exact = this.#commits.get(sha)
    if (exact !== undefined || !/^[0-9a-f]{7,39}$/.test(sha)) return exact
    const matches = [...this.#commits.keys()].filter((k) => k.startsWith(sha))
    return matches.length === 1 ? this.#commits.get(matches[0]!) : undefined
  }

  /**
   * The commit with this sha.
   *
   * @throws E2eError `UNKNOWN_COMMIT` when it is not stored.
   */
  get(sha: string): GitCommit {
    const commit = this.find(sha)
    if (commit === undefined) throw new E2eError('UNKNOWN_COMMIT', `no commit ${sha} in the fake repository`)
    return commit
  }

  /** The recursive listing of a tree (blobs and subtrees), or undefined for an unknown tree sha. */
  tree(treeSha: string): readonly GitTreeEntry[] | undefined {
    return this.#trees.get(treeSha)
  }

  /** Every commit reachable from `sha`, itself included. */
  ancestors(sha: string): Set<string> {
    const seen = new Set<string>()
    const stack = [sha]
    while (stack.length > 0) {
      const next = stack.pop()!
      if (seen.has(next)) continue
      seen.add(next)
      stack.push(...this.get(next).parents)
    }
    return seen
  }

  /** The best common ancestor of two commits (the newest one), or undefined when histories are unrelated. */
  mergeBase(a: string, b: string): string | undefined {
    const ofA = this.ancestors(a)
    const common = [...this.ancestors(b)].filter((sha) => ofA.has(sha))
    const best = common.filter((c) => !common.some((o) => o !== c && this.ancestors(o).has(c)))
    return this.#newestFirst(best.map((sha) => this.get(sha)))[0]?.sha
  }

  /**
   * `git log` from `from`: newest first by committer date. With `path`, git's default history
   * simplification applies: a commit whose file equals one parent's is skipped and only that parent is
   * followed, so a merge that took the file from its branch shows the branch's commit, not the merge.
   */
  log(from: string, options: { path?: string; since?: string; until?: string } = {}): GitCommit[] {
    const shown: GitCommit[] = []
    const seen = new Set<string>()
    const queue = [this.get(from)]
    while (queue.length > 0) {
      const commit = this.#newestFirst(queue)[0]!
      queue.splice(queue.indexOf(commit), 1)
      if (seen.has(commit.sha)) continue
      seen.add(commit.sha)
      const parents = commit.parents.map((p) => this.get(p))
      const { path } = options
      if (path === undefined) {
        shown.push(commit)
        queue.push(...parents)
        continue
      }
      const same = parents.find((p) => p.files.get(path) === commit.files.get(path))
      if (same !== undefined) queue.push(same)
      else {
        if (commit.files.has(path) || parents.some((p) => p.files.has(path))) shown.push(commit)
        queue.push(...parents)
      }
    }
    const since = options.since === undefined ? -Infinity : Date.parse(options.since)
    const until = options.until === undefined ? Infinity : Date.parse(options.until)
    return shown.filter((c) => {
      const time = Date.parse(c.committer.date)
      return time >= since && time <= until
    })
  }

  /** Commits reachable from `head` but not from `base`, oldest first (what a compare or a PR lists). */
  commitsBetween(base: string, head: string): GitCommit[] {
    const excluded = this.ancestors(base)
    const included = [...this.ancestors(head)].filter((sha) => !excluded.has(sha)).map((sha) => this.get(sha))
    return this.#newestFirst(included).reverse()
  }

  /** The files that differ between two trees, sorted by path. */
  diff(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): GitFileChange[] {
    const paths = [...new Set([...before.keys(), ...after.keys()])].sort()
    const changes: GitFileChange[] = []
    for (const path of paths) {
      const a = before.get(path)
      const b = after.get(path)
      if (a === b) continue
      const status = a === undefined ? 'added' : b === undefined ? 'removed' : 'modified'
      changes.push({ path, status, before: a, after: b })
    }
    return changes
  }

  #newestFirst(commits: readonly GitCommit[]): GitCommit[] {
    return [...commits].sort((x, y) => Date.parse(y.committer.date) - Date.parse(x.committer.date))
  }

  #writeTree(node: TreeNode, prefix: string): string {
    const entries: { name: string; sortKey: string; mode: string; sha: string }[] = []
    const listing: GitTreeEntry[] = []
    for (const [name, content] of node.files) {
      const sha = blobSha(content)
      entries.push({ name, sortKey: name, mode: '100644', sha })
      listing.push({
        path: prefix + name,
        type: 'blob',
        mode: '100644',
        sha,
        size: Buffer.byteLength(content),
      })
    }
    for (const [name, child] of node.dirs) {
      const sha = this.#writeTree(child, `${prefix}${name}/`)
      entries.push({ name, sortKey: `${name}/`, mode: '40000', sha })
      listing.push({ path: prefix + name, type: 'tree', mode: '040000', sha })
      for (const entry of this.#trees.get(sha)!)
        listing.push({ ...entry, path: `${prefix}${name}/${entry.path}` })
    }
    entries.sort((x, y) => (x.sortKey < y.sortKey ? -1 : x.sortKey > y.sortKey ? 1 : 0))
    const body = Buffer.concat(
      entries.map((e) => Buffer.concat([Buffer.from(`${e.mode} ${e.name}\0`), Buffer.from(e.sha, 'hex')])),
    )
    const sha = createHash('sha1').update(`tree ${body.length}\0`).update(body).digest('hex')
    // Stored relative to this tree, so a subtree's listing is reusable under any prefix.
    this.#trees.set(
      sha,
      listing
        .map((e) => ({ ...e, path: e.path.slice(prefix.length) }))
        .sort((x, y) => (x.path < y.path ? -1 : 1)),
    )
    return sha
  }
}
