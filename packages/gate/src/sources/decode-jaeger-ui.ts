import type { Attributes, AttributeValue, SpanEventRecord, SpanRecord, SpanStatusCode } from '../types.ts'
import type { DecodedSpans } from './decoded-spans.ts'
import { emptyDecodedSpans } from './decoded-spans.ts'
import { decodeJaegerTags } from './jaeger-tags.ts'
import type { JsonRecord } from './json-shapes.ts'
import { isRecord, listOf, quote } from './json-shapes.ts'
import { normalizeHexId, SPAN_ID_HEX_LENGTH, TRACE_ID_HEX_LENGTH } from './span-ids.ts'
import { durationNanosToMs, nanosToMs } from './unix-nanos.ts'

const KIND_TAG = 'span.kind'
const STATUS_CODE_TAG = 'otel.status_code'
const STATUS_DESCRIPTION_TAG = 'otel.status_description'
const ERROR_TAG = 'error'
/** Tags Jaeger adds when it converts OTLP, mapped back to span fields instead of attributes. */
const MAPPED_TAGS: ReadonlySet<string> = new Set([
  KIND_TAG,
  STATUS_CODE_TAG,
  STATUS_DESCRIPTION_TAG,
  ERROR_TAG,
])
const KINDS: ReadonlyMap<unknown, number> = new Map([
  ['internal', 1],
  ['server', 2],
  ['client', 3],
  ['producer', 4],
  ['consumer', 5],
])
const MICROS_UINT = /^\d+$/

/**
 * Decodes traces in the Jaeger UI format: the legacy API envelope `{ data: [uiTrace, ...] }` or one
 * bare `uiTrace` (`{ traceID, spans, processes }`).
 *
 * Per span: the parent is the first reference into the same trace; `span.kind` gives the kind;
 * `otel.status_code` (`OK`/`ERROR`), else the tag `error: true`, gives the status, with
 * `otel.status_description` as its message (those four tags are not kept as attributes); logs
 * become events named by their `event` field; the process's tags plus `service.name` become the
 * resource. Times are integer microseconds (numbers or strings).
 *
 * @param doc - the parsed JSON document.
 * @param into - a result to add to.
 * @returns `into`, filled; spans without a valid id or with bad times are skipped with a reason.
 * @example
 * const { spans } = decodeJaegerUiTraces(await response.json())
 */
export function decodeJaegerUiTraces(doc: unknown, into: DecodedSpans = emptyDecodedSpans()): DecodedSpans {
  const traces = isRecord(doc) && Array.isArray(doc.data) ? doc.data : [doc]
  for (const trace of traces) {
    if (!isRecord(trace)) continue
    const resources = decodeProcesses(trace.processes)
    for (const raw of listOf(trace.spans)) {
      const decoded = decodeUiSpan(raw, trace, resources)
      if (typeof decoded === 'string') into.skipped.push(decoded)
      else into.spans.push(decoded)
    }
  }
  return into
}

function decodeUiSpan(
  raw: unknown,
  trace: JsonRecord,
  resources: ReadonlyMap<string, Attributes>,
): SpanRecord | string {
  if (!isRecord(raw)) return 'the span is not an object'
  const traceId = normalizeHexId(raw.traceID ?? trace.traceID, TRACE_ID_HEX_LENGTH)
  if (traceId === undefined) return `traceID ${quote(raw.traceID)} is not a hex id`
  const spanId = normalizeHexId(raw.spanID, SPAN_ID_HEX_LENGTH)
  if (spanId === undefined) return `spanID ${quote(raw.spanID)} is not a hex id`
  const startMicros = parseMicros(raw.startTime)
  const durationMicros = parseMicros(raw.duration ?? 0)
  if (startMicros === undefined || durationMicros === undefined) {
    return `span ${spanId} has startTime ${quote(raw.startTime)} or duration ${quote(raw.duration)} that is not an unsigned integer of microseconds`
  }
  const tags = listOf(raw.tags)
  const startNanos = startMicros * 1000n
  return {
    traceId,
    spanId,
    parentSpanId: findParent(raw.references, traceId),
    name: typeof raw.operationName === 'string' ? raw.operationName : '',
    kind: KINDS.get(tagValue(tags, KIND_TAG)) ?? 0,
    startTimeUnixMs: nanosToMs(startNanos),
    durationMs: durationNanosToMs(startNanos, startNanos + durationMicros * 1000n),
    attributes: decodeJaegerTags(tags, MAPPED_TAGS),
    events: listOf(raw.logs).flatMap(decodeLog),
    status: decodeStatus(tags),
    resource: (typeof raw.processID === 'string' ? resources.get(raw.processID) : undefined) ?? {},
  }
}

function decodeProcesses(raw: unknown): Map<string, Attributes> {
  const resources = new Map<string, Attributes>()
  if (!isRecord(raw)) return resources
  for (const [id, process] of Object.entries(raw)) {
    if (!isRecord(process)) continue
    const attributes: Record<string, AttributeValue> = Object.create(null)
    Object.assign(attributes, decodeJaegerTags(process.tags))
    if (typeof process.serviceName === 'string') attributes['service.name'] = process.serviceName
    resources.set(id, attributes)
  }
  return resources
}

function findParent(references: unknown, traceId: string): string | undefined {
  for (const ref of listOf(references)) {
    if (!isRecord(ref) || normalizeHexId(ref.traceID, TRACE_ID_HEX_LENGTH) !== traceId) continue
    const parent = normalizeHexId(ref.spanID, SPAN_ID_HEX_LENGTH)
    if (parent !== undefined) return parent
  }
  return undefined
}

function decodeStatus(tags: readonly unknown[]): SpanRecord['status'] {
  const statusCode = tagValue(tags, STATUS_CODE_TAG)
  const error = tagValue(tags, ERROR_TAG)
  const code: SpanStatusCode =
    statusCode === 'ERROR' ? 2 : statusCode === 'OK' ? 1 : error === true || error === 'true' ? 2 : 0
  const message = tagValue(tags, STATUS_DESCRIPTION_TAG)
  return typeof message === 'string' && message !== '' ? { code, message } : { code }
}

function decodeLog(raw: unknown): SpanEventRecord[] {
  if (!isRecord(raw)) return []
  const micros = parseMicros(raw.timestamp)
  if (micros === undefined) return []
  const name = tagValue(listOf(raw.fields), 'event')
  return [
    {
      name: typeof name === 'string' ? name : '',
      timeUnixMs: nanosToMs(micros * 1000n),
      attributes: decodeJaegerTags(raw.fields, new Set(['event'])),
    },
  ]
}

function tagValue(tags: readonly unknown[], key: string): unknown {
  for (const tag of tags) if (isRecord(tag) && tag.key === key) return tag.value
  return undefined
}

function parseMicros(raw: unknown): bigint | undefined {
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return BigInt(raw)
  if (typeof raw === 'string' && MICROS_UINT.test(raw)) return BigInt(raw)
  return undefined
}
