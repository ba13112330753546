import type { SpanQuery, SpanRecord } from '../types.ts'
import type { BackendEndpoint } from './backend-url.ts'
import { dedupeSpans } from './group-spans.ts'
import { searchSlices } from './search-slices.ts'
import { SkipTally } from './skip-tally.ts'
import type { ResolvedSourceOptions } from './source-options.ts'
import type { QueryWindow } from './span-filter.ts'
import { matchesQuery, resolveWindow } from './span-filter.ts'
import type { TimeSlice } from './time-slices.ts'

/** What one slice's search returned: what it found, the spans its decoder skipped, whether it came back full. */
interface SliceFound<T> {
  readonly result: T
  readonly skipped: readonly string[]
  readonly truncated: boolean
}

/** How `TraceSearch.slices` searches: the slices' shortest length, the search, and what a full one warns of. */
export interface SliceSearch<T> {
  /** Shortest slice a full one is split down to. */
  readonly minSliceMs: number
  /** The backend's search limit, for the warning. */
  readonly limit: number
  /** The service searched, when the backend searches one at a time (named in the warning). */
  readonly service?: string
  readonly search: (slice: TimeSlice) => Promise<SliceFound<T>>
}

/**
 * One query's search of a backend that does not page (Jaeger, Tempo): the query's window, the window
 * searched slice by slice with a warning where a slice at the shortest length is still full, each trace
 * kept once, a trace's spans de-duplicated and filtered again on the client, and the spans the decoders
 * skipped reported once at the end.
 *
 * @example
 * const search = new TraceSearch(endpoint, query, options)
 * for await (const traces of search.slices({ minSliceMs, limit, search: find }))
 *   for (const [id, spans] of traces) if (search.firstSight(id)) yield search.keep(spans)
 * search.finish()
 */
export class TraceSearch {
  /** The query's window, resolved once (its end is now when the query has none). */
  readonly window: QueryWindow
  private readonly seen = new Set<string>()
  private readonly skips = new SkipTally()

  /**
   * @param endpoint - The backend, for messages.
   * @param query - The query (its window).
   * @param options - Slice length and where warnings go.
   */
  constructor(
    private readonly endpoint: BackendEndpoint,
    query: SpanQuery,
    private readonly options: ResolvedSourceOptions,
  ) {
    this.window = resolveWindow(query, Date.now())
  }

  /**
   * Searches the window slice by slice (`searchSlices`), counting the spans each response skipped.
   *
   * @param how - The shortest slice, the search limit and service for the warning, the search.
   * @returns What each kept slice found, in time order.
   */
  slices<T>(how: SliceSearch<T>): AsyncGenerator<T> {
    return searchSlices(
      { startMs: this.window.sinceMs, endMs: this.window.untilMs },
      {
        sliceMs: this.options.sliceMs,
        minSliceMs: how.minSliceMs,
        search: async (slice) => {
          const found = await how.search(slice)
          this.skips.add(found.skipped)
          return found
        },
        onTruncated: (slice) =>
          this.options.onWarning(
            `${this.endpoint.description}: ${how.service === undefined ? '' : `service ${how.service} has `}` +
              `${how.limit} or more traces between ${new Date(slice.startMs).toISOString()} and ` +
              `${new Date(slice.endMs).toISOString()}; some may be missing (raise the search limit or narrow the window)`,
          ),
      },
    )
  }

  /**
   * Tells whether a trace is new to this query, and marks it seen.
   *
   * @param traceId - The trace.
   * @returns True the first time.
   */
  firstSight(traceId: string): boolean {
    if (this.seen.has(traceId)) return false
    this.seen.add(traceId)
    return true
  }

  /**
   * A trace's spans as the source yields them: exact duplicates dropped, and those outside the query
   * (window, experiment) dropped, since older servers ignore part of the filter.
   *
   * @param spans - The trace's decoded spans.
   * @param skipped - Spans its decoder skipped, when it was fetched outside `slices`.
   * @returns The spans to yield.
   */
  keep(spans: readonly SpanRecord[], skipped: readonly string[] = []): SpanRecord[] {
    this.skips.add(skipped)
    return dedupeSpans(spans).filter((span) => matchesQuery(span, this.window))
  }

  /** Reports the skipped spans, if any, as one warning; call once the query is done. */
  finish(): void {
    this.skips.report(this.endpoint.description, this.options.onWarning)
  }
}
