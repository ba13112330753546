import type { GuardrailMetric, Verdict } from '@llm-canary/core'

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
   * may appear twice when backends overlap slices; consumers de-duplicate by (`traceId`, `spanId`): a span id is unique only within its trace.
   *
   * @throws GateError `BACKEND_UNREACHABLE`, `BACKEND_REJECTED`, `BACKEND_RESPONSE_INVALID`, `FILE_UNREADABLE`.
   */
  spans(query: SpanQuery, options?: { signal?: AbortSignal }): AsyncIterable<readonly SpanRecord[]>
}

/** Figures of one arm (or one arm × agent) as the reports show them; absent when there is no data. */
export interface MetricFigures {
  /** Units (what `experiment.unit` names: sessions, users or threads); for a shadow arm, shadow pairs. */
  readonly units: number
  /** Graph runs (workflow spans); 0 when the instrumentation emits none. */
  readonly runs: number
  /** LLM calls. */
  readonly calls: number
  /** Share of LLM calls with status ERROR. */
  readonly errorRate?: number
  /** Share of runs that failed. */
  readonly runFailureRate?: number
  readonly costPerCallUsd?: number
  readonly costPerRunUsd?: number
  /** Calls whose cost is unknown (no usage, or a model without a price). */
  readonly callsWithUnknownCost: number
  readonly latencyMs?: { readonly p50: number; readonly p95: number; readonly p99: number }
  readonly ttftMs?: { readonly p50: number; readonly p95: number; readonly p99: number }
  /** Mean accuracy score in [0, 1] (exact / fuzzy match evaluations). */
  readonly accuracy?: number
  /** Mean judge score on the 1–5 scale. */
  readonly judgeScore?: number
  /** Mean Jaccard agreement of this arm's citations with control's on identical inputs (pairs). */
  readonly citationStability?: number
  /** Pairs behind `citationStability`. */
  readonly citationPairs?: number
}

/** One arm in the report. */
export interface ArmReport extends MetricFigures {
  readonly arm: string
  readonly model: string
  /** Configured weight in percent. */
  readonly weight: number
  /** `shadow` for a weight-0 candidate measured on shadow pairs. */
  readonly source: 'traffic' | 'shadow'
}

/** One arm × agent (graph node) in the report: which node regressed. */
export interface AgentReport extends MetricFigures {
  readonly arm: string
  readonly agent: string
  /** The model that actually served this agent in this arm (control's outside the scope). */
  readonly servedModel?: string
}

/** What the extraction read, skipped and why. */
export interface ExtractionStats {
  readonly spansRead: number
  /** Malformed spans the sources or the extraction skipped. */
  readonly spansSkipped: number
  /** Spans of other experiments, or without the experiment's key, that were ignored. */
  readonly spansIgnored: number
  readonly llmSpans: number
  /** Units found, all arms together. */
  readonly units: number
  /**
   * Values beyond what any real span holds (docs/spans.md, "Implausible values"), set aside so they decide
   * nothing. Always set by the analysis; optional for reports built by hand.
   */
  readonly implausibleValues?: number
  /** Human-readable notes: skipped lines, unknown prices, spans without an arm... */
  readonly warnings: readonly string[]
}

/** One point of a guardrail interval's history (for the report's chart). */
export interface IntervalHistoryPoint {
  /** ISO time of the look. */
  readonly at: string
  /** Units per arm at that look (candidate, the smaller arm). */
  readonly units: number
  readonly metric: GuardrailMetric
  readonly arm: string
  readonly estimate?: number
  readonly lower?: number
  readonly upper?: number
  readonly limit: number
}

/**
 * The result of `llm-canary analyze`, the JSON report's stable schema (`schemaVersion` 3; see
 * docs/report-schema.md). `verdict` is core's `Verdict` as is.
 */
export interface AnalysisReport {
  readonly schemaVersion: 3
  readonly generatedAt: string
  readonly experiment: {
    readonly id: string
    readonly unit: string
    readonly arms: readonly { readonly name: string; readonly model: string; readonly weight: number }[]
  }
  /** Where the spans came from (credentials removed). */
  readonly source: string
  readonly window: { readonly since: string; readonly until: string; readonly observedDays: number }
  readonly verdict: Verdict
  readonly arms: readonly ArmReport[]
  readonly agents: readonly AgentReport[]
  readonly history: readonly IntervalHistoryPoint[]
  readonly extraction: ExtractionStats
}
