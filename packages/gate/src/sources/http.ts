import { GateError } from '../errors.ts'

/** How requests to a trace backend are made. */
export interface HttpOptions {
  /** Request headers (auth, tenant). Never shown in messages. */
  readonly headers?: Readonly<Record<string, string>>
  /** Time allowed for one attempt, headers and body (default 10 000 ms). */
  readonly timeoutMs?: number
  /** Retries after the first attempt on network errors, timeouts, 429 and 5xx (default 3). */
  readonly retries?: number
  /** First backoff; doubles on each retry, with jitter (default 200 ms). */
  readonly retryBaseMs?: number
  /** Longest wait between attempts, `Retry-After` included (default 30 000 ms). */
  readonly maxRetryDelayMs?: number
  /** The `fetch` to use (default the global one). */
  readonly fetch?: typeof fetch
  /** How to wait between attempts (tests inject a fake). */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** A number in [0, 1) for the jitter (default `Math.random`). */
  readonly random?: () => number
  /** Cancels the request and the waits; its reason is rethrown as is. */
  readonly signal?: AbortSignal
}

/** A JSON answer from a backend. */
export interface JsonResponse {
  readonly status: number
  /** The parsed body; undefined for a pass-through status whose body is not JSON. */
  readonly body: unknown
  /** The raw body text. */
  readonly text: string
}

/** Defaults of `HttpOptions`. */
export const HTTP_DEFAULTS = {
  timeoutMs: 10_000,
  retries: 3,
  retryBaseMs: 200,
  maxRetryDelayMs: 30_000,
} as const

const BODY_EXCERPT_CHARS = 200

/**
 * GETs a JSON document from a trace backend, the one way both Jaeger and Tempo are read.
 *
 * Each attempt has its own timeout. Network errors, timeouts, 429 and 5xx are retried with
 * exponential backoff and jitter, waiting at least what `Retry-After` asks (capped by
 * `maxRetryDelayMs`). Statuses listed in `passStatuses` are returned, not thrown, so callers can
 * tell a missing route from an empty result.
 *
 * @param url - the URL, without credentials (send them in `headers`).
 * @param options - headers, timeouts, retries, and the statuses to hand back.
 * @returns the status, the parsed body and its text.
 * @throws GateError `BACKEND_REJECTED` on another 4xx, with the status and the start of the body;
 *   `BACKEND_UNREACHABLE` when every attempt failed; `BACKEND_RESPONSE_INVALID` when a 2xx body is
 *   not JSON. An abort through `signal` rethrows the signal's reason.
 * @example
 * const { body } = await getJson(new URL('http://127.0.0.1:16686/api/v3/services'), { timeoutMs: 5_000 })
 */
export async function getJson(
  url: URL,
  options: HttpOptions & { readonly passStatuses?: readonly number[] } = {},
): Promise<JsonResponse> {
  const retries = options.retries ?? HTTP_DEFAULTS.retries
  let lastProblem = ''
  for (let attempt = 0; ; attempt++) {
    options.signal?.throwIfAborted()
    const outcome = await attemptGet(url, options)
    if (outcome.kind === 'response') return outcome.response
    lastProblem = outcome.problem
    if (attempt >= retries) break
    await (options.sleep ?? sleep)(retryDelayMs(attempt, outcome.retryAfterMs, options), options.signal)
  }
  const attempts = retries + 1
  throw new GateError(
    'BACKEND_UNREACHABLE',
    `GET ${displayUrl(url)} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${lastProblem} ` +
      '(check that the backend is running and the URL is right; a slow backend needs a longer timeout)',
  )
}

type Attempt =
  | { readonly kind: 'response'; readonly response: JsonResponse }
  | { readonly kind: 'retry'; readonly problem: string; readonly retryAfterMs?: number }

