import { isRecord, listOf, quote } from './json-shapes.ts'
import { normalizeHexId, TRACE_ID_HEX_LENGTH } from './span-ids.ts'
import { nanosToMs, parseUint64 } from './unix-nanos.ts'

/** One trace found by a Tempo search. */
export interface TempoSearchHit {
  /** 32 lower-case hex characters (Tempo trims leading zeros; they are restored). */
  readonly traceId: string
  /** Start of the trace's root, Unix epoch milliseconds, when Tempo sent it. */
  readonly startTimeUnixMs: number | undefined
}

/** The traces of a Tempo search response, and the entries that had no usable trace id. */
export interface TempoSearchResult {
  readonly hits: TempoSearchHit[]
  readonly skipped: string[]
}

/**
 * Decodes a Tempo `GET /api/search` response (`{ traces: [{ traceID, startTimeUnixNano, ... }],
 * metrics }`). Tempo omits empty fields, so a response without `traces` found nothing.
 *
 * @param doc - the parsed body.
 * @returns the trace ids found (left-padded to 32 hex characters), or undefined when the body is not
 *   a search response at all.
 * @example
 * decodeTempoSearch({ traces: [{ traceID: '2e299711ce47710289dc6640727404f' }] })?.hits[0]?.traceId
 * // '02e299711ce47710289dc6640727404f'
 */
export function decodeTempoSearch(doc: unknown): TempoSearchResult | undefined {
  if (!isRecord(doc) || (doc.traces !== undefined && !Array.isArray(doc.traces))) return undefined
  const result: TempoSearchResult = { hits: [], skipped: [] }
  for (const trace of listOf(doc.traces)) {
    const traceId = isRecord(trace) ? normalizeHexId(trace.traceID, TRACE_ID_HEX_LENGTH) : undefined
    if (traceId === undefined || !isRecord(trace)) {
      result.skipped.push(`traceID ${quote(isRecord(trace) ? trace.traceID : trace)} is not a hex id`)
      continue
    }
    const startNanos =
      trace.startTimeUnixNano === undefined ? undefined : parseUint64(trace.startTimeUnixNano)
    result.hits.push({
      traceId,
      startTimeUnixMs: startNanos === undefined ? undefined : nanosToMs(startNanos),
    })
  }
  return result
}
