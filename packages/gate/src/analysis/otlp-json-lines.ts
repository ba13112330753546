import type { Attributes, AttributeValue, SpanRecord } from '../types.ts'

/**
 * Encodes spans as one OTLP/JSON `TracesData` document (one line of a JSON-lines file, as the
 * llm-canary file exporter and the OpenTelemetry Collector's file exporter write them): spans grouped
 * by resource, one scope each, ids as hex, times as decimal strings of Unix nanoseconds, integers as
 * `intValue`, other numbers as `doubleValue`. For synthetic traces (tests, benchmark); times are written
 * to the microsecond.
 *
 * @param spans - The spans of the line.
 * @param scopeName - The instrumentation scope name (default `llm-canary`).
 * @returns The JSON text, without a newline.
 * @example
 * await appendFile(path, `${encodeOtlpJsonLine(batch)}\n`)
 */
export function encodeOtlpJsonLine(spans: readonly SpanRecord[], scopeName = 'llm-canary'): string {
  const byResource = new Map<Attributes, unknown[]>()
  for (const span of spans) {
    let list = byResource.get(span.resource)
    if (list === undefined) {
      list = []
      byResource.set(span.resource, list)
    }
    list.push(encodeSpan(span))
  }
  const resourceSpans = [...byResource].map(([resource, encoded]) => ({
    resource: { attributes: encodeAttributes(resource) },
    scopeSpans: [{ scope: { name: scopeName }, spans: encoded }],
  }))
  return JSON.stringify({ resourceSpans })
}

function encodeSpan(span: SpanRecord): unknown {
  const startNanos = toNanos(span.startTimeUnixMs)
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    ...(span.parentSpanId === undefined ? {} : { parentSpanId: span.parentSpanId }),
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: startNanos.toString(),
    endTimeUnixNano: (startNanos + toNanos(span.durationMs)).toString(),
    attributes: encodeAttributes(span.attributes),
    ...(span.events.length === 0
      ? {}
      : {
          events: span.events.map((event) => ({
            timeUnixNano: toNanos(event.timeUnixMs).toString(),
            name: event.name,
            attributes: encodeAttributes(event.attributes),
          })),
        }),
    status: span.status.message === undefined ? { code: span.status.code } : span.status,
  }
}

function encodeAttributes(attributes: Attributes): unknown[] {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: encodeValue(value) }))
}

function encodeValue(value: AttributeValue): unknown {
  if (value === null) return {}
  if (typeof value === 'string') return { stringValue: value }
  if (typeof value === 'boolean') return { boolValue: value }
  if (typeof value === 'number')
    return Number.isSafeInteger(value) ? { intValue: String(value) } : { doubleValue: value }
  if (Array.isArray(value)) return { arrayValue: { values: value.map(encodeValue) } }
  return { kvlistValue: { values: encodeAttributes(value as Attributes) } }
}

/** Milliseconds on a microsecond grid to integer nanoseconds, exactly. */
function toNanos(ms: number): bigint {
  return BigInt(Math.round(ms * 1000)) * 1000n
}
