import { ATTR_FEATURE_FLAG_KEY } from '@llm-canary/core'
import { GateError } from '../errors.ts'
import { apiUrl } from './backend-url.ts'
import { decodeJaegerUiTraces } from './decode-jaeger-ui.ts'
import { decodeTraceDocument } from './decode-trace-document.ts'
import type { DecodedSpans } from './decoded-spans.ts'
import type { HttpOptions, JsonResponse } from './http.ts'
import { displayUrl, getJson } from './http.ts'
import { isRecord, listOf } from './json-shapes.ts'
import type { TimeSlice } from './time-slices.ts'

/** Which Jaeger query API answers: api_v3 (stable) or the legacy UI API. */
export type JaegerApi = 'api_v3' | 'legacy'

/** One search: a service, a time slice, the experiment, a search depth. */
export interface JaegerSearch {
  readonly service: string
  readonly slice: TimeSlice
  readonly experiment: string
  /** Most traces to return (`query.num_traces` / `limit`). */
  readonly limit: number
}

/**
 * Talks to one Jaeger query service. It tries api_v3 first and switches to the legacy `/api/...`
 * API for the rest of its life when api_v3's route is missing (404 without api_v3's JSON error
 * body, or 501). api_v3's own `404 No traces found` is an empty result, not a missing route.
 */
export class JaegerClient {
  /** The API in use; undefined until the first request tells. */
  api: JaegerApi | undefined

  /**
   * @param baseUrl - the query service's base URL (with its base path).
   * @param http - headers, timeouts and retries.
   * @param onWarning - receives errors the legacy API reports inside a 200 answer.
   */
  constructor(
    private readonly baseUrl: URL,
    private readonly http: HttpOptions,
    private readonly onWarning: (message: string) => void,
  ) {}

  /**
   * Lists the services Jaeger knows (`/api/v3/services`, else `/api/services`).
   *
   * @returns the service names.
   * @throws GateError `BACKEND_*` when neither API answers or the body is not a service list.
   */
  async listServices(): Promise<string[]> {
    if (this.api !== 'legacy') {
      const url = apiUrl(this.baseUrl, '/api/v3/services')
      const response = await getJson(url, { ...this.http, passStatuses: [404, 501] })
      if (response.status < 300) {
        this.api = 'api_v3'
        return readStringList(url, isRecord(response.body) ? (response.body.services ?? []) : undefined)
      }
      this.api = 'legacy'
    }
    const url = apiUrl(this.baseUrl, '/api/services')
    const response = await getJson(url, { ...this.http, passStatuses: [404] })
    if (response.status === 404) throw this.noApi(url)
    return readStringList(url, isRecord(response.body) ? (response.body.data ?? []) : undefined)
  }

  /**
   * Finds the traces of one service in one slice, with the experiment as an attribute filter
   * (honoured by Jaeger from v2.19; older servers ignore it, so callers filter again).
   *
   * @param search - service, slice, experiment and depth.
   * @returns the decoded spans of every trace found, all traces concatenated.
   * @throws GateError `BACKEND_*`.
   */
  async findTraces(search: JaegerSearch): Promise<DecodedSpans> {
    if (this.api !== 'legacy') {
      const found = await this.findTracesV3(search)
      if (found !== undefined) return found
      this.api = 'legacy'
    }
    return this.findTracesLegacy(search)
  }

  private async findTracesV3(search: JaegerSearch): Promise<DecodedSpans | undefined> {
    const url = apiUrl(this.baseUrl, '/api/v3/traces', {
      'query.service_name': search.service,
      'query.start_time_min': new Date(search.slice.startMs).toISOString(),
      'query.start_time_max': new Date(search.slice.endMs).toISOString(),
      'query.num_traces': search.limit,
      'query.attributes': JSON.stringify({ [ATTR_FEATURE_FLAG_KEY]: search.experiment }),
    })
    const response = await getJson(url, { ...this.http, passStatuses: [404, 501] })
    if (response.status === 404 && isRecord(response.body) && isRecord(response.body.error)) {
      this.api = 'api_v3'
      return { spans: [], skipped: [] }
    }
    if (response.status >= 300) return undefined
    this.api = 'api_v3'
    const decoded = decodeTraceDocument(response.body)
    if (decoded?.format !== 'jaeger-api-v3')
      throw invalidBody(url, response, 'a {"result": TracesData} object')
    return decoded
  }

  private async findTracesLegacy(search: JaegerSearch): Promise<DecodedSpans> {
    const url = apiUrl(this.baseUrl, '/api/traces', {
      service: search.service,
      start: Math.floor(search.slice.startMs * 1000),
      end: Math.ceil(search.slice.endMs * 1000),
      limit: search.limit,
      tags: JSON.stringify({ [ATTR_FEATURE_FLAG_KEY]: search.experiment }),
    })
    const response = await getJson(url, { ...this.http, passStatuses: [404] })
    if (response.status === 404) throw this.noApi(url)
    const body = response.body
    if (!isRecord(body) || !(Array.isArray(body.data) || body.data === null)) {
      throw invalidBody(url, response, 'a {"data": [trace, ...]} object')
    }
    for (const error of listOf(body.errors)) {
      if (isRecord(error)) this.onWarning(`Jaeger reported for ${displayUrl(url)}: ${String(error.msg)}`)
    }
    return decodeJaegerUiTraces(body.data === null ? { data: [] } : body)
  }

  private noApi(url: URL): GateError {
    return new GateError(
      'BACKEND_REJECTED',
      `no Jaeger query API at ${displayUrl(this.baseUrl)}: neither api_v3 nor ${url.pathname} is served ` +
        '(check the URL and its base path, e.g. jaeger:http://host:16686/jaeger, and that it is the query service port)',
    )
  }
}

function readStringList(url: URL, value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new GateError(
      'BACKEND_RESPONSE_INVALID',
      `GET ${displayUrl(url)} did not answer a list of service names (check that the URL is Jaeger's query service)`,
    )
  }
  return value
}

function invalidBody(url: URL, response: JsonResponse, expected: string): GateError {
  return new GateError(
    'BACKEND_RESPONSE_INVALID',
    `GET ${displayUrl(url)} answered ${response.status} with ${response.text.trim().slice(0, 80) || 'an empty body'} ` +
      `instead of ${expected} (check that the URL is Jaeger's query service)`,
  )
}
