import type { TraceSource } from '../types.ts'
import type { BackendSpanStream } from './backend-source.ts'
import { createBackendSource } from './backend-source.ts'
import { groupByTrace } from './group-spans.ts'
import { JaegerClient } from './jaeger-client.ts'
import type { ResolvedSourceOptions } from './source-options.ts'
import { toHttpOptions } from './source-options.ts'
import { TraceSearch } from './trace-search.ts'

/** The header Jaeger reads the tenant from (its default `tenancy.header`). */
const JAEGER_TENANT_HEADER = 'x-tenant'

/**
 * A trace source over a Jaeger query service (`jaeger:http://host:16686`, base path allowed).
 *
 * Uses api_v3 (`/api/v3/traces`, snake_case parameters, accepted by every version) and falls back
 * to the legacy `/api/traces` when api_v3 is not served. Both need a service: `query.serviceName`,
 * else every service Jaeger lists is searched. Neither pages, so the window is cut into slices
 * (`sliceMs`) and a slice that returns `searchLimit` traces is halved down to `minSliceMs`. The
 * experiment goes to the server as an attribute filter and is applied again on the client (older
 * servers ignore it). Each trace is yielded once per query, even when several slices or services
 * find it; exact duplicate spans within a response are dropped.
 *
 * @param rawUrl - the URL after `jaeger:`; userinfo becomes basic auth.
 * @param options - resolved source options (headers, tenant, HTTP and slicing settings).
 * @returns the source.
 * @throws GateError `SOURCE_INVALID` when the URL is not http(s).
 * @example
 * const source = createJaegerSource('http://127.0.0.1:16686', resolveSourceOptions())
 * for await (const batch of source.spans({ experiment: 'exp-1', since: new Date(Date.now() - 864e5) })) use(batch)
 */
export function createJaegerSource(rawUrl: string, options: ResolvedSourceOptions): TraceSource {
  return createBackendSource('jaeger', rawUrl, options, {
    tenantHeader: JAEGER_TENANT_HEADER,
    stream: streamJaegerSpans,
  })
}

const streamJaegerSpans: BackendSpanStream = async function* (endpoint, query, options, signal) {
  const search = new TraceSearch(endpoint, query, options)
  const client = new JaegerClient(
    endpoint.baseUrl,
    toHttpOptions(options, endpoint.headers, signal),
    options.onWarning,
  )
  const services = query.serviceName === undefined ? await client.listServices() : [query.serviceName]
  if (services.length === 0) options.onWarning(`${endpoint.description} lists no services: no spans read`)
  for (const service of services) {
    const traceSets = search.slices({
      minSliceMs: options.minSliceMs,
      limit: options.searchLimit,
      service,
      search: async (slice) => {
        const decoded = await client.findTraces({
          service,
          slice,
          experiment: query.experiment,
          limit: options.searchLimit,
        })
        const traces = groupByTrace(decoded.spans)
        return { result: traces, skipped: decoded.skipped, truncated: traces.size >= options.searchLimit }
      },
    })
    for await (const traces of traceSets) {
      for (const [traceId, spans] of traces) if (search.firstSight(traceId)) yield search.keep(spans)
    }
  }
  search.finish()
}
