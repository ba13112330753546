/**
 * Test-only helpers of the action's unit tests (production code never imports this file): a recording
 * GitHub that answers Octokit's requests through an injected `fetch` (or over HTTP on 127.0.0.1 for the
 * bundle test) with GitHub-shaped bodies, builders of those bodies, a recording `ActionIO`, and a run
 * environment.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Experiment } from '@llm-canary/core'
import { loadExperiment } from '@llm-canary/core'
import type { RolloutChange } from '@llm-canary/gate'
import { classifyRolloutChange } from '@llm-canary/gate'
import type { ActionContext, ActionEvent } from './action-context.ts'
import type { ActionIO, AnnotationTarget } from './action-io.ts'
import { GitHubApi } from './github/github-api.ts'
import type { InputName } from './inputs.ts'
import { readInputs } from './inputs.ts'
import type { RunEnvironment } from './run-environment.ts'

/** The repository every test works in. */
export const REPO = 'acme/shop'
/** The API base URL the recorder answers for. */
export const API_URL = 'https://api.github.test'

/** One request the recorder received. */
interface RecordedCall {
  readonly method: string
  /** The path without the query, e.g. `/repos/acme/shop/pulls/7/files`. */
  readonly path: string
  readonly query: URLSearchParams
  readonly body: unknown
}

