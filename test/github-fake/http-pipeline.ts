import type { IncomingMessage, ServerResponse } from 'node:http'
import { E2eError } from '../helpers/e2e-error.ts'
import { answerGraphql } from './graphql-endpoint.ts'
import type { JsonContext } from './json-repo.ts'
import type { TokenGrant } from './model-types.ts'
import type { OpenApiSpec, Operation } from './openapi-spec.ts'
import { refusal } from './permissions.ts'
import type { RouteResult, RouteTable } from './route-kit.ts'

/** One request the fake received, in arrival order. */
export interface RecordedRequest {
  readonly method: string
  /** Path and query as sent (`/repos/acme/bot/pulls?state=all`). */
  readonly url: string
  /** The operation key (`GET /repos/{owner}/{repo}/pulls`, `POST /graphql`), when the route is known. */
  readonly operation: string | undefined
  readonly status: number
  /** Login of the token's identity, when the request was authenticated. */
  readonly actor: string | undefined
  readonly body: unknown
}

/** Something GitHub would not have accepted, or a body the fake sent that breaks GitHub's schema. */
export interface Violation {
  readonly kind:
    | 'unknown-route'
    | 'invalid-request'
    | 'invalid-response'
    | 'unimplemented'
    | 'graphql-invalid'
    | 'fake-error'
  /** `METHOD /path?query` of the request. */
  readonly request: string
  readonly message: string
}

/** A failure a test injects in place of the real answer (`gh.failNext`). */
export interface InjectedFailure {
  /** HTTP status; with `rateLimit`, default 403. */
  readonly status?: number
  readonly message?: string
  readonly headers?: Readonly<Record<string, string>>
  /** GitHub's rate-limit answer: `x-ratelimit-remaining: 0`, a reset time, the "API rate limit exceeded" message. */
  readonly rateLimit?: boolean
  /** Close the connection without an answer. */
  readonly reset?: boolean
  /** How many requests in a row fail (default 1; `Infinity` for always). */
  readonly times?: number
}

/** What the pipeline needs from the fake. */
export interface PipelineDeps extends JsonContext {
  readonly spec: () => OpenApiSpec
  readonly routes: RouteTable
  readonly requests: RecordedRequest[]
  readonly violations: Violation[]
  readonly failures: Map<string, InjectedFailure[]>
}

const GRAPHQL_PATHS = new Set(['/graphql', '/api/graphql'])

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function send(res: ServerResponse, result: RouteResult): void {
  const reset = Math.floor(Date.now() / 1000) + 3600
  const headers: Record<string, string> = {
    'x-github-request-id': `FAKE:${process.hrtime.bigint().toString(16)}`,
    'x-github-api-version-selected': '2022-11-28',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-reset': String(reset),
    'x-ratelimit-used': '1',
    'x-ratelimit-resource': 'core',
    ...result.headers,
  }
  if (result.body === undefined) {
    res.writeHead(result.status, headers).end()
    return
  }
  headers['content-type'] = 'application/json; charset=utf-8'
  res.writeHead(result.status, headers).end(JSON.stringify(result.body))
}

function injected(failure: InjectedFailure, documentationUrl: string): RouteResult {
  if (failure.rateLimit === true) {
    const reset = String(Math.floor(Date.now() / 1000) + 60)
    return {
      status: failure.status ?? 403,
      body: {
        message: failure.message ?? 'API rate limit exceeded for installation ID 1.',
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        status: String(failure.status ?? 403),
      },
      headers: {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': '5000',
        'x-ratelimit-reset': reset,
        ...failure.headers,
      },
    }
  }
  const status = failure.status ?? 500
  const message = failure.message ?? (status >= 500 ? 'Server Error' : 'Injected failure')
  return {
    status,
    body: { message, documentation_url: documentationUrl, status: String(status) },
    ...(failure.headers === undefined ? {} : { headers: failure.headers }),
  }
}

/** Takes the next injected failure for an operation key, if any is armed. */
function takeFailure(deps: PipelineDeps, key: string): InjectedFailure | undefined {
  const queue = deps.failures.get(key)
  const next = queue?.[0]
  if (queue === undefined || next === undefined) return undefined
  const times = (next.times ?? 1) - 1
  if (times <= 0) queue.shift()
  else queue[0] = { ...next, times }
  return next
}

function authenticate(deps: PipelineDeps, req: IncomingMessage): TokenGrant | RouteResult {
  const header = req.headers.authorization ?? ''
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header)
  const docs = 'https://docs.github.com/rest'
  if (match === null) {
    return {
      status: 401,
      body: { message: 'Requires authentication', documentation_url: docs, status: '401' },
    }
  }
  const grant = deps.state.tokens.get(match[1]!)
  return (
    grant ?? { status: 401, body: { message: 'Bad credentials', documentation_url: docs, status: '401' } }
  )
}

/**
 * Handles one HTTP request: GraphQL or REST. REST goes route → authentication → request validation →
 * injected failure → permission → handler → response validation; every step that GitHub would fail fails
 * the same way, and every contract problem is recorded in `violations`.
 */
