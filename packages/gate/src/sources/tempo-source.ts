import { pMapIterable } from 'p-map'
import type { SpanQuery, SpanRecord, TraceSource } from '../types.ts'
import { createBackendSource } from './backend-source.ts'
import type { BackendEndpoint } from './backend-url.ts'
import { dedupeSpans } from './group-spans.ts'
import { searchSlices } from './search-slices.ts'
import { SkipTally } from './skip-tally.ts'
import type { ResolvedSourceOptions } from './source-options.ts'
import { toHttpOptions } from './source-options.ts'
import type { QueryWindow } from './span-filter.ts'
import { matchesQuery, resolveWindow } from './span-filter.ts'
import { TempoClient } from './tempo-client.ts'
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

async function* streamTempoSpans(
  endpoint: BackendEndpoint,
  query: SpanQuery,
  options: ResolvedSourceOptions,
  signal: AbortSignal | undefined,
): AsyncGenerator<SpanRecord[]> {
  const window = resolveWindow(query, Date.now())
  const client = new TempoClient(
    endpoint.baseUrl,
    toHttpOptions(options, endpoint.headers, signal),
    options.searchLimit,
  )
  const traceQl = buildExperimentTraceQl(query.experiment, query.serviceName)
  const seenTraces = new Set<string>()
  const skips = new SkipTally()
  const hitSets = searchSlices(
    { startMs: window.sinceMs, endMs: window.untilMs },
    {
      sliceMs: options.sliceMs,
      minSliceMs: Math.max(options.minSliceMs, 1_000),
      search: async (slice) => {
        const found = await client.search(traceQl, slice)
        skips.add(found.skipped)
        return { result: found.hits, truncated: found.hits.length >= client.limit }
      },
      onTruncated: (slice) =>
        options.onWarning(
          `${endpoint.description}: ${client.limit} or more traces between ${new Date(slice.startMs).toISOString()} ` +
            `and ${new Date(slice.endMs).toISOString()}; some may be missing (raise the search limit or narrow the window)`,
        ),
    },
  )
  for await (const hits of hitSets) {
    const traceIds = hits.map((hit) => hit.traceId).filter((traceId) => !seenTraces.has(traceId))
    for (const traceId of traceIds) seenTraces.add(traceId)
    yield* fetchTraces({ client, traceIds, window, options, skips, description: endpoint.description })
  }
  skips.report(endpoint.description, options.onWarning)
}

async function* fetchTraces(context: {
  readonly client: TempoClient
  readonly traceIds: readonly string[]
  readonly window: QueryWindow
  readonly options: ResolvedSourceOptions
  readonly skips: SkipTally
  readonly description: string
}): AsyncGenerator<SpanRecord[]> {
  const { client, window, options } = context
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
    context.skips.add(trace.skipped)
    yield dedupeSpans(trace.spans).filter((span) => matchesQuery(span, window))
  }
}
