import type { SpanQuery, SpanRecord, TraceSource } from '../types.ts'

/**
 * Reads every batch a source yields for a query.
 *
 * @param source - the source.
 * @param query - the query.
 * @returns the batches, in order.
 */
export async function collectBatches(
  source: TraceSource,
  query: SpanQuery,
): Promise<(readonly SpanRecord[])[]> {
  const batches: (readonly SpanRecord[])[] = []
  for await (const batch of source.spans(query)) batches.push(batch)
  return batches
}

/** One span of a synthetic OTLP document. */
export interface TestSpan {
  readonly traceId: string
  readonly spanId: string
  readonly startMs: number
  readonly durationMs?: number
  readonly name?: string
  /** `feature_flag.key`; absent when undefined. */
  readonly experiment?: string
}

/**
 * Builds an OTLP/JSON `TracesData` with the given spans, the shape our exporter and the Collector
 * write, for tests that need spans of an experiment at chosen times.
 *
 * @param spans - the spans.
 * @returns the document.
 */
export function buildTracesData(spans: readonly TestSpan[]): unknown {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'test-app' } }] },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: spans.map((span) => ({
              traceId: span.traceId,
              spanId: span.spanId,
              name: span.name ?? 'chat test-model',
              kind: 3,
              startTimeUnixNano: `${BigInt(span.startMs) * 1_000_000n}`,
              endTimeUnixNano: `${BigInt(span.startMs + (span.durationMs ?? 10)) * 1_000_000n}`,
              attributes:
                span.experiment === undefined
                  ? []
                  : [{ key: 'feature_flag.key', value: { stringValue: span.experiment } }],
            })),
          },
        ],
      },
    ],
  }
}

/**
 * A hex id for tests: `n` in hex, left-padded.
 *
 * @param n - a positive integer.
 * @param length - 32 for a trace id, 16 for a span id.
 * @returns the id.
 */
export function hexId(n: number, length: 16 | 32): string {
  return n.toString(16).padStart(length, '0')
}
