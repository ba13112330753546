import { GateError } from '../errors.ts'
import type { HttpOptions } from './http.ts'

/** Options of `openTraceSource`. Secrets come in here; the CLI reads them from the environment. */
export interface TraceSourceOptions {
  /** Extra request headers (`Authorization: Bearer ...`); an explicit `Authorization` wins over URL userinfo. */
  readonly headers?: Readonly<Record<string, string>>
  /**
   * The backend's secret from `LLM_CANARY_TRACE_TOKEN`: ClickHouse's password (it wins over the URL's).
   * Jaeger and Tempo take it as an `Authorization: Bearer` header (`headers`).
   */
  readonly token?: string
  /** Tenant id: sent as `x-tenant` to Jaeger, `X-Scope-OrgID` to Tempo. */
  readonly tenant?: string
  /** Time allowed for one HTTP attempt (default 10 000 ms). */
  readonly timeoutMs?: number
  /** Retries on network errors, timeouts, 429 and 500/502/503/504 (default 3). */
  readonly retries?: number
  /**
   * Largest trace document read, decompressed, in bytes: one HTTP response body, one line of a JSON-lines
   * file, or one whole JSON file (default 32 MiB). Past it the read stops with `TRACE_LIMIT`.
   */
  readonly maxBodyBytes?: number
  /** First retry backoff, doubled on each retry (default 200 ms). */
  readonly retryBaseMs?: number
  /** Length of the time slices a backend search is cut into (default 1 h). */
  readonly sliceMs?: number
  /** Shortest slice a truncated search is split down to before giving up with a warning (default 1 s). */
  readonly minSliceMs?: number
  /** Traces asked per search (Jaeger `num_traces`, Tempo `limit`; default 500). */
  readonly searchLimit?: number
  /** Tempo traces fetched at once (default 4). */
  readonly concurrency?: number
  /** Spans per yielded batch (default 1 000). */
  readonly batchSize?: number
  /** Base folder of relative `file:` paths (default the process's working directory). */
  readonly cwd?: string
  /** The `fetch` to use (tests; default undici's, which retries: see `getJson`). */
  readonly fetch?: typeof fetch
  /**
   * Receives what the user should know but that does not stop the run: skipped lines and spans,
   * truncated searches, traces not found. Default: ignored. The CLI prints them to stderr.
   */
  readonly onWarning?: (message: string) => void
}

/** Defaults of the numeric `TraceSourceOptions`. */
export const SOURCE_DEFAULTS = {
  sliceMs: 3_600_000,
  minSliceMs: 1_000,
  searchLimit: 500,
  concurrency: 4,
  batchSize: 1_000,
  maxBodyBytes: 32 * 1_048_576,
} as const

/** `TraceSourceOptions` with every default applied. */
export type ResolvedSourceOptions = Required<
  Pick<
    TraceSourceOptions,
    'sliceMs' | 'minSliceMs' | 'searchLimit' | 'concurrency' | 'batchSize' | 'maxBodyBytes' | 'onWarning'
  >
> &
  TraceSourceOptions

/**
 * Applies defaults to source options and checks the numbers.
 *
 * @param options - what the caller gave.
 * @returns the options with defaults.
 * @throws GateError `SOURCE_INVALID` naming an option that is not a positive number (or, for
 *   `retries`, a non-negative integer).
 */
export function resolveSourceOptions(options: TraceSourceOptions = {}): ResolvedSourceOptions {
  for (const name of ['timeoutMs', 'retryBaseMs', 'sliceMs', 'minSliceMs'] as const) {
    const value = options[name]
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      throw invalidOption(name, value, 'a positive number of milliseconds')
    }
  }
  for (const name of ['searchLimit', 'concurrency', 'batchSize', 'maxBodyBytes'] as const) {
    const value = options[name]
    if (value !== undefined && !(Number.isSafeInteger(value) && value > 0)) {
      throw invalidOption(name, value, 'a positive integer')
    }
  }
  if (options.retries !== undefined && !(Number.isSafeInteger(options.retries) && options.retries >= 0)) {
    throw invalidOption('retries', options.retries, 'an integer, 0 or more')
  }
  return {
    ...options,
    sliceMs: options.sliceMs ?? SOURCE_DEFAULTS.sliceMs,
    minSliceMs: options.minSliceMs ?? SOURCE_DEFAULTS.minSliceMs,
    searchLimit: options.searchLimit ?? SOURCE_DEFAULTS.searchLimit,
    concurrency: options.concurrency ?? SOURCE_DEFAULTS.concurrency,
    batchSize: options.batchSize ?? SOURCE_DEFAULTS.batchSize,
    maxBodyBytes: options.maxBodyBytes ?? SOURCE_DEFAULTS.maxBodyBytes,
    onWarning: options.onWarning ?? ignoreWarning,
  }
}

function invalidOption(name: string, value: unknown, expected: string): GateError {
  return new GateError(
    'SOURCE_INVALID',
    `trace source option ${name} is ${String(value)}; it must be ${expected}`,
  )
}

function ignoreWarning(): void {}

/**
 * The HTTP settings of a source, for one `spans()` call.
 *
 * @param options - the resolved source options.
 * @param headers - the endpoint's headers (auth, tenant).
 * @param signal - the caller's abort signal, if any.
 * @returns options for `getJson`.
 */
export function toHttpOptions(
  options: ResolvedSourceOptions,
  headers: Readonly<Record<string, string>>,
  signal: AbortSignal | undefined,
): HttpOptions {
  return {
    headers,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.retries === undefined ? {} : { retries: options.retries }),
    ...(options.retryBaseMs === undefined ? {} : { retryBaseMs: options.retryBaseMs }),
    maxBodyBytes: options.maxBodyBytes,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(signal === undefined ? {} : { signal }),
  }
}
