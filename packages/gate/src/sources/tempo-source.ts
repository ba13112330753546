import { pMapIterable } from 'p-map'
import type { SpanRecord, TraceSource } from '../types.ts'
import type { BackendSpanStream } from './backend-source.ts'
import { createBackendSource } from './backend-source.ts'
import type { ResolvedSourceOptions } from './source-options.ts'
import { toHttpOptions } from './source-options.ts'
import { TempoClient } from './tempo-client.ts'
import { TraceSearch } from './trace-search.ts'
import { buildExperimentTraceQl } from './traceql.ts'

/** The header Tempo reads the tenant from. */
const TEMPO_TENANT_HEADER = 'X-Scope-OrgID'

/**
 * A trace source over Grafana Tempo's HTTP API (`tempo:http://host:3200`, base path allowed).
 *
 * Searches with TraceQL `{ span.feature_flag.key = "<experiment>" }` (plus the service when the
 * query names one) over time slices in epoch seconds; a slice that returns `searchLimit` traces is
 * halved down to `minSliceMs` (at least 1 s). Each trace found is fetched whole by id, `concurrency`
 * at a time, once per query. Spans are filtered again on the client.
 *
 * @param rawUrl - the URL after `tempo:`; userinfo becomes basic auth.
 * @param options - resolved source options (headers, tenant, HTTP, slicing and concurrency settings).
 * @returns the source.
 * @throws GateError `SOURCE_INVALID` when the URL is not http(s).
 * @example
 * const source = createTempoSource('http://127.0.0.1:3200', resolveSourceOptions({ tenant: 'team-a' }))
 */
export function createTempoSource(rawUrl: string, options: ResolvedSourceOptions): TraceSource {
  return createBackendSource('tempo', rawUrl, options, {
    tenantHeader: TEMPO_TENANT_HEADER,
    stream: streamTempoSpans,
  })
}

const streamTempoSpans: BackendSpanStream = async function* (endpoint, query, options, signal) {
  const search = new TraceSearch(endpoint, query, options)
  const client = new TempoClient(
    endpoint.baseUrl,
    toHttpOptions(options, endpoint.headers, signal),
    options.searchLimit,
  )
  const traceQl = buildExperimentTraceQl(query.experiment, query.serviceName)
  const hitSets = search.slices({
    minSliceMs: Math.max(options.minSliceMs, 1_000),
    limit: client.limit,
    search: async (slice) => {
      const found = await client.search(traceQl, slice)
      return { result: found.hits, skipped: found.skipped, truncated: found.hits.length >= client.limit }
    },
  })
  for await (const hits of hitSets) {
    const traceIds = hits.map((hit) => hit.traceId).filter((traceId) => search.firstSight(traceId))
    yield* fetchTraces({ client, traceIds, search, options, description: endpoint.description })
  }
  search.finish()
}

async function* fetchTraces(context: {
  readonly client: TempoClient
  readonly traceIds: readonly string[]
  readonly search: TraceSearch
  readonly options: ResolvedSourceOptions
  readonly description: string
}): AsyncGenerator<SpanRecord[]> {
  const { client, options } = context
  // In order, at most `concurrency` fetches in flight, and no more fetched ahead than that (back-pressure).
  const traces = pMapIterable(
    context.traceIds,
    async (traceId) => ({ traceId, trace: await client.fetchTrace(traceId) }),
    { concurrency: options.concurrency },
  )
  for await (const { traceId, trace } of traces) {
    if (trace === undefined) {
      options.onWarning(
        `${context.description}: trace ${traceId} was found by the search but could not be fetched`,
      )
      continue
    }
    if (trace.partial)
      options.onWarning(`${context.description}: trace ${traceId} is partial (Tempo truncated it)`)
    yield context.search.keep(trace.spans, trace.skipped)
  }
}
