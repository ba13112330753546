import type { GitCommit } from './git-model.ts'
import { blobSha } from './git-model.ts'
import { commitJson, diffEntryJson, fullRepositoryJson } from './json-repo.ts'
import { canWrite } from './permissions.ts'
import { isoSeconds } from './repo-state.ts'
import type { RouteContext, RouteResult, RouteTable } from './route-kit.ts'
import { fail, notFound, paginate } from './route-kit.ts'

type Json = Record<string, unknown>

function commitOr404(ctx: RouteContext, ref: string, message?: string): GitCommit {
  return ctx.state.resolve(ref) ?? notFound(ctx, message)
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/')
}

function contentLinks(ctx: RouteContext, path: string, sha: string, ref: string, type: 'file' | 'dir'): Json {
  const { fullName } = ctx.state
  const self = `${ctx.api}/repos/${fullName}/contents/${encodePath(path)}?ref=${encodeURIComponent(ref)}`
  const git = `${ctx.api}/repos/${fullName}/git/${type === 'file' ? 'blobs' : 'trees'}/${sha}`
  const html = `${ctx.server}/${fullName}/${type === 'file' ? 'blob' : 'tree'}/${ref}/${encodePath(path)}`
  return {
    url: self,
    git_url: git,
    html_url: html,
    download_url: type === 'file' ? `${ctx.server}/${fullName}/raw/${ref}/${encodePath(path)}` : null,
    _links: { self, git, html },
  }
}

/** A `content-file` object; GitHub wraps the base64 at 60 characters per line. */
function fileJson(ctx: RouteContext, path: string, content: string, ref: string): Json {
  const sha = blobSha(content)
  const base64 = Buffer.from(content, 'utf8').toString('base64')
  return {
    type: 'file',
    encoding: 'base64',
    size: Buffer.byteLength(content),
    name: path.split('/').at(-1),
    path,
    content: `${base64.replace(/.{60}/g, '$&\n')}\n`,
    sha,
    ...contentLinks(ctx, path, sha, ref, 'file'),
  }
}

function getContent(ctx: RouteContext): RouteResult {
  const ref = typeof ctx.query.ref === 'string' ? ctx.query.ref : ctx.state.defaultBranch
  const commit = commitOr404(ctx, ref, `No commit found for the ref ${ref}`)
  const path = ctx.params.path!.replace(/^\/+|\/+$/g, '')
  const content = commit.files.get(path)
  if (content !== undefined) return { status: 200, body: fileJson(ctx, path, content, ref) }
  const listing = ctx.state.git.tree(commit.treeSha)!
  const prefix = path === '' ? '' : `${path}/`
  const entries = listing.filter(
    (e) => e.path.startsWith(prefix) && !e.path.slice(prefix.length).includes('/'),
  )
  if (entries.length === 0) return notFound(ctx)
  return {
    status: 200,
    body: entries.map((e) => ({
      type: e.type === 'blob' ? 'file' : 'dir',
      size: e.size ?? 0,
      name: e.path.split('/').at(-1),
      path: e.path,
      sha: e.sha,
      ...contentLinks(ctx, e.path, e.sha, ref, e.type === 'blob' ? 'file' : 'dir'),
    })),
  }
}

function putContent(ctx: RouteContext): RouteResult {
  const { state, body } = ctx
  const branch: string = body.branch ?? state.defaultBranch
  const tip = state.branches.get(branch)
  if (tip === undefined) return notFound(ctx, `Branch ${branch} not found`)
  const path = ctx.params.path!
  const existing = state.git.get(tip).files.get(path)
  if (existing !== undefined && body.sha === undefined) {
    return fail(422, 'Invalid request.\n\n"sha" wasn\'t supplied.', ctx.operation.documentationUrl)
  }
  if (existing !== undefined && body.sha !== blobSha(existing)) {
    return fail(409, `${path} does not match ${String(body.sha)}`, ctx.operation.documentationUrl)
  }
  const text = Buffer.from(String(body.content), 'base64').toString('utf8')
  const commit = state.commitOnto(
    tip,
    { [path]: text },
    { author: ctx.grant.identity.login, message: body.message },
  )
  state.branches.set(branch, commit.sha)
  const full = commitJson(ctx, commit)
  const file = fileJson(ctx, path, text, branch)
  delete file.content
  delete file.encoding
  return {
    status: existing === undefined ? 201 : 200,
    body: {
      content: file,
      commit: {
        ...(full.commit as Json),
        sha: commit.sha,
        node_id: full.node_id,
        html_url: full.html_url,
        parents: full.parents,
      },
    },
  }
}

function getTree(ctx: RouteContext): RouteResult {
  const ref = ctx.params.tree_sha!
  const treeSha = ctx.state.git.tree(ref) === undefined ? ctx.state.resolve(ref)?.treeSha : ref
  const listing = treeSha === undefined ? undefined : ctx.state.git.tree(treeSha)
  if (treeSha === undefined || listing === undefined) return notFound(ctx)
  const recursive = ctx.query.recursive !== undefined
  const api = `${ctx.api}/repos/${ctx.state.fullName}/git`
  return {
    status: 200,
    body: {
      sha: treeSha,
      url: `${api}/trees/${treeSha}`,
      truncated: false,
      tree: listing
        .filter((e) => recursive || !e.path.includes('/'))
        .map((e) => ({
          ...e,
          url: `${api}/${e.type === 'blob' ? 'blobs' : 'trees'}/${e.sha}`,
        })),
    },
  }
}

