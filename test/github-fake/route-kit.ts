import { E2eError } from '../helpers/e2e-error.ts'
import type { JsonContext } from './json-repo.ts'
import type { PullState, TokenGrant } from './model-types.ts'
import type { Operation } from './openapi-spec.ts'

/** What a REST handler gets: the state, the validated request and who is calling. */
export interface RouteContext extends JsonContext {
  readonly operation: Operation
  readonly params: Readonly<Record<string, string>>
  readonly query: Readonly<Record<string, unknown>>
  // biome-ignore lint/suspicious/noExplicitAny: the body was validated against the operation's schema.
  readonly body: any
  readonly grant: TokenGrant
  /** The request URL on the API origin (for `Link` headers). */
  readonly url: URL
}

/** A handler's answer. */
export interface RouteResult {
  readonly status: number
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

/** REST handlers by operation key (`GET /repos/{owner}/{repo}/pulls/{pull_number}`). */
export type RouteTable = Readonly<Record<string, (ctx: RouteContext) => RouteResult>>

/** One entry of a `Validation Failed` error list. */
export interface ValidationIssue {
  readonly resource: string
  readonly code: string
  readonly field?: string
  readonly message?: string
}

/**
 * Stops a handler with a GitHub error body: `{ message, documentation_url, status }` (plus `errors`).
 *
 * @returns never: it throws `E2eError` with code `GITHUB_RESPONSE`, which the server sends as is.
 */
export function fail(
  status: number,
  message: string,
  documentationUrl: string,
  extra: { errors?: readonly ValidationIssue[]; headers?: Record<string, string> } = {},
): never {
  const body: Record<string, unknown> = {
    message,
    documentation_url: documentationUrl,
    status: String(status),
  }
  if (extra.errors !== undefined) body.errors = extra.errors
  throw new E2eError('GITHUB_RESPONSE', `GitHub answers ${status}: ${message}`, {
    status,
    body,
    ...(extra.headers === undefined ? {} : { headers: extra.headers }),
  })
}

/** Stops a handler with GitHub's 404. */
export function notFound(ctx: RouteContext, message = 'Not Found'): never {
  return fail(404, message, ctx.operation.documentationUrl)
}

/** Stops a handler with GitHub's 422 `Validation Failed` and its error list. */
export function validationFailed(ctx: RouteContext, ...errors: ValidationIssue[]): never {
  return fail(422, 'Validation Failed', ctx.operation.documentationUrl, { errors })
}

/** The pull request of the `pull_number` / `issue_number` path parameter, or GitHub's 404. */
export function pullOf(ctx: RouteContext): PullState {
  const raw = ctx.params.pull_number ?? ctx.params.issue_number
  const pr = raw === undefined ? undefined : ctx.state.pulls.get(Number(raw))
  return pr ?? notFound(ctx)
}

/**
 * One page of a list, with GitHub's `Link` header (`next`, `last`, `first`, `prev`). `per_page` is
 * clamped to 100 like GitHub does.
 */
export function paginate<T>(ctx: RouteContext, items: readonly T[]): RouteResult & { body: T[] } {
  const perPage = Math.min(100, Math.max(1, Number(ctx.query.per_page ?? 30)))
  const page = Math.max(1, Number(ctx.query.page ?? 1))
  const last = Math.max(1, Math.ceil(items.length / perPage))
  const body = items.slice((page - 1) * perPage, page * perPage)
  const link = (n: number, rel: string): string => {
    const url = new URL(ctx.url)
    url.searchParams.set('per_page', String(perPage))
    url.searchParams.set('page', String(n))
    return `<${url.toString()}>; rel="${rel}"`
  }
  const links: string[] = []
  if (page > 1) links.push(link(page - 1, 'prev'))
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'))
  if (page > 1) links.push(link(1, 'first'))
  return { status: 200, body, ...(links.length === 0 ? {} : { headers: { link: links.join(', ') } }) }
}
