import type { SpanRecord } from '../types.ts'

/**
 * Drops exact repeats of a span within one response: same trace, span id, start, duration and name.
 * Two spans that share an id but differ (Jaeger keeps both halves of a span shared by a client
 * and a server in Zipkin-style traces) are both kept.
 *
 * @param spans - the spans of one response.
 * @returns the spans in their order, each exact repeat after the first removed.
 */
export function dedupeSpans(spans: readonly SpanRecord[]): SpanRecord[] {
  const seen = new Set<string>()
  return spans.filter((span) => {
    const key = `${span.traceId}/${span.spanId}/${span.startTimeUnixMs}/${span.durationMs}/${span.name}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/**
 * Groups spans by trace id, in the order traces first appear.
 *
 * @param spans - spans of possibly many traces (Jaeger's FindTraces concatenates them).
 * @returns a map from trace id to its spans.
 */
export function groupByTrace(spans: readonly SpanRecord[]): Map<string, SpanRecord[]> {
  const traces = new Map<string, SpanRecord[]>()
  for (const span of spans) {
    const trace = traces.get(span.traceId)
    if (trace === undefined) traces.set(span.traceId, [span])
    else trace.push(span)
  }
  return traces
}
