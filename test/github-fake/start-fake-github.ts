import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { E2eError } from '../helpers/e2e-error.ts'
import type { EventName, RunContext } from './event-payload.ts'
import { buildEventPayload, buildRunContext } from './event-payload.ts'
import type { InjectedFailure, RecordedRequest, Violation } from './http-pipeline.ts'
import { handleRequest } from './http-pipeline.ts'
import type { Access, PullState, RepositoryRole, TokenScope } from './model-types.ts'
import { OpenApiSpec } from './openapi-spec.ts'
import { FORK_PERMISSIONS, WORKFLOW_WRITE_PERMISSIONS } from './permissions.ts'
import type { MergeOptions, OpenPullOptions } from './pull-requests.ts'
import { mergePull, openPull, pushToPull } from './pull-requests.ts'
import type { CommitOptions, FileChanges } from './repo-state.ts'
import { ACTIONS_BOT, RepoState } from './repo-state.ts'
import { checkRoutes } from './routes-checks.ts'
import { gitRoutes } from './routes-git.ts'
import { issueRoutes } from './routes-issues.ts'
import { pullRoutes } from './routes-pulls.ts'

/** Options of `startFakeGitHub`. */
export interface FakeGitHubOptions {
  readonly owner?: string
  readonly repo?: string
  readonly defaultBranch?: string
}

/** Options of `gh.token(kind, …)`. */
export interface TokenOptions {
  /** Actions tokens: the workflow's `permissions:`; default write on checks, contents, pull-requests, statuses, issues. */
  readonly permissions?: Readonly<Partial<Record<TokenScope, Access>>>
  /** User tokens: whose personal token it is. */
  readonly login?: string
}

const ROUTES = { ...gitRoutes, ...pullRoutes, ...issueRoutes, ...checkRoutes }

/**
 * A running offline GitHub for one repository (see `test/github-fake/README.md`). Every REST request is
 * checked against GitHub's OpenAPI description and every GraphQL document against its schema; what GitHub
 * would reject is rejected the same way and recorded in `violations`.
 */
export class FakeGitHub {
  /** `GITHUB_API_URL`. */
  readonly apiUrl: string
  /** `GITHUB_GRAPHQL_URL`. */
  readonly graphqlUrl: string
  /** `GITHUB_SERVER_URL` (same origin: web paths are never API paths). */
  readonly serverUrl: string
  /** Everything the fake knows, for assertions: comments, checkRuns, statuses, labels, pulls, events … */
  readonly state: RepoState
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[] = []
  /** What GitHub would not have accepted, and schema-invalid answers; a passing test expects none. */
  readonly violations: Violation[] = []
  readonly #failures = new Map<string, InjectedFailure[]>()
  readonly #close: () => Promise<void>
  #tokens = 0

  /** @internal use `startFakeGitHub`. */
  constructor(origin: string, state: RepoState, close: () => Promise<void>) {
    this.apiUrl = origin
    this.graphqlUrl = `${origin}/graphql`
    this.serverUrl = origin
    this.state = state
    this.#close = close
  }

  /** Repository settings (`actionsCanCreatePullRequests`, default false like a new repository). */
  get settings(): RepoState['settings'] {
    return this.state.settings
  }

  /** `owner/repo`, for `GITHUB_REPOSITORY`. */
  get repository(): string {
    return this.state.fullName
  }

  /**
   * Issues a token. `actions`: the workflow's `GITHUB_TOKEN` (identity `github-actions[bot]`);
   * `fork`: the read-only token of a `pull_request` run from a fork; `user`: a personal token acting with
   * the user's repository role.
   *
   * @returns the token string, for `authorization: token …` / the `github-token` input.
   */
  token(kind: 'actions' | 'fork' | 'user', options: TokenOptions = {}): string {
    this.#tokens += 1
    const token = `ghs_fake${this.#tokens}${kind}`
    const login = kind === 'user' ? (options.login ?? this.state.owner) : ACTIONS_BOT
    const permissions =
      kind === 'fork'
        ? FORK_PERMISSIONS
        : kind === 'actions'
          ? (options.permissions ?? WORKFLOW_WRITE_PERMISSIONS)
          : {}
    this.state.tokens.set(token, { kind, identity: this.state.user(login), permissions })
    return token
  }

  /** Commits files (path → text, null deletes) on a branch, creating it from the default branch if new; returns the sha. */
  commit(branch: string, files: FileChanges, options: CommitOptions = {}): string {
    return this.state.commitOn(branch, files, options).sha
  }

  /** Opens a pull request, committing `files` on its head branch first. */
  openPullRequest(options: OpenPullOptions): PullState {
    return openPull(this.state, options)
  }

  /** Pushes a commit with these changes to a pull request's head; returns the new head sha. */
  push(number: number, files: FileChanges, options: CommitOptions = {}): string {
    return pushToPull(this.state, number, files, options)
  }

