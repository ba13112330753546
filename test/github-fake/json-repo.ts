import { structuredPatch } from 'diff'
import type { GitCommit, GitFileChange } from './git-model.ts'
import { blobSha } from './git-model.ts'
import type { RepoState } from './repo-state.ts'

type Json = Record<string, unknown>

/** What every JSON builder needs: the state and the fake's origins (API and web). */
export interface JsonContext {
  readonly state: RepoState
  readonly api: string
  readonly server: string
}

const REPO_URL_SUFFIXES: readonly (readonly [string, string])[] = [
  ['archive_url', '/{archive_format}{/ref}'],
  ['assignees_url', '/assignees{/user}'],
  ['blobs_url', '/git/blobs{/sha}'],
  ['branches_url', '/branches{/branch}'],
  ['collaborators_url', '/collaborators{/collaborator}'],
  ['comments_url', '/comments{/number}'],
  ['commits_url', '/commits{/sha}'],
  ['compare_url', '/compare/{base}...{head}'],
  ['contents_url', '/contents/{+path}'],
  ['contributors_url', '/contributors'],
  ['deployments_url', '/deployments'],
  ['downloads_url', '/downloads'],
  ['events_url', '/events'],
  ['forks_url', '/forks'],
  ['git_commits_url', '/git/commits{/sha}'],
  ['git_refs_url', '/git/refs{/sha}'],
  ['git_tags_url', '/git/tags{/sha}'],
  ['hooks_url', '/hooks'],
  ['issue_comment_url', '/issues/comments{/number}'],
  ['issue_events_url', '/issues/events{/number}'],
  ['issues_url', '/issues{/number}'],
  ['keys_url', '/keys{/key_id}'],
  ['labels_url', '/labels{/name}'],
  ['languages_url', '/languages'],
  ['merges_url', '/merges'],
  ['milestones_url', '/milestones{/number}'],
  ['notifications_url', '/notifications{?since,all,participating}'],
  ['pulls_url', '/pulls{/number}'],
  ['releases_url', '/releases{/id}'],
  ['stargazers_url', '/stargazers'],
  ['statuses_url', '/statuses/{sha}'],
  ['subscribers_url', '/subscribers'],
  ['subscription_url', '/subscription'],
  ['tags_url', '/tags'],
  ['teams_url', '/teams'],
  ['trees_url', '/git/trees{/sha}'],
]

