/**
 * Public types of `@llm-canary/gate`: the backend-neutral span every trace source yields, and the
 * source interface. Jaeger, Tempo and OTLP files all decode to `SpanRecord`.
 */

/** An attribute value decoded from OTLP AnyValue, Jaeger tags or Tempo's JSON. */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | readonly AttributeValue[]
  | { readonly [key: string]: AttributeValue }

/** Attributes by key. */
export type Attributes = Readonly<Record<string, AttributeValue>>

/** An event recorded on a span (`gen_ai.evaluation.result`, exceptions, ...). */
export interface SpanEventRecord {
  readonly name: string
  /** Event time, Unix epoch milliseconds (fractional). */
  readonly timeUnixMs: number
  readonly attributes: Attributes
}

/** OTLP status codes: 0 unset, 1 ok, 2 error. */
export type SpanStatusCode = 0 | 1 | 2

/** One span, whatever backend it came from. */
export interface SpanRecord {
  /** 32 lower-case hex characters (left-padded when the backend trimmed it). */
  readonly traceId: string
  /** 16 lower-case hex characters. */
  readonly spanId: string
  /** 16 lower-case hex characters, or undefined for a root span (`""` and absent both mean none). */
  readonly parentSpanId: string | undefined
  readonly name: string
  /** OTLP span kind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  readonly kind: number
  /** Start, Unix epoch milliseconds (fractional, microsecond precision). */
  readonly startTimeUnixMs: number
  /** End minus start in milliseconds, computed from the exact integers the backend sent. */
  readonly durationMs: number
  readonly attributes: Attributes
  readonly events: readonly SpanEventRecord[]
  readonly status: { readonly code: SpanStatusCode; readonly message?: string }
  /** Resource attributes (`service.name`, ...). */
  readonly resource: Attributes
}

/** What to fetch: one experiment's spans in a time window. */
export interface SpanQuery {
  /** The experiment id (`feature_flag.key`); sources filter on it where the backend can. */
  readonly experiment: string
  /** Start of the window (inclusive). */
  readonly since: Date
  /** End of the window (exclusive); now when absent. */
  readonly until?: Date
  /** Restrict to one service (`service.name`), where the backend needs one. */
  readonly serviceName?: string
}

/** A place spans are read from: an OTLP file or folder, Jaeger, Tempo. */
export interface TraceSource {
  /** The spec it was opened from, credentials removed (`jaeger:http://127.0.0.1:16686`). */
  readonly description: string
  /**
   * Streams the spans of a query in batches, so memory stays bounded whatever the volume. A span
   * may appear twice when backends overlap slices; consumers de-duplicate by `spanId`.
   *
   * @throws GateError `BACKEND_UNREACHABLE`, `BACKEND_REJECTED`, `BACKEND_RESPONSE_INVALID`, `FILE_UNREADABLE`.
   */
  spans(query: SpanQuery, options?: { signal?: AbortSignal }): AsyncIterable<readonly SpanRecord[]>
}
