import type { SpanQuery, SpanRecord, TraceSource } from '../types.ts'
import type { BackendEndpoint } from './backend-url.ts'
import { parseBackendUrl } from './backend-url.ts'
import { rebatchSpans } from './rebatch-spans.ts'
import type { ResolvedSourceOptions } from './source-options.ts'

/** Streams one query's spans from a backend, in whatever batches its API returns. */
export type BackendSpanStream = (
  endpoint: BackendEndpoint,
  query: SpanQuery,
  options: ResolvedSourceOptions,
  signal: AbortSignal | undefined,
) => AsyncIterable<SpanRecord[]>

/**
 * A trace source over an HTTP backend (Jaeger, Tempo): parses the URL (userinfo becomes basic auth,
 * the tenant goes in `tenantHeader`) and rebatches the backend's stream to `options.batchSize`.
 *
 * @param backend - the scheme (`jaeger`, `tempo`), for messages.
 * @param rawUrl - the URL after the scheme.
 * @param options - resolved source options.
 * @param backendOptions - the header the backend reads the tenant from, and its span stream.
 * @returns the source; its description is the URL without credentials.
 * @throws GateError `SOURCE_INVALID` when the URL is not http(s).
 */
export function createBackendSource(
  backend: string,
  rawUrl: string,
  options: ResolvedSourceOptions,
  backendOptions: { readonly tenantHeader: string; readonly stream: BackendSpanStream },
): TraceSource {
  const endpoint = parseBackendUrl(backend, rawUrl, {
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    ...(options.tenant === undefined ? {} : { tenant: options.tenant }),
    tenantHeader: backendOptions.tenantHeader,
  })
  return {
    description: endpoint.description,
    spans: (query, spanOptions) =>
      rebatchSpans(backendOptions.stream(endpoint, query, options, spanOptions?.signal), options.batchSize),
  }
}
