import type { Dispatcher } from 'undici'
import { Agent, interceptors, fetch as undiciFetch } from 'undici'
import { GateError } from '../errors.ts'
import { SecretRedactor } from './secret-redactor.ts'

/** How requests to a trace backend are made. */
export interface HttpOptions {
  /** Request headers (auth, tenant). Never shown in messages. */
  readonly headers?: Readonly<Record<string, string>>
  /** Time allowed for one attempt's headers, and between two chunks of its body (default 10 000 ms). */
  readonly timeoutMs?: number
  /** Retries after the first attempt on network errors, timeouts, 429 and 500/502/503/504 (default 3). */
  readonly retries?: number
  /** First backoff; doubles on each retry (default 200 ms). */
  readonly retryBaseMs?: number
  /** Longest wait between attempts, `Retry-After` included (default 30 000 ms). */
  readonly maxRetryDelayMs?: number
  /**
   * The `fetch` to use (tests). Default undici's, with the retrying dispatcher; an injected one is handed
   * that dispatcher too, which a fake may ignore (then nothing is retried).
   */
  readonly fetch?: typeof fetch
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
/** Answers worth another attempt: the backend is busy or briefly down. Other statuses are final. */
const RETRY_STATUSES = [429, 500, 502, 503, 504]
/** Network failures worth another attempt: undici's defaults plus its two timeouts. */
const RETRY_ERROR_CODES = [
  'ECONNRESET',
  'ECONNREFUSED',
  'ENOTFOUND',
  'ENETDOWN',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]
const TIMEOUT_ERROR_CODES: ReadonlySet<string> = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'])

/**
 * GETs a JSON document from a trace backend, the one way both Jaeger and Tempo are read.
 *
 * Retries are undici's (`interceptors.retry`): network errors, timeouts, 429 and 500/502/503/504 are
 * retried with exponential backoff, waiting what `Retry-After` asks (both capped by `maxRetryDelayMs`);
 * each attempt waits at most `timeoutMs` for the headers and between body chunks. Statuses listed in
 * `passStatuses` are returned, not thrown, so callers can tell a missing route from an empty result. The
 * body is streamed and capped (`maxBodyBytes`, counted after decompression, so a gzip bomb stops at the
 * cap); an error body is read only as far as a message shows it. Redirects are followed only within the
 * same origin: the credentials and tenant headers never go to another host. Whatever of a body reaches a
 * message has the request's header values masked.
 *
 * @param url - the URL, without credentials (send them in `headers`).
 * @param options - headers, timeouts, retries, and the statuses to hand back.
 * @returns the status, the parsed body and its text.
 * @throws GateError `BACKEND_REJECTED` on another 4xx (or a 5xx not worth retrying, such as 501) or a
 *   redirect to another origin, with the status and the start of the body; `BACKEND_UNREACHABLE` when
 *   every attempt failed; `BACKEND_RESPONSE_INVALID` when a 2xx body is not JSON; `TRACE_LIMIT` when a
 *   body is over `maxBodyBytes`. An abort through `signal` rethrows the signal's reason.
 * @example
 * const { body } = await getJson(new URL('http://127.0.0.1:16686/api/v3/services'), { timeoutMs: 5_000 })
 */
export async function getJson(
  url: URL,
  options: HttpOptions & { readonly passStatuses?: readonly number[] } = {},
): Promise<JsonResponse> {
  options.signal?.throwIfAborted()
  const retries = options.retries ?? HTTP_DEFAULTS.retries
  const timeoutMs = options.timeoutMs ?? HTTP_DEFAULTS.timeoutMs
  const redactor = new SecretRedactor()
  for (const value of Object.values(options.headers ?? {})) redactor.addHeaderValue(value)
  let status: number
  let raw: string
  try {
    const response = await fetchSameOrigin(url, options)
    status = response.status
    const maxBytes = status >= 300 ? ERROR_BODY_BYTES : (options.maxBodyBytes ?? HTTP_DEFAULTS.maxBodyBytes)
    raw = await readBody(response, { maxBytes, truncate: status >= 300, url })
  } catch (err) {
    if (options.signal?.aborted) throw options.signal.reason
    if (err instanceof GateError) throw err
    const code = networkErrorCode(err)
    const attempts = code !== undefined && RETRY_ERROR_CODES.includes(code) ? retries + 1 : 1
    const problem =
      code !== undefined && TIMEOUT_ERROR_CODES.has(code)
        ? `no answer within ${timeoutMs} ms`
        : redactor.redact(describeNetworkError(err))
    throw unreachable(url, attempts, problem)
  }
  const text = redactor.redact(raw.slice(0, EXCERPT_SOURCE_CHARS))
  if (options.passStatuses?.includes(status)) {
    return { status, text, body: parseJsonOrUndefined(raw) }
  }
  if (RETRY_STATUSES.includes(status)) throw unreachable(url, retries + 1, `HTTP ${status}${excerpt(text)}`)
  if (status >= 400) throw rejected(url, status, text)
  const body = parseJsonOrUndefined(raw)
  if (body === undefined || status >= 300) {
    throw new GateError(
      'BACKEND_RESPONSE_INVALID',
      `GET ${displayUrl(url)} answered ${status} with a body that is not JSON${excerpt(text)} ` +
        '(check that the URL points at the backend itself, not a UI or a login page)',
    )
  }
  return { status, text, body }
}

function unreachable(url: URL, attempts: number, problem: string): GateError {
  return new GateError(
    'BACKEND_UNREACHABLE',
    `GET ${displayUrl(url)} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${problem} ` +
      '(check that the backend is running and the URL is right; a slow backend needs a longer timeout)',
  )
}

/** One retrying dispatcher per distinct setting (a run uses one or two), so connections are reused. */
const dispatchers = new Map<string, Dispatcher>()

/**
 * The dispatcher for these settings: an undici `Agent` whose attempts time out after `timeoutMs`, composed
 * with undici's retry interceptor. With `throwOnError: false` the last answer of a status that was retried
 * comes back as a response, so its body can be quoted.
 */
function dispatcherFor(options: HttpOptions): Dispatcher {
  const timeoutMs = options.timeoutMs ?? HTTP_DEFAULTS.timeoutMs
  const retries = options.retries ?? HTTP_DEFAULTS.retries
  const minTimeout = options.retryBaseMs ?? HTTP_DEFAULTS.retryBaseMs
  const maxTimeout = options.maxRetryDelayMs ?? HTTP_DEFAULTS.maxRetryDelayMs
  const key = `${timeoutMs}|${retries}|${minTimeout}|${maxTimeout}`
  let dispatcher = dispatchers.get(key)
  if (dispatcher === undefined) {
    dispatcher = new Agent({ headersTimeout: timeoutMs, bodyTimeout: timeoutMs }).compose(
      interceptors.retry({
        maxRetries: retries,
        minTimeout,
        maxTimeout,
        timeoutFactor: 2,
        retryAfter: true,
        methods: ['GET'],
        statusCodes: RETRY_STATUSES,
        errorCodes: RETRY_ERROR_CODES,
        throwOnError: false,
      }),
    )
    dispatchers.set(key, dispatcher)
  }
  return dispatcher
}

/**
 * Fetches a URL, following redirects only within its origin (scheme, host and port): a redirect to
 * another origin would carry the token and the tenant there, so it is refused.
 */
async function fetchSameOrigin(url: URL, options: HttpOptions): Promise<Response> {
  let current = url
  const dispatcher = dispatcherFor(options)
  for (let hop = 0; ; hop++) {
    const init = {
      headers: { accept: 'application/json', ...options.headers },
      redirect: 'manual',
      dispatcher,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    } as const
    const response = (
      options.fetch === undefined
        ? await undiciFetch(current, init)
        : await options.fetch(current, init as unknown as RequestInit)
    ) as Response
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
 * A URL as it may appear in a message: scheme, host and path, without credentials or query.
 *
 * @param url - the URL.
 * @returns `http://host:port/path`.
 */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`
}

/** The error undici failed with: fetch wraps it as the `cause` of a `TypeError('fetch failed')`. */
function rootCause(err: unknown): unknown {
  return err instanceof Error && err.cause instanceof Error ? err.cause : err
}

function networkErrorCode(err: unknown): string | undefined {
  const code = (rootCause(err) as NodeJS.ErrnoException | undefined)?.code
  return typeof code === 'string' ? code : undefined
}

function describeNetworkError(err: unknown): string {
  const cause = rootCause(err)
  const code = networkErrorCode(err)
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
