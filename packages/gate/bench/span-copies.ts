/**
 * How the ClickHouse benchmark makes ten times the spans without generating ten times the sessions: copy
 * `k` of a span is later by `k × shift`, has the trace id whose first byte is XORed with `k` (so no copy keeps a trace id, and no two
 * copies share one), and carries `-k` after
 * its conversation id and shadow pair id, so each copy is as many new sessions, runs and pairs of the same
 * traffic. The rule is written twice, once as ClickHouse SQL (the table copies itself) and once over
 * `SpanRecord`s (the same copies written as trace files for the file source), side by side here so the
 * two stay the same spans.
 */
import { ATTR_GEN_AI_CONVERSATION_ID, ATTR_PAIR_ID } from '@llm-canary/core'
import type { AttributeValue, SpanRecord } from '../src/types.ts'

/** The attributes whose values get the copy's suffix. */
const RENAMED_KEYS: readonly string[] = [ATTR_GEN_AI_CONVERSATION_ID, ATTR_PAIR_ID]

/** Most copies: the copy number is XORed into the trace id's first byte. */
const MAX_COPIES = 255

/**
 * The SQL that adds copies 1 to `copies - 1` of every span of `otel.otel_traces` to the table itself.
 *
 * @param copies - The table's spans afterwards, as a multiple of today's (2 to 255).
 * @param shiftSeconds - How much later each copy is than the one before.
 * @returns One `INSERT ... SELECT`.
 */
export function replicateSql(copies: number, shiftSeconds: number): string {
  checkCopies(copies)
  const renamed = RENAMED_KEYS.map((key) => `'${key}'`).join(', ')
  const shift = `toIntervalSecond(k * ${shiftSeconds})`
  return `INSERT INTO otel.otel_traces
SELECT * EXCEPT (k) REPLACE (
    Timestamp + ${shift} AS Timestamp,
    concat(lower(hex(bitXor(reinterpretAsUInt8(unhex(substring(TraceId, 1, 2))), toUInt8(k)))), substring(TraceId, 3)) AS TraceId,
    arrayMap(t -> t + ${shift}, \`Events.Timestamp\`) AS \`Events.Timestamp\`,
    mapApply((key, value) -> (key, if(key IN (${renamed}) AND value != '', concat(value, '-', toString(k)), value)), SpanAttributes) AS SpanAttributes)
FROM (SELECT *, arrayJoin(range(1, ${copies})) AS k FROM otel.otel_traces)`
}

/**
 * Copy `k` of a span, as `replicateSql` makes it.
 *
 * @param span - The generated span.
 * @param k - The copy (1 to 254).
 * @param shiftSeconds - How much later each copy is than the one before.
 * @returns The copy.
 */
export function copySpan(span: SpanRecord, k: number, shiftSeconds: number): SpanRecord {
  const shiftMs = k * shiftSeconds * 1000
  const attributes: Record<string, AttributeValue> = { ...span.attributes }
  for (const key of RENAMED_KEYS) {
    const value = attributes[key]
    if (typeof value === 'string' && value !== '') attributes[key] = `${value}-${k}`
  }
  return {
    ...span,
    traceId: `${(Number.parseInt(span.traceId.slice(0, 2), 16) ^ k).toString(16).padStart(2, '0')}${span.traceId.slice(2)}`,
    startTimeUnixMs: span.startTimeUnixMs + shiftMs,
    attributes,
    events: span.events.map((event) => ({ ...event, timeUnixMs: event.timeUnixMs + shiftMs })),
  }
}

function checkCopies(copies: number): void {
  if (!(Number.isInteger(copies) && copies >= 2 && copies <= MAX_COPIES))
    throw new RangeError(`copies must be a whole number from 2 to ${MAX_COPIES}, not ${copies}`)
}
