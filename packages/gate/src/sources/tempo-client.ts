import { GateError } from '../errors.ts'
import { apiUrl } from './backend-url.ts'
import type { TempoSearchHit } from './decode-tempo-search.ts'
import { decodeTempoSearch } from './decode-tempo-search.ts'
import { decodeTraceDocument } from './decode-trace-document.ts'
import type { DecodedSpans } from './decoded-spans.ts'
import type { HttpOptions, JsonResponse } from './http.ts'
import { displayUrl, getJson } from './http.ts'
import type { TimeSlice } from './time-slices.ts'

/** Which trace-by-id route Tempo serves. */
export type TempoTraceApi = 'v2' | 'v1'

const MAX_LIMIT_MESSAGE = /exceeds max(?:imum)? limit (\d+)/i

/**
 * Talks to one Tempo query frontend: TraceQL search, then trace by id (`/api/v2/traces/{id}`, or
 * v1 `/api/traces/{id}` when v2 is not served).
 */
export class TempoClient {
  /** The trace-by-id route in use; v2 until a 404 on v2 is answered by v1. */
  traceApi: TempoTraceApi = 'v2'
  /** Traces asked per search; lowered when Tempo says the limit exceeds its `max_result_limit`. */
  limit: number

  /**
   * @param baseUrl - the query frontend's base URL (with its base path).
   * @param http - headers, timeouts and retries.
   * @param limit - traces asked per search.
   */
  constructor(
    private readonly baseUrl: URL,
    private readonly http: HttpOptions,
    limit: number,
  ) {
    this.limit = limit
  }

  /**
   * Runs a TraceQL search over one slice (`start`/`end` in epoch seconds, widened to whole
   * seconds). When Tempo rejects the limit as above its maximum, retries once with that maximum.
   *
   * @param traceQl - the query.
   * @param slice - the time range.
   * @returns the traces found (ids left-padded) and the search's own skips.
   * @throws GateError `BACKEND_*`.
   */
  async search(traceQl: string, slice: TimeSlice): Promise<{ hits: TempoSearchHit[]; skipped: string[] }> {
    const url = apiUrl(this.baseUrl, '/api/search', {
      q: traceQl,
      start: Math.floor(slice.startMs / 1000),
      end: Math.ceil(slice.endMs / 1000),
      limit: this.limit,
      spss: 1,
    })
    const response = await getJson(url, { ...this.http, passStatuses: [400] })
    if (response.status === 400) {
      const maxLimit = Number(MAX_LIMIT_MESSAGE.exec(response.text)?.[1])
      if (Number.isSafeInteger(maxLimit) && maxLimit > 0 && maxLimit < this.limit) {
        this.limit = maxLimit
        return this.search(traceQl, slice)
      }
      throw new GateError(
        'BACKEND_REJECTED',
        `GET ${displayUrl(url)} was rejected with HTTP 400: ${JSON.stringify(response.text.trim().slice(0, 200))} ` +
          '(check the window against Tempo max_duration and the experiment id)',
      )
    }
    const decoded = decodeTempoSearch(response.body)
    if (decoded === undefined) throw invalidBody(url, response, 'a {"traces": [...]} search result')
    return decoded
  }

  /**
   * Fetches one whole trace.
   *
   * @param traceId - 32 hex characters.
   * @returns its decoded spans, and `partial` when Tempo says it truncated the trace; undefined
   *   when Tempo does not have it (404 on both routes) or finds it too large (v1 422).
   * @throws GateError `BACKEND_*`.
   */
  async fetchTrace(traceId: string): Promise<(DecodedSpans & { partial: boolean }) | undefined> {
    if (this.traceApi === 'v2') {
      const url = apiUrl(this.baseUrl, `/api/v2/traces/${traceId}`)
      const response = await getJson(url, { ...this.http, passStatuses: [404] })
      if (response.status !== 404) return decodeTrace(url, response, 'tempo-v2')
    }
    const url = apiUrl(this.baseUrl, `/api/traces/${traceId}`)
    const response = await getJson(url, { ...this.http, passStatuses: [404, 422] })
    if (response.status === 404 || response.status === 422) return undefined
    // v2 said 404 but v1 has the trace: v2 is not served here.
    this.traceApi = 'v1'
    return decodeTrace(url, response, 'tempo-v1')
  }
}

function decodeTrace(
  url: URL,
  response: JsonResponse,
  format: 'tempo-v1' | 'tempo-v2',
): DecodedSpans & { partial: boolean } {
  const decoded = decodeTraceDocument(response.body)
  // Tempo answers an unknown trace id with an empty object on some versions.
  if (decoded === undefined || (decoded.format !== format && decoded.format !== 'otlp')) {
    throw invalidBody(
      url,
      response,
      format === 'tempo-v2' ? 'a {"trace": TracesData} object' : 'a {"batches": [...]} object',
    )
  }
  const status = (response.body as { status?: unknown }).status
  return { spans: decoded.spans, skipped: decoded.skipped, partial: status === 'PARTIAL' }
}

function invalidBody(url: URL, response: JsonResponse, expected: string): GateError {
  return new GateError(
    'BACKEND_RESPONSE_INVALID',
    `GET ${displayUrl(url)} answered ${response.status} with ${response.text.trim().slice(0, 80) || 'an empty body'} ` +
      `instead of ${expected} (check that the URL is Tempo's HTTP API, port 3200 by default)`,
  )
}