export async function handleRequest(
  deps: PipelineDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = req.method ?? 'GET'
  const url = new URL(req.url ?? '/', deps.api)
  const request = `${method} ${url.pathname}${url.search}`
  const text = await readBody(req)
  let body: unknown
  let actor: string | undefined
  let operationKey: string | undefined
  const finish = (result: RouteResult): void => {
    deps.requests.push({
      method,
      url: `${url.pathname}${url.search}`,
      operation: operationKey,
      status: result.status,
      actor,
      body,
    })
    send(res, result)
  }
  const violation = (kind: Violation['kind'], message: string): void => {
    deps.violations.push({ kind, request, message })
  }
  try {
    body = text === '' ? undefined : JSON.parse(text)
  } catch {
    violation('invalid-request', 'the body is not JSON')
    finish({
      status: 400,
      body: {
        message: 'Problems parsing JSON',
        documentation_url: 'https://docs.github.com/rest',
        status: '400',
      },
    })
    return
  }
  const graphql = method === 'POST' && GRAPHQL_PATHS.has(url.pathname)
  const matched = graphql ? undefined : deps.spec().match(method, url.pathname)
  operationKey = graphql ? 'POST /graphql' : matched?.operation.key
  if (!graphql && matched === undefined) {
    violation('unknown-route', `GitHub's REST description has no ${method} ${url.pathname}`)
    finish({
      status: 404,
      body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' },
    })
    return
  }
  const grant = authenticate(deps, req)
  if (!('identity' in grant)) {
    finish(grant)
    return
  }
  actor = grant.identity.login
  const failure = takeFailure(deps, operationKey!)
  if (graphql) {
    if (failure?.reset === true) {
      req.socket.destroy()
      return
    }
    if (failure !== undefined) {
      finish(injected(failure, 'https://docs.github.com/graphql'))
      return
    }
    const outcome = answerGraphql(deps, grant, body)
    for (const message of outcome.violations) violation('graphql-invalid', message)
    finish({ status: 200, body: outcome.body })
    return
  }
  const { operation, pathParams } = matched!
  const spec = deps.spec()
  const checked = spec.validateRequest(operation, pathParams, url.searchParams, body)
  if (checked.problems.length > 0) {
    violation('invalid-request', `${operation.key}: ${checked.problems.join(' ')}`)
    const message = `Invalid request.\n\n${checked.problems.join('\n')}`
    finish({ status: 422, body: { message, documentation_url: operation.documentationUrl, status: '422' } })
    return
  }
  if (failure?.reset === true) {
    req.socket.destroy()
    return
  }
  const result = answerRest(deps, { operation, pathParams, query: checked.query, body, grant, url, failure })
  if (result.status === 501)
    violation('unimplemented', `unimplemented operation ${operation.key} (${operation.operationId})`)
  if (failure === undefined && result.status !== 501) {
    for (const problem of spec.validateResponse(operation, result.status, result.body)) {
      violation('invalid-response', `${operation.key} ${result.status}: ${problem}`)
    }
  }
  if ('fakeError' in result) violation('fake-error', String(result.fakeError))
  finish(result)
}

function answerRest(
  deps: PipelineDeps,
  call: {
    operation: Operation
    pathParams: Readonly<Record<string, string>>
    query: Readonly<Record<string, unknown>>
    body: unknown
    grant: TokenGrant
    url: URL
    failure: InjectedFailure | undefined
  },
): RouteResult & { fakeError?: string } {
  const { operation, pathParams, grant } = call
  const docs = operation.documentationUrl
  const { state } = deps
  const owner = pathParams.owner
  const repo = pathParams.repo
  if (
    (owner !== undefined && owner.toLowerCase() !== state.owner.toLowerCase()) ||
    (repo !== undefined && repo.toLowerCase() !== state.repo.toLowerCase())
  ) {
    return { status: 404, body: { message: 'Not Found', documentation_url: docs, status: '404' } }
  }
  if (call.failure !== undefined) return injected(call.failure, docs)
  const denied = refusal(state, grant, operation)
  if (denied !== undefined)
    return { status: 403, body: { message: denied, documentation_url: docs, status: '403' } }
  const handler = deps.routes[operation.key]
  if (handler === undefined) {
    const message = `The offline GitHub does not implement ${operation.key} (${operation.operationId}); add it to test/github-fake`
    return { status: 501, body: { message, documentation_url: docs, status: '501' } }
  }
  try {
    return handler({
      ...deps,
      operation,
      params: pathParams,
      query: call.query,
      body: call.body,
      grant,
      url: call.url,
    })
  } catch (error) {
    if (error instanceof E2eError && error.response !== undefined) return error.response
    const message = error instanceof Error ? error.message : String(error)
    return {
      status: 500,
      body: { message: 'Server Error', documentation_url: docs, status: '500' },
      fakeError: message,
    }
  }
}
