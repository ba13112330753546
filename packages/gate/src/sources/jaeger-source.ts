import type { SpanQuery, SpanRecord, TraceSource } from '../types.ts'
import { createBackendSource } from './backend-source.ts'
import type { BackendEndpoint } from './backend-url.ts'
import { dedupeSpans, groupByTrace } from './group-spans.ts'
import { JaegerClient } from './jaeger-client.ts'
import { searchSlices } from './search-slices.ts'
import { SkipTally } from './skip-tally.ts'
import type { ResolvedSourceOptions } from './source-options.ts'
import { toHttpOptions } from './source-options.ts'
import { matchesQuery, resolveWindow } from './span-filter.ts'

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

async function* streamJaegerSpans(
  endpoint: BackendEndpoint,
  query: SpanQuery,
  options: ResolvedSourceOptions,
  signal: AbortSignal | undefined,
): AsyncGenerator<SpanRecord[]> {
  const window = resolveWindow(query, Date.now())
  const client = new JaegerClient(
    endpoint.baseUrl,
    toHttpOptions(options, endpoint.headers, signal),
    options.onWarning,
  )
  const services = query.serviceName === undefined ? await client.listServices() : [query.serviceName]
  if (services.length === 0) options.onWarning(`${endpoint.description} lists no services: no spans read`)
  const seenTraces = new Set<string>()
  const skips = new SkipTally()
  for (const service of services) {
    const traceSets = searchSlices(
      { startMs: window.sinceMs, endMs: window.untilMs },
      {
        sliceMs: options.sliceMs,
        minSliceMs: options.minSliceMs,
        search: async (slice) => {
          const decoded = await client.findTraces({
            service,
            slice,
            experiment: query.experiment,
            limit: options.searchLimit,
          })
          skips.add(decoded.skipped)
          const traces = groupByTrace(decoded.spans)
          return { result: traces, truncated: traces.size >= options.searchLimit }
        },
        onTruncated: (slice) =>
          options.onWarning(
            `${endpoint.description}: service ${service} has ${options.searchLimit} or more traces between ` +
              `${new Date(slice.startMs).toISOString()} and ${new Date(slice.endMs).toISOString()}; ` +
              'some may be missing (raise the search limit or narrow the window)',
          ),
      },
    )
    for await (const traces of traceSets) {
      for (const [traceId, spans] of traces) {
        if (seenTraces.has(traceId)) continue
        seenTraces.add(traceId)
        yield dedupeSpans(spans).filter((span) => matchesQuery(span, window))
      }
    }
  }
  skips.report(endpoint.description, options.onWarning)
}