function compare(ctx: RouteContext): RouteResult {
  const { git } = ctx.state
  const [baseRef, headRef] = ctx.params.basehead!.split(/\.\.\.?/)
  const base = commitOr404(ctx, baseRef ?? '')
  const head = commitOr404(ctx, headRef ?? '')
  const mergeBase = git.get(git.mergeBase(base.sha, head.sha) ?? base.sha)
  const ahead = git.commitsBetween(mergeBase.sha, head.sha)
  const behind = git.commitsBetween(mergeBase.sha, base.sha)
  const status =
    ahead.length === 0 && behind.length === 0
      ? 'identical'
      : behind.length === 0
        ? 'ahead'
        : ahead.length === 0
          ? 'behind'
          : 'diverged'
  const page = paginate(ctx, ahead)
  const { fullName } = ctx.state
  const html = `${ctx.server}/${fullName}/compare/${ctx.params.basehead}`
  return {
    ...page,
    body: {
      url: `${ctx.api}/repos/${fullName}/compare/${ctx.params.basehead}`,
      html_url: html,
      permalink_url: `${ctx.server}/${fullName}/compare/${base.sha}...${head.sha}`,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      base_commit: commitJson(ctx, base),
      merge_base_commit: commitJson(ctx, mergeBase),
      status,
      ahead_by: ahead.length,
      behind_by: behind.length,
      total_commits: ahead.length,
      commits: page.body.map((c) => commitJson(ctx, c)),
      files: git.diff(mergeBase.files, head.files).map((c) => diffEntryJson(ctx, c, head.sha)),
    },
  }
}

function refJson(ctx: RouteContext, branch: string, sha: string): Json {
  const api = `${ctx.api}/repos/${ctx.state.fullName}/git`
  return {
    ref: `refs/heads/${branch}`,
    node_id: ctx.state.nodeId('REF_kwDO', Number.parseInt(sha.slice(0, 8), 16)),
    url: `${api}/refs/heads/${branch}`,
    object: { type: 'commit', sha, url: `${api}/commits/${sha}` },
  }
}

function createRef(ctx: RouteContext): RouteResult {
  const ref = String(ctx.body.ref)
  const doc = ctx.operation.documentationUrl
  if (!/^refs\/[^/]+\/.+/.test(ref)) {
    return fail(422, "Reference name must start with 'refs/' and have at least two slashes.", doc)
  }
  if (!ref.startsWith('refs/heads/'))
    return fail(422, 'Only branch references (refs/heads/…) are supported', doc)
  const branch = ref.slice('refs/heads/'.length)
  if (ctx.state.branches.has(branch)) return fail(422, 'Reference already exists', doc)
  const commit = ctx.state.git.find(String(ctx.body.sha))
  if (commit === undefined || commit.sha !== ctx.body.sha) return fail(422, 'Object does not exist', doc)
  ctx.state.branches.set(branch, commit.sha)
  return { status: 201, body: refJson(ctx, branch, commit.sha) }
}

function getRef(ctx: RouteContext): RouteResult {
  const match = /^heads\/(.+)$/.exec(ctx.params.ref!)
  const sha = match === null ? undefined : ctx.state.branches.get(match[1]!)
  return sha === undefined ? notFound(ctx) : { status: 200, body: refJson(ctx, match![1]!, sha) }
}

/** Repository, commits, contents, trees, compare and refs. */
export const gitRoutes: RouteTable = {
  'GET /repos/{owner}/{repo}': (ctx) => ({
    status: 200,
    body: fullRepositoryJson(
      ctx,
      canWrite(ctx.state, ctx.grant, 'contents'),
      ctx.grant.identity.login === ctx.state.owner,
    ),
  }),
  'GET /repos/{owner}/{repo}/commits/{ref}': (ctx) => ({
    status: 200,
    body: commitJson(
      ctx,
      ctx.state.resolve(ctx.params.ref!) ??
        fail(422, `No commit found for SHA: ${ctx.params.ref}`, ctx.operation.documentationUrl),
      true,
    ),
  }),
  'GET /repos/{owner}/{repo}/commits': (ctx) => {
    const from = commitOr404(ctx, typeof ctx.query.sha === 'string' ? ctx.query.sha : ctx.state.defaultBranch)
    const options: { path?: string; since?: string; until?: string } = {}
    for (const key of ['path', 'since', 'until'] as const) {
      const value = ctx.query[key]
      if (typeof value === 'string') options[key] = key === 'path' ? value : isoSeconds(value)
    }
    const page = paginate(ctx, ctx.state.git.log(from.sha, options))
    return { ...page, body: page.body.map((c) => commitJson(ctx, c)) }
  },
  'GET /repos/{owner}/{repo}/contents/{path}': getContent,
  'PUT /repos/{owner}/{repo}/contents/{path}': putContent,
  'GET /repos/{owner}/{repo}/git/trees/{tree_sha}': getTree,
  'GET /repos/{owner}/{repo}/compare/{basehead}': compare,
  'POST /repos/{owner}/{repo}/git/refs': createRef,
  'GET /repos/{owner}/{repo}/git/ref/{ref}': getRef,
}
