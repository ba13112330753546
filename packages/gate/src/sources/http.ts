import { GateError } from '../errors.ts'
import { SecretRedactor } from './secret-redactor.ts'

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
  /** Largest body read, decompressed, in bytes (default 32 MiB); past it the request fails with `TRACE_LIMIT`. */
  readonly maxBodyBytes?: number | undefined
}

/** A JSON answer from a backend. */
export interface JsonResponse {
  readonly status: number
  /** The parsed body; undefined for a pass-through status whose body is not JSON. */
  readonly body: unknown
  /**
   * The start of the body (its first `EXCERPT_SOURCE_CHARS` characters), with the request's secrets masked:
   * for messages, never for parsing.
   */
  readonly text: string
}

/** Defaults of `HttpOptions`. */
export const HTTP_DEFAULTS = {
  timeoutMs: 10_000,
  retries: 3,
  retryBaseMs: 200,
  maxRetryDelayMs: 30_000,
  maxBodyBytes: 32 * 1_048_576,
} as const

const BODY_EXCERPT_CHARS = 200
/** How much of a body `JsonResponse.text` keeps for messages. */
const EXCERPT_SOURCE_CHARS = 2_000
/** An error answer (3xx, 4xx, 5xx) is read only this far: only its start is ever shown. */
const ERROR_BODY_BYTES = 64 * 1024
/** Same-origin redirects followed before giving up. */
const MAX_REDIRECTS = 5
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308])

/**
 * GETs a JSON document from a trace backend, the one way both Jaeger and Tempo are read.
 *
 * Each attempt has its own timeout. Network errors, timeouts, 429 and 5xx are retried with
 * exponential backoff and jitter, waiting at least what `Retry-After` asks (capped by
 * `maxRetryDelayMs`). Statuses listed in `passStatuses` are returned, not thrown, so callers can
 * tell a missing route from an empty result. The body is streamed and capped (`maxBodyBytes`, counted
 * after decompression, so a gzip bomb stops at the cap); an error body is read only as far as a message
 * shows it. Redirects are followed only within the same origin: the credentials and tenant headers never
 * go to another host. Whatever of a body reaches a message has the request's header values masked.
 *
 * @param url - the URL, without credentials (send them in `headers`).
 * @param options - headers, timeouts, retries, and the statuses to hand back.
 * @returns the status, the parsed body and its text.
 * @throws GateError `BACKEND_REJECTED` on another 4xx or a redirect to another origin, with the status
 *   and the start of the body; `BACKEND_UNREACHABLE` when every attempt failed; `BACKEND_RESPONSE_INVALID`
 *   when a 2xx body is not JSON; `TRACE_LIMIT` when a body is over `maxBodyBytes`. An abort through
 *   `signal` rethrows the signal's reason.
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
  const redactor = new SecretRedactor()
  for (const value of Object.values(options.headers ?? {})) redactor.addHeaderValue(value)
  let status: number
  let raw: string
  let retryAfter: string | null
  try {
    const response = await fetchSameOrigin(url, options, signal)
    status = response.status
    retryAfter = response.headers.get('retry-after')
    raw =
      status >= 300
        ? await readBody(response, { maxBytes: ERROR_BODY_BYTES, truncate: true, url })
        : await readBody(response, {
            maxBytes: options.maxBodyBytes ?? HTTP_DEFAULTS.maxBodyBytes,
            truncate: false,
            url,
          })
  } catch (err) {
    if (options.signal?.aborted) throw options.signal.reason
    if (err instanceof GateError) throw err
    if (timeout.aborted) return { kind: 'retry', problem: `no answer within ${timeoutMs} ms` }
    return { kind: 'retry', problem: redactor.redact(describeNetworkError(err)) }
  }
  const text = redactor.redact(raw.slice(0, EXCERPT_SOURCE_CHARS))
  if (options.passStatuses?.includes(status)) {
    return { kind: 'response', response: { status, text, body: parseJsonOrUndefined(raw) } }
  }
  if (status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfterMs(retryAfter, Date.now())
    const problem = `HTTP ${status}${excerpt(text)}`
    return retryAfterMs === undefined ? { kind: 'retry', problem } : { kind: 'retry', problem, retryAfterMs }
  }
  if (status >= 400) throw rejected(url, status, text)
  const body = parseJsonOrUndefined(raw)
  if (body === undefined || status >= 300) {
    throw new GateError(
      'BACKEND_RESPONSE_INVALID',
      `GET ${displayUrl(url)} answered ${status} with a body that is not JSON${excerpt(text)} ` +
        '(check that the URL points at the backend itself, not a UI or a login page)',
    )
  }
  return { kind: 'response', response: { status, text, body } }
}

/**
 * Fetches a URL, following redirects only within its origin (scheme, host and port): a redirect to
 * another origin would carry the token and the tenant there, so it is refused.
 */
async function fetchSameOrigin(url: URL, options: HttpOptions, signal: AbortSignal): Promise<Response> {
  let current = url
  for (let hop = 0; ; hop++) {
    const response = await (options.fetch ?? fetch)(current, {
      headers: { accept: 'application/json', ...options.headers },
      signal,
      redirect: 'manual',
    })
    const location = response.headers.get('location')
    if (!REDIRECT_STATUSES.has(response.status) || location === null) return response
    await response.body?.cancel().catch(() => {})
    const next = new URL(location, current)
    if (next.origin !== url.origin) {
      throw new GateError(
        'BACKEND_REJECTED',
        `GET ${displayUrl(current)} redirects to another origin, ${next.origin}; llm-canary does not follow it, ` +
          `so the token and tenant are not sent there (if you trust it, point --source at ${next.origin} directly)`,
      )
    }
    if (hop >= MAX_REDIRECTS) {
      throw new GateError(
        'BACKEND_REJECTED',
        `GET ${displayUrl(url)} was redirected more than ${MAX_REDIRECTS} times (check the URL and its base path)`,
      )
    }
    current = next
  }
}

/**
 * Reads a body as text, streaming, counting bytes after decompression. Past `maxBytes` it stops: an
 * error body is cut there (`truncate`), a document fails with `TRACE_LIMIT`.
 */
async function readBody(
  response: Response,
  limits: { readonly maxBytes: number; readonly truncate: boolean; readonly url: URL },
): Promise<string> {
  if (response.body === null) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (total + value.byteLength > limits.maxBytes) {
        if (!limits.truncate) throw bodyTooLarge(limits.url, limits.maxBytes)
        chunks.push(value.subarray(0, limits.maxBytes - total))
        total = limits.maxBytes
        break
      }
      chunks.push(value)
      total += value.byteLength
    }
  } finally {
    await reader.cancel().catch(() => {})
  }
  return Buffer.concat(chunks, total).toString('utf8')
}

function bodyTooLarge(url: URL, maxBytes: number): GateError {
  return new GateError(
    'TRACE_LIMIT',
    `GET ${displayUrl(url)} answered more than ${formatMegabytes(maxBytes)} (decompressed); llm-canary stopped reading ` +
      'it (raise --max-body-mb or LLM_CANARY_MAX_BODY_MB if the backend is right to send that much, or narrow the window)',
  )
}

/**
 * A byte count in MB for messages.
 *
 * @param bytes - A byte count.
 * @returns E.g. `32 MB`.
 */
export function formatMegabytes(bytes: number): string {
  return `${Number((bytes / 1_048_576).toFixed(1))} MB`
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
