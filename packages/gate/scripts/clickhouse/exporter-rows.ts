import type { Attributes, AttributeValue, SpanRecord } from '../../src/types.ts'

const SPAN_KINDS = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
] as const
const STATUS_CODES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'] as const

/**
 * An attribute value as the Collector's `clickhouseexporter` stores it: pdata's `Value.AsString()`. Strings
 * as they are, integers in decimal, doubles in the shortest form that reads back the same (as JavaScript
 * prints them), booleans `true` / `false`, arrays and maps as JSON, the empty value as `''`.
 *
 * @param value - A decoded attribute value.
 * @returns Its string form.
 */
export function toExporterString(value: AttributeValue): string {
  if (value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

/**
 * One span as a row of the exporter's `otel_traces` table, ready for `JSONEachRow`: times in exact
 * nanoseconds on the microsecond grid the gate decodes to, ids in lower-case hex, the status and the
 * kind by their proto names (`STATUS_CODE_ERROR`, `SPAN_KIND_CLIENT`), attributes stringified.
 *
 * @param span - A decoded span.
 * @returns The row as a JSON line, without the newline.
 */
export function toExporterRow(span: SpanRecord): string {
  const startNanos = microsecondNanos(span.startTimeUnixMs)
  const serviceName = span.resource['service.name']
  return JSON.stringify({
    Timestamp: startNanos.toString(),
    TraceId: span.traceId,
    SpanId: span.spanId,
    ParentSpanId: span.parentSpanId ?? '',
    TraceState: '',
    SpanName: span.name,
    SpanKind: SPAN_KINDS[span.kind] ?? SPAN_KINDS[0],
    ServiceName: typeof serviceName === 'string' ? serviceName : '',
    ResourceAttributes: toStringMap(span.resource),
    ScopeName: '',
    ScopeVersion: '',
    SpanAttributes: toStringMap(span.attributes),
    Duration: Math.round(span.durationMs * 1e6),
    StatusCode: STATUS_CODES[span.status.code],
    StatusMessage: span.status.message ?? '',
    'Events.Timestamp': span.events.map((event) => microsecondNanos(event.timeUnixMs).toString()),
    'Events.Name': span.events.map((event) => event.name),
    'Events.Attributes': span.events.map((event) => toStringMap(event.attributes)),
    'Links.TraceId': [],
    'Links.SpanId': [],
    'Links.TraceState': [],
    'Links.Attributes': [],
  })
}

function toStringMap(attributes: Attributes): Record<string, string> {
  // Prototype-free, so a key like `__proto__` stays data.
  const map: Record<string, string> = Object.create(null)
  for (const [key, value] of Object.entries(attributes)) map[key] = toExporterString(value)
  return map
}

/** Epoch milliseconds on the microsecond grid (as the gate decodes them) to integer nanoseconds, exactly. */
function microsecondNanos(ms: number): bigint {
  return BigInt(Math.round(ms * 1000)) * 1000n
}