/** A `simple-user` object for a login. */
export function userJson(ctx: JsonContext, login: string): Json {
  const user = ctx.state.user(login)
  const url = `${ctx.api}/users/${encodeURIComponent(login)}`
  return {
    login,
    id: user.id,
    node_id: user.nodeId,
    avatar_url: `${ctx.server}/avatars/u/${user.id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `${ctx.server}/${user.type === 'Bot' ? `apps/${login.replace('[bot]', '')}` : login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: user.type,
    user_view_type: 'public',
    site_admin: false,
  }
}

/**
 * A `repository` object: this repository, or for `forkOwner` its fork (`fork: true`, own id and owner),
 * the head repository of a pull request from a fork.
 */
export function repositoryJson(ctx: JsonContext, forkOwner?: string): Json {
  const { state } = ctx
  const owner = forkOwner ?? state.owner
  const id = forkOwner === undefined ? state.repoId : state.user(forkOwner).id * 7
  const fullName = `${owner}/${state.repo}`
  const url = `${ctx.api}/repos/${fullName}`
  const html = `${ctx.server}/${fullName}`
  const host = new URL(ctx.server).host
  const json: Json = {
    id,
    node_id: forkOwner === undefined ? state.repoNodeId : state.nodeId('R_kgDO', id),
    name: state.repo,
    full_name: fullName,
    private: false,
    owner: userJson(ctx, owner),
    html_url: html,
    description: null,
    fork: forkOwner !== undefined,
    url,
  }
  for (const [key, suffix] of REPO_URL_SUFFIXES) json[key] = `${url}${suffix}`
  Object.assign(json, {
    created_at: state.createdAt,
    updated_at: state.createdAt,
    pushed_at: state.createdAt,
    git_url: `git://${host}/${fullName}.git`,
    ssh_url: `git@${host}:${fullName}.git`,
    clone_url: `${html}.git`,
    svn_url: html,
    mirror_url: null,
    homepage: null,
    language: 'TypeScript',
    size: 1,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    open_issues_count: [...state.pulls.values()].filter((p) => p.state === 'open').length,
    forks: 0,
    open_issues: [...state.pulls.values()].filter((p) => p.state === 'open').length,
    watchers: 0,
    default_branch: state.defaultBranch,
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: 'public',
    license: null,
    topics: [],
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
  })
  return json
}

/** A `full-repository` object, as `GET /repos/{owner}/{repo}` answers for a token with `role`. */
export function fullRepositoryJson(ctx: JsonContext, canPush: boolean, isAdmin: boolean): Json {
  return {
    ...repositoryJson(ctx),
    permissions: { admin: isAdmin, maintain: isAdmin, push: canPush, triage: canPush, pull: true },
    subscribers_count: 0,
    network_count: 0,
  }
}

function verification(): Json {
  return { verified: false, reason: 'unsigned', payload: null, signature: null, verified_at: null }
}

/** The `commit` object of `GET /commits/{ref}` and list/compare entries (`withFiles` adds stats and files). */
export function commitJson(ctx: JsonContext, commit: GitCommit, withFiles = false): Json {
  const { state } = ctx
  const url = `${ctx.api}/repos/${state.fullName}/commits/${commit.sha}`
  const accountOf = (email: string): Json | null => {
    const login = [...state.users.values()].find((u) => email.startsWith(`${u.id}+`))?.login
    return login === undefined ? null : userJson(ctx, login)
  }
  const json: Json = {
    url,
    sha: commit.sha,
    node_id: state.nodeId('C_kwDO', Number.parseInt(commit.sha.slice(0, 8), 16)),
    html_url: `${ctx.server}/${state.fullName}/commit/${commit.sha}`,
    comments_url: `${url}/comments`,
    commit: {
      url: `${ctx.api}/repos/${state.fullName}/git/commits/${commit.sha}`,
      author: { ...commit.author },
      committer: { ...commit.committer },
      message: commit.message,
      comment_count: 0,
      tree: { sha: commit.treeSha, url: `${ctx.api}/repos/${state.fullName}/git/trees/${commit.treeSha}` },
      verification: verification(),
    },
    author: accountOf(commit.author.email),
    committer: accountOf(commit.committer.email),
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${ctx.api}/repos/${state.fullName}/commits/${sha}`,
      html_url: `${ctx.server}/${state.fullName}/commit/${sha}`,
    })),
  }
  if (withFiles) {
    const parent =
      commit.parents[0] === undefined ? new Map<string, string>() : state.git.get(commit.parents[0]).files
    const files = state.git.diff(parent, commit.files).map((c) => diffEntryJson(ctx, c, commit.sha))
    const additions = files.reduce((n, f) => n + (f.additions as number), 0)
    const deletions = files.reduce((n, f) => n + (f.deletions as number), 0)
    json.stats = { additions, deletions, total: additions + deletions }
    json.files = files
  }
  return json
}

/** A `diff-entry` for one changed file, with GitHub's `patch` (unified-diff hunks, no file header). */
export function diffEntryJson(ctx: JsonContext, change: GitFileChange, ref: string): Json {
  const { hunks } = structuredPatch(change.path, change.path, change.before ?? '', change.after ?? '', '', '')
  const hunkLines = hunks.flatMap((h) => h.lines)
  const additions = hunkLines.filter((l) => l.startsWith('+')).length
  const deletions = hunkLines.filter((l) => l.startsWith('-')).length
  const patch = hunks
    .map((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines].join('\n'))
    .join('\n')
  const path = change.path.split('/').map(encodeURIComponent).join('/')
  const { fullName } = ctx.state
  return {
    sha: change.after === undefined ? null : blobSha(change.after),
    filename: change.path,
    status: change.status,
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${ctx.server}/${fullName}/blob/${ref}/${path}`,
    raw_url: `${ctx.server}/${fullName}/raw/${ref}/${path}`,
    contents_url: `${ctx.api}/repos/${fullName}/contents/${path}?ref=${ref}`,
    patch,
  }
}