/** A reply: a status (default 200), a JSON body, headers. */
interface Reply {
  readonly status?: number
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

/** A route: a method, a path pattern (matched whole) and what to answer. */
export interface Route {
  readonly method: string
  readonly path: RegExp
  readonly reply: (call: RecordedCall, match: RegExpExecArray) => Reply
}

/** The recording GitHub: `fetch` for Octokit, the calls it got, and a filter over them. */
export interface GitHubRecorder {
  readonly fetch: typeof fetch
  readonly calls: RecordedCall[]
  /** Calls of a method whose path matches. */
  callsTo(method: string, path: RegExp): RecordedCall[]
  /** Serves the same routes over HTTP on 127.0.0.1 (for a child process); close it after the test. */
  listen(): Promise<{ url: string; close(): Promise<void> }>
}

/**
 * Builds a recording GitHub over a route table. An unrouted request answers 501 with a message naming
 * it, so a test sees at once which call it did not expect.
 *
 * @param routes - The routes, first match wins.
 * @returns The recorder.
 */
export function createGitHubRecorder(routes: readonly Route[]): GitHubRecorder {
  const calls: RecordedCall[] = []
  const answer = (method: string, url: URL, text: string): Response => {
    const call: RecordedCall = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body: text === '' ? undefined : JSON.parse(text),
    }
    calls.push(call)
    for (const route of routes) {
      if (route.method !== method) continue
      const match = new RegExp(`^${route.path.source}$`).exec(call.path)
      if (match === null) continue
      const reply = route.reply(call, match)
      const status = reply.status ?? 200
      return new Response(status === 204 ? null : JSON.stringify(reply.body ?? {}), {
        status,
        headers: { 'content-type': 'application/json; charset=utf-8', ...reply.headers },
      })
    }
    return new Response(JSON.stringify({ message: `no route for ${method} ${call.path}` }), {
      status: 501,
      headers: { 'content-type': 'application/json' },
    })
  }
  const fetchImpl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url)
    const body = init?.body === undefined || init.body === null ? '' : String(init.body)
    const response = answer((init?.method ?? 'GET').toUpperCase(), url, body)
    // A real fetch's response knows its URL; Octokit's pagination reads it.
    Object.defineProperty(response, 'url', { value: url.href })
    return response
  }
  return {
    fetch: fetchImpl as typeof fetch,
    calls,
    callsTo: (method, path) => calls.filter((call) => call.method === method && path.test(call.path)),
    listen: async () => {
      const server = createServer((request, response) => {
        let text = ''
        request.setEncoding('utf8')
        request.on('data', (chunk: string) => (text += chunk))
        request.on('end', async () => {
          const reply = answer(request.method ?? 'GET', new URL(request.url ?? '/', 'http://127.0.0.1'), text)
          response.writeHead(reply.status, Object.fromEntries(reply.headers))
          response.end(await reply.text())
        })
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      const { port } = server.address() as AddressInfo
      return {
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
      }
    },
  }
}

/** A commit sha made of one repeated hex digit (`sha('a')`), or padded from a label. */
export function sha(label: string): string {
  const hex = Buffer.from(label).toString('hex')
  return hex.padEnd(40, '0').slice(0, 40)
}

const user = (login: string, type = 'User') => ({
  login,
  id: login.length,
  node_id: `U_${login}`,
  type,
  site_admin: false,
})

/** A bot user as GitHub shows the Actions token's comments and pull requests. */
const ACTIONS_BOT = 'github-actions[bot]'

/** A pull request as `GET /repos/{o}/{r}/pulls/{n}` returns it (the fields the action reads). */
export function pullRequestBody(options: {
  readonly number: number
  readonly headSha: string
  readonly baseSha: string
  readonly title?: string
  readonly body?: string
  readonly author?: string
  readonly authorType?: string
  readonly labels?: readonly string[]
  readonly mergedAt?: string
  readonly mergeCommitSha?: string
  readonly state?: string
  readonly createdAt?: string
  readonly headRepository?: string
}): unknown {
  return {
    number: options.number,
    node_id: `PR_node${options.number}`,
    html_url: `https://github.test/${REPO}/pull/${options.number}`,
    state: options.state ?? (options.mergedAt === undefined ? 'open' : 'closed'),
    title: options.title ?? `Pull request ${options.number}`,
    body: options.body ?? null,
    user: user(options.author ?? 'dev', options.authorType),
    head: {
      sha: options.headSha,
      ref: `branch-${options.number}`,
      repo: { full_name: options.headRepository ?? REPO },
    },
    base: { sha: options.baseSha, ref: 'main', repo: { full_name: REPO } },
    labels: (options.labels ?? []).map((name, id) => ({ id, name })),
    merged_at: options.mergedAt ?? null,
    merge_commit_sha: options.mergeCommitSha ?? null,
    created_at: options.createdAt ?? '2026-01-01T00:00:00Z',
  }
}

/** A commit as the commits API returns it. */
function commitBody(commitSha: string, date: string, parents: readonly string[] = []): unknown {
  return {
    sha: commitSha,
    commit: { committer: { date }, author: { date }, message: 'commit' },
    parents: parents.map((parent) => ({ sha: parent })),
  }
}

/** A file as the contents API returns it (base64). */
function contentBody(path: string, text: string): unknown {
  return {
    type: 'file',
    path,
    name: path.split('/').at(-1),
    encoding: 'base64',
    content: Buffer.from(text).toString('base64'),
    sha: sha(`blob:${text.length}:${path}`),
    size: text.length,
  }
}

/** A recursive tree listing. */
function treeBody(paths: readonly string[]): unknown {
  return {
    sha: sha('tree'),
    truncated: false,
    tree: paths.map((path) => ({ path, type: 'blob', mode: '100644' })),
  }
}

/** An issue comment. */
function commentBody(id: number, body: string, login = ACTIONS_BOT, type = 'Bot'): unknown {
  return { id, body, user: user(login, type), html_url: `https://github.test/${REPO}/issues/1#c${id}` }
}

/** What a recording `ActionIO` saw. */
export interface RecordingIO extends ActionIO {
  readonly infos: string[]
  readonly warnings: string[]
  readonly errors: { message: string; at?: AnnotationTarget }[]
  readonly outputs: Record<string, string>
  readonly secrets: string[]
  summary: string | undefined
  failed: string | undefined
}

/** An `ActionIO` that records instead of printing. */
export function createRecordingIO(): RecordingIO {
  const io: RecordingIO = {
    infos: [],
    warnings: [],
    errors: [],
    outputs: {},
    secrets: [],
    summary: undefined,
    failed: undefined,
    info: (message) => io.infos.push(message),
    warning: (message) => io.warnings.push(message),
    error: (message, at) => io.errors.push(at === undefined ? { message } : { message, at }),
    setSecret: (value) => io.secrets.push(value),
    setOutput: (name, value) => {
      io.outputs[name] = value
    },
    writeSummary: async (markdown) => {
      io.summary = markdown
    },
    setFailed: (message) => {
      io.failed = message
    },
  }
  return io
}

/** A run environment over the recorder: inputs read as the runner gives them, the file source, a fixed clock. */
export function buildRunEnvironment(options: {
  readonly recorder: GitHubRecorder
  readonly inputs?: Partial<Record<InputName, string>>
  readonly eventName?: string
  readonly event?: ActionEvent
  readonly now?: Date
  readonly io?: ActionIO
}): RunEnvironment & { readonly io: ActionIO } {
  const now = options.now ?? new Date('2026-01-09T00:00:00Z')
  const inputs = readInputs(
    (name) => options.inputs?.[name] ?? (name === 'github-token' ? 'ghs_test' : ''),
    now,
  )
  const io = options.io ?? createRecordingIO()
  const context: ActionContext = {
    repository: REPO,
    eventName: options.eventName ?? 'pull_request',
    event: options.event ?? {},
    sha: sha('merge'),
    apiUrl: API_URL,
    // The runner always sets GITHUB_GRAPHQL_URL.
    graphqlUrl: `${API_URL}/graphql`,
    runUrl: `https://github.test/${REPO}/actions/runs/42`,
    tempDir: '.llm-canary',
  }
  return {
    inputs,
    context,
    now,
    io,
    api: new GitHubApi({
      token: inputs.githubToken,
      repository: REPO,
      apiUrl: API_URL,
      graphqlUrl: `${API_URL}/graphql`,
      fetch: options.recorder.fetch,
    }),
    access: {
      source: inputs.source,
      token: inputs.traceToken,
      tenant: undefined,
      onWarning: (m) => io.warning(m),
    },
  }
}

/** The state of the small repository fake: files per commit, a pull request, its comments, checks, labels. */
export interface RepoState {
  /** Text of each file at each commit: `files[sha][path]`. */
  readonly files: Record<string, Record<string, string>>
  /** History per path, newest first, as the commits API lists it. */
  readonly history: Record<string, { sha: string; date: string }[]>
  /** Files changed by the pull request. */
  readonly changed: { filename: string; status: string; previous_filename?: string }[]
  readonly pulls: Record<number, unknown>
  readonly comments: { id: number; body: string; login: string; type: string; issue: number }[]
  readonly checkRuns: {
    id: number
    name: string
    head_sha: string
    status: string
    conclusion: string | null
  }[]
  readonly statuses: { sha: string; context: string; state: string }[]
  readonly labels: Set<string>
  /** Labels on issues and pull requests. */
  readonly issueLabels: Record<number, string[]>
  /** Who added which label, oldest first. */
  readonly labelEvents: Record<number, { label: string; actor: string }[]>
  readonly permissions: Record<string, string>
  readonly defaultBranch: string
  readonly branches: Record<string, string>
}

/** A fresh, empty repository state. */
export function emptyRepoState(): RepoState {
  return {
    files: {},
    history: {},
    changed: [],
    pulls: {},
    comments: [],
    checkRuns: [],
    statuses: [],
    labels: new Set(),
    issueLabels: {},
    labelEvents: {},
    permissions: {},
    defaultBranch: 'main',
    branches: {},
  }
}

const R = `/repos/${REPO}`

/** A stored pull request with its current labels, as GitHub lists it. */
function withLabels(state: RepoState, pull: unknown): unknown {
  const { number } = pull as { number: number }
  const labels = state.issueLabels[number]
  return labels === undefined
    ? pull
    : { ...(pull as object), labels: labels.map((name, id) => ({ id, name })) }
}

/**
 * The routes of a small stateful repository over `RepoState`: enough REST for the action's gate and watch
 * modes, with paginated comment listings (100 per page, `Link` headers) as GitHub sends them.
 */
export function repoRoutes(state: RepoState, extra: readonly Route[] = []): Route[] {
  let nextId = 1000
  return [
    ...extra,
    {
      method: 'GET',
      path: new RegExp(`${R}`),
      reply: () => ({ body: { default_branch: state.defaultBranch } }),
    },
    {
      method: 'GET',
      path: new RegExp(`${R}/pulls/(\\d+)/files`),
      reply: () => ({ body: state.changed }),
    },
    {
      method: 'GET',
      path: new RegExp(`${R}/pulls/(\\d+)`),
      reply: (_call, match) => {
        const pull = state.pulls[Number(match[1])]
        return pull === undefined
          ? { status: 404, body: { message: 'Not Found' } }
          : { body: withLabels(state, pull) }
      },
    },
    {
      method: 'GET',
      path: new RegExp(`${R}/pulls`),
      reply: (call) => {
        const wanted = call.query.get('state')
        const pulls = Object.values(state.pulls).filter((pull) => {
          const p = pull as { state: string; base: { ref: string } }
          return (wanted === 'all' || p.state === wanted) && p.base.ref === call.query.get('base')
        })
        return { body: pulls.reverse().map((pull) => withLabels(state, pull)) }
      },
    },
    {
      method: 'GET',
      path: new RegExp(`${R}/contents/(.+)`),
      reply: (call, match) => {
        const ref = call.query.get('ref') ?? ''
        const text = state.files[state.branches[ref] ?? ref]?.[decodeURIComponent(match[1] ?? '')]
        return text === undefined
          ? { status: 404, body: { message: 'Not Found' } }
          : { body: contentBody(match[1] ?? '', text) }
      },
    },
    {
      method: 'GET',
      path: new RegExp(`${R}/git/trees/(\\w+)`),
      reply: (_call, match) => ({ body: treeBody(Object.keys(state.files[match[1] ?? ''] ?? {})) }),
    },
    {
      method: 'GET',
      path: new RegExp(`${R}/git/ref/(.+)`),
      reply: (_call, match) => {
        const head = state.branches[decodeURIComponent(match[1] ?? '').replace(/^heads\//, '')]
        return head === undefined
          ? { status: 404, body: { message: 'Not Found' } }
          : { body: { object: { sha: head } } }
      },
    },
    {
      method: 'GET',
      path: new RegExp(`${R}/commits`),
      reply: (call) => ({
        body: (state.history[call.query.get('path') ?? ''] ?? []).map((c, i, all) =>
          commitBody(c.sha, c.date, all[i + 1] === undefined ? [] : [all[i + 1]?.sha ?? '']),
        ),
      }),
    },
    {
      method: 'GET',
      path: new RegExp(`${R}/commits/(\\w+)/check-runs`),
      reply: (call, match) => {
        const runs = state.checkRuns.filter(
          (run) => run.head_sha === match[1] && (call.query.get('check_name') ?? run.name) === run.name,
        )
        return { body: { total_count: runs.length, check_runs: runs } }
      },
    },
    {
      method: 'GET',
      path: new RegExp(`${R}/commits/(\\w+)/statuses`),
      reply: (_call, match) => ({ body: state.statuses.filter((s) => s.sha === match[1]).reverse() }),
    },
    {
      method: 'POST',
      path: new RegExp(`${R}/check-runs`),
      reply: (call) => {
        const body = call.body as { name: string; head_sha: string; status: string; conclusion?: string }
        const run = {
          id: nextId++,
          name: body.name,
          head_sha: body.head_sha,
          status: body.status,
          conclusion: body.conclusion ?? null,
        }
        state.checkRuns.push(run)
        return { status: 201, body: run }
      },
    },
    {
      method: 'PATCH',
      path: new RegExp(`${R}/check-runs/(\\d+)`),
      reply: (call, match) => {
        const run = state.checkRuns.find((r) => r.id === Number(match[1]))
        const body = call.body as { status: string; conclusion?: string }
        if (run !== undefined)
          Object.assign(run, { status: body.status, conclusion: body.conclusion ?? null })
        return { body: run }
      },
    },
    {
      method: 'POST',
      path: new RegExp(`${R}/statuses/(\\w+)`),
      reply: (call, match) => {
        const body = call.body as { context: string; state: string }
        state.statuses.push({ sha: match[1] ?? '', context: body.context, state: body.state })
        return { status: 201, body }
      },
    },
    {
      method: 'GET',
      path: new RegExp(`${R}/issues/(\\d+)/comments`),
      reply: (call, match) => {
        const all = state.comments.filter((c) => c.issue === Number(match[1]))
        const page = Number(call.query.get('page') ?? '1')
        const slice = all.slice((page - 1) * 100, page * 100)
        const next = page * 100 < all.length
        return {
          body: slice.map((c) => commentBody(c.id, c.body, c.login, c.type)),
          ...(next
            ? { headers: { link: `<${API_URL}${call.path}?per_page=100&page=${page + 1}>; rel="next"` } }
            : {}),
        }
      },
    },
    {
      method: 'POST',
      path: new RegExp(`${R}/issues/(\\d+)/comments`),
      reply: (call, match) => {
        const comment = {
          id: nextId++,
          body: (call.body as { body: string }).body,
          login: ACTIONS_BOT,
          type: 'Bot',
          issue: Number(match[1]),
        }
        state.comments.push(comment)
        return { status: 201, body: commentBody(comment.id, comment.body) }
      },
    },
    {
      method: 'PATCH',
      path: new RegExp(`${R}/issues/comments/(\\d+)`),
      reply: (call, match) => {
        const comment = state.comments.find((c) => c.id === Number(match[1]))
        if (comment !== undefined) comment.body = (call.body as { body: string }).body
        return { body: commentBody(Number(match[1]), comment?.body ?? '') }
      },
    },
    {
      method: 'GET',
      path: new RegExp(`${R}/labels/(.+)`),
      reply: (_call, match) =>
        state.labels.has(decodeURIComponent(match[1] ?? ''))
          ? { body: { name: decodeURIComponent(match[1] ?? '') } }
          : { status: 404, body: { message: 'Not Found' } },
    },
    {
      method: 'POST',
      path: new RegExp(`${R}/labels`),
      reply: (call) => {
        state.labels.add((call.body as { name: string }).name)
        return { status: 201, body: call.body }
      },
    },
    {
      method: 'POST',
      path: new RegExp(`${R}/issues/(\\d+)/labels`),
      reply: (call, match) => {
        const number = Number(match[1])
        const labels = state.issueLabels[number] ?? []
        state.issueLabels[number] = labels
        labels.push(...(call.body as { labels: string[] }).labels)
        return { body: labels.map((name) => ({ name })) }
      },
    },
    {
      method: 'DELETE',
      path: new RegExp(`${R}/issues/(\\d+)/labels/(.+)`),
      reply: (_call, match) => {
        const labels = state.issueLabels[Number(match[1])] ?? []
        const name = decodeURIComponent(match[2] ?? '')
        if (!labels.includes(name)) return { status: 404, body: { message: 'Label does not exist' } }
        labels.splice(labels.indexOf(name), 1)
        return { body: [] }
      },
    },
    {
      method: 'GET',
      path: new RegExp(`${R}/issues/(\\d+)/events`),
      reply: (_call, match) => ({
        body: (state.labelEvents[Number(match[1])] ?? []).map((event, id) => ({
          id,
          event: 'labeled',
          actor: user(event.actor),
          label: { name: event.label, color: 'ededed' },
        })),
      }),
    },
    {
      method: 'GET',
      path: new RegExp(`${R}/collaborators/([^/]+)/permission`),
      reply: (_call, match) => {
        const permission = state.permissions[match[1] ?? ''] ?? 'read'
        const legacy = permission === 'maintain' ? 'write' : permission
        return { body: { permission: legacy, role_name: permission, user: user(match[1] ?? '') } }
      },
    },
  ]
}

/**
 * A two-arm experiment and the change of a pull request that ramps its candidate 20% → 40%.
 *
 * @param id - The experiment id.
 */
export function buildRampChange(id: string): { experiment: Experiment; change: RolloutChange } {
  const experiment = loadExperiment({
    experiment: id,
    arms: {
      control: { model: 'openai:gpt-4.1', weight: 80 },
      candidate: { model: 'openai:gpt-5', weight: 20 },
    },
    guardrails: { error_rate: { max_increase: '1pp' } },
  })
  const arms = experiment.arms.map((arm) => ({ ...arm, weight: arm.isControl ? 60 : 40 }))
  const [control = experiment.control, ...candidates] = arms
  const head: Experiment = { ...experiment, arms, control, candidates }
  return { experiment, change: classifyRolloutChange(experiment, head) }
}
