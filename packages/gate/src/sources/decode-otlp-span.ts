import type { Attributes, SpanEventRecord, SpanRecord, SpanStatusCode } from '../types.ts'
import { decodeKeyValues } from './any-value.ts'
import { isRecord, listOf, quote } from './json-shapes.ts'
import { normalizeId, SPAN_ID_HEX_LENGTH, TRACE_ID_HEX_LENGTH } from './span-ids.ts'
import { durationNanosToMs, nanosToMs, parseUint64 } from './unix-nanos.ts'

/** One span decoded, or the reason it could not be. */
export type SpanDecoding =
  | { readonly ok: true; readonly span: SpanRecord }
  | { readonly ok: false; readonly reason: string }

const SPAN_KIND_NAMES: ReadonlyMap<string, number> = new Map([
  ['SPAN_KIND_UNSPECIFIED', 0],
  ['SPAN_KIND_INTERNAL', 1],
  ['SPAN_KIND_SERVER', 2],
  ['SPAN_KIND_CLIENT', 3],
  ['SPAN_KIND_PRODUCER', 4],
  ['SPAN_KIND_CONSUMER', 5],
])

const STATUS_CODE_NAMES: ReadonlyMap<string, SpanStatusCode> = new Map([
  ['STATUS_CODE_UNSET', 0],
  ['STATUS_CODE_OK', 1],
  ['STATUS_CODE_ERROR', 2],
])

/**
 * Decodes one OTLP/JSON span (or Tempo's jsonpb span: base64 ids, enum names) to a `SpanRecord`.
 * Missing times read as 0, the proto3 default; an empty or missing `parentSpanId` means a root.
 *
 * @param raw - the span object.
 * @param resource - the attributes of its resource.
 * @returns the span, or why it was skipped (no valid trace or span id, a time that is not an
 *   unsigned integer, an end before the start).
 */
export function decodeOtlpSpan(raw: unknown, resource: Attributes): SpanDecoding {
  if (!isRecord(raw)) return { ok: false, reason: 'the span is not an object' }
  const traceId = normalizeId(raw.traceId, TRACE_ID_HEX_LENGTH)
  if (traceId === undefined) return { ok: false, reason: `traceId ${quote(raw.traceId)} is not a valid id` }
  const spanId = normalizeId(raw.spanId, SPAN_ID_HEX_LENGTH)
  if (spanId === undefined) return { ok: false, reason: `spanId ${quote(raw.spanId)} is not a valid id` }
  const startNanos = parseUint64(raw.startTimeUnixNano)
  const endNanos = parseUint64(raw.endTimeUnixNano)
  if (startNanos === undefined || endNanos === undefined) {
    return {
      ok: false,
      reason: `span ${spanId} has times ${quote(raw.startTimeUnixNano)}..${quote(raw.endTimeUnixNano)} that are not unsigned integers`,
    }
  }
  if (endNanos < startNanos) return { ok: false, reason: `span ${spanId} ends before it starts` }
  return {
    ok: true,
    span: {
      traceId,
      spanId,
      parentSpanId: normalizeId(raw.parentSpanId, SPAN_ID_HEX_LENGTH),
      name: typeof raw.name === 'string' ? raw.name : '',
      kind: decodeSpanKind(raw.kind),
      startTimeUnixMs: nanosToMs(startNanos),
      durationMs: durationNanosToMs(startNanos, endNanos),
      attributes: decodeKeyValues(raw.attributes),
      events: decodeEvents(raw.events),
      status: decodeStatus(raw.status),
      resource,
    },
  }
}

/**
 * Reads an OTLP span kind sent as an integer (OTLP/JSON) or an enum name (Tempo).
 *
 * @param raw - `2`, `"SPAN_KIND_SERVER"`, ...
 * @returns 0 to 5; 0 (unspecified) for anything unknown.
 */
export function decodeSpanKind(raw: unknown): number {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 0 && raw <= 5 ? raw : 0
  return typeof raw === 'string' ? (SPAN_KIND_NAMES.get(raw) ?? 0) : 0
}

function decodeStatus(raw: unknown): SpanRecord['status'] {
  if (!isRecord(raw)) return { code: 0 }
  const code = decodeStatusCode(raw.code)
  return typeof raw.message === 'string' && raw.message !== '' ? { code, message: raw.message } : { code }
}

function decodeStatusCode(raw: unknown): SpanStatusCode {
  if (raw === 1 || raw === 2) return raw
  return typeof raw === 'string' ? (STATUS_CODE_NAMES.get(raw) ?? 0) : 0
}

function decodeEvents(raw: unknown): SpanEventRecord[] {
  const events: SpanEventRecord[] = []
  for (const event of listOf(raw)) {
    if (!isRecord(event)) continue
    const timeNanos = parseUint64(event.timeUnixNano)
    // A bad event time loses the event, not the span.
    if (timeNanos === undefined) continue
    events.push({
      name: typeof event.name === 'string' ? event.name : '',
      timeUnixMs: nanosToMs(timeNanos),
      attributes: decodeKeyValues(event.attributes),
    })
  }
  return events
}