  /** Merges a pull request (merge commit with two parents by default); returns the merge commit's sha. */
  merge(number: number, options: MergeOptions = {}): string {
    return mergePull(this.state, number, options)
  }

  /** Adds a label to a pull request as a person (a `labeled` event names them as the actor). */
  addLabel(number: number, name: string, options: { actor?: string; date?: string | Date } = {}): void {
    this.state.addLabels(number, [name], options.actor ?? this.state.owner, options.date)
  }

  /** Removes a label from a pull request as a person (an `unlabeled` event names them); false when it was not on it. */
  removeLabel(number: number, name: string, options: { actor?: string } = {}): boolean {
    return this.state.removeLabel(number, name, options.actor ?? this.state.owner)
  }

  /** Adds a comment to a pull request as a person (or a bot, to test who the Action trusts). */
  addComment(number: number, body: string, options: { author?: string } = {}): number {
    return this.state.addComment(number, body, options.author ?? this.state.owner).id
  }

  /** Gives a login a role on the repository (makes them a collaborator). */
  setPermission(login: string, role: RepositoryRole): void {
    this.state.user(login)
    this.state.roles.set(login, role)
  }

  /**
   * Makes the next request(s) to an operation fail. `key` is an operation of GitHub's description
   * (`GET /repos/{owner}/{repo}/pulls/{pull_number}`) or `POST /graphql`.
   *
   * @throws E2eError `FAKE_SETUP` for a key GitHub's description does not have.
   */
  failNext(key: string, failure: InjectedFailure): void {
    if (key !== 'POST /graphql' && OpenApiSpec.load().operation(key) === undefined) {
      throw new E2eError(
        'FAKE_SETUP',
        `failNext: "${key}" is not an operation of GitHub's REST description; write it as "GET /repos/{owner}/{repo}/pulls/{pull_number}" or "POST /graphql"`,
      )
    }
    const queue = this.#failures.get(key) ?? []
    queue.push(failure)
    this.#failures.set(key, queue)
  }

  /**
   * A webhook payload for the event, built from `@octokit/webhooks-examples` and rewritten to this
   * repository's state (see `event-payload.ts`).
   */
  eventPayload(event: EventName, action?: string, target?: number | string): Record<string, unknown> {
    return buildEventPayload(this.#jsonContext(), event, action, target)
  }

  /**
   * The payload with the `GITHUB_SHA` / `GITHUB_REF` the runner would set for it (for `pull_request`, a
   * fresh test merge commit on `refs/pull/<n>/merge`). Pass it to `runAction`.
   */
  runContext(event: EventName, action?: string, target?: number | string): RunContext {
    return buildRunContext(this.#jsonContext(), event, action, target)
  }

  /** The requests made to one operation key, for assertions. */
  callsTo(key: string): RecordedRequest[] {
    return this.requests.filter((r) => r.operation === key)
  }

  /** Stops the server. */
  close(): Promise<void> {
    return this.#close()
  }

  /** @internal */
  get failures(): Map<string, InjectedFailure[]> {
    return this.#failures
  }

  #jsonContext(): { state: RepoState; api: string; server: string } {
    return { state: this.state, api: this.apiUrl, server: this.serverUrl }
  }
}

/**
 * Starts the offline GitHub on 127.0.0.1 (a free port). GitHub's REST description is loaded on the first
 * REST request (about a second, once per test file) and the GraphQL schema on the first GraphQL request.
 *
 * @example
 * const gh = await startFakeGitHub({ owner: 'acme', repo: 'support-bot' })
 * const base = gh.commit('main', { 'experiment.yaml': text }, { message: 'add experiment' })
 * const pr = gh.openPullRequest({ head: 'bump', files: { 'experiment.yaml': bumped }, author: 'alice' })
 * // … run the action with GITHUB_API_URL = gh.apiUrl and github-token = gh.token('actions') …
 * expect(gh.violations).toEqual([])
 * await gh.close()
 */
export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const state = new RepoState(
    options.owner ?? 'acme',
    options.repo ?? 'support-bot',
    options.defaultBranch ?? 'main',
  )
  let fake: FakeGitHub | undefined
  const server = createServer((req, res) => {
    const gh = fake!
    handleRequest(
      {
        state,
        api: gh.apiUrl,
        server: gh.serverUrl,
        spec: () => OpenApiSpec.load(),
        routes: ROUTES,
        requests: gh.requests,
        violations: gh.violations,
        failures: gh.failures,
      },
      req,
      res,
    ).catch((error: unknown) => {
      gh.violations.push({ kind: 'fake-error', request: `${req.method} ${req.url}`, message: String(error) })
      res.writeHead(500).end()
    })
  })
  server.keepAliveTimeout = 1000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  fake = new FakeGitHub(`http://127.0.0.1:${port}`, state, () => {
    server.closeAllConnections()
    return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
  })
  return fake
}