async function attemptGet(
  url: URL,
  options: HttpOptions & { readonly passStatuses?: readonly number[] },
): Promise<Attempt> {
  const timeoutMs = options.timeoutMs ?? HTTP_DEFAULTS.timeoutMs
  const timeout = AbortSignal.timeout(timeoutMs)
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout])
  let status: number
  let text: string
  let retryAfter: string | null
  try {
    const response = await (options.fetch ?? fetch)(url, {
      headers: { accept: 'application/json', ...options.headers },
      signal,
      redirect: 'follow',
    })
    status = response.status
    retryAfter = response.headers.get('retry-after')
    text = await response.text()
  } catch (err) {
    if (options.signal?.aborted) throw options.signal.reason
    if (timeout.aborted) return { kind: 'retry', problem: `no answer within ${timeoutMs} ms` }
    return { kind: 'retry', problem: describeNetworkError(err) }
  }
  if (options.passStatuses?.includes(status)) {
    return { kind: 'response', response: { status, text, body: parseJsonOrUndefined(text) } }
  }
  if (status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfterMs(retryAfter, Date.now())
    const problem = `HTTP ${status}${excerpt(text)}`
    return retryAfterMs === undefined ? { kind: 'retry', problem } : { kind: 'retry', problem, retryAfterMs }
  }
  if (status >= 400) throw rejected(url, status, text)
  const body = parseJsonOrUndefined(text)
  if (body === undefined) {
    throw new GateError(
      'BACKEND_RESPONSE_INVALID',
      `GET ${displayUrl(url)} answered ${status} with a body that is not JSON${excerpt(text)} ` +
        '(check that the URL points at the backend itself, not a UI or a login page)',
    )
  }
  return { kind: 'response', response: { status, text, body } }
}

function rejected(url: URL, status: number, text: string): GateError {
  const advice =
    status === 401 || status === 403
      ? 'check the credentials and the tenant'
      : status === 404
        ? 'check the URL and its base path'
        : 'check the query and the backend version'
  return new GateError(
    'BACKEND_REJECTED',
    `GET ${displayUrl(url)} was rejected with HTTP ${status}${excerpt(text)} (${advice})`,
  )
}

/**
 * The wait before retry number `attempt + 1`: `retryBaseMs * 2^attempt`, half of it jittered,
 * raised to what `Retry-After` asked, capped at `maxRetryDelayMs`.
 *
 * @param attempt - 0 for the wait after the first attempt.
 * @param retryAfterMs - what the server asked for, if anything.
 * @param options - the base, cap and random source.
 * @returns the wait in milliseconds.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  options: Pick<HttpOptions, 'retryBaseMs' | 'maxRetryDelayMs' | 'random'> = {},
): number {
  const exponentialMs = (options.retryBaseMs ?? HTTP_DEFAULTS.retryBaseMs) * 2 ** attempt
  const jitteredMs = exponentialMs / 2 + (exponentialMs / 2) * (options.random ?? Math.random)()
  const maxMs = options.maxRetryDelayMs ?? HTTP_DEFAULTS.maxRetryDelayMs
  return Math.min(Math.max(jitteredMs, retryAfterMs ?? 0), maxMs)
}

/**
 * Reads a `Retry-After` header: delay seconds or an HTTP date.
 *
 * @param header - the header value, or null.
 * @param nowMs - the current time, epoch ms.
 * @returns the wait in milliseconds, or undefined when absent or unreadable.
 */
export function parseRetryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined
  const trimmed = header.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const dateMs = Date.parse(trimmed)
  return Number.isNaN(dateMs) ? undefined : Math.max(0, dateMs - nowMs)
}

/**
 * A URL as it may appear in a message: scheme, host and path, without credentials or query.
 *
 * @param url - the URL.
 * @returns `http://host:port/path`.
 */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`
}

function describeNetworkError(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err
  const code = (cause as NodeJS.ErrnoException | undefined)?.code
  const message = cause instanceof Error ? cause.message : String(cause)
  return code === undefined || message.includes(code) ? message : `${code} ${message}`
}

function excerpt(text: string): string {
  const trimmed = text.trim()
  if (trimmed === '') return ''
  const cut = trimmed.length > BODY_EXCERPT_CHARS ? `${trimmed.slice(0, BODY_EXCERPT_CHARS)}...` : trimmed
  return `: ${JSON.stringify(cut)}`
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason)
      return
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
