import type { SpanRecord, TraceSource } from '../types.ts'

/**
 * A `TraceSource` over spans held in memory, for tests: it yields them in batches of `batchSize`, in
 * order, without filtering (the analysis applies the experiment key and the window itself), so a test
 * sees exactly what the extraction does with every span.
 *
 * @param spans - The spans (or several arrays, read in turn).
 * @param options - Batch size (default 1 000) and the description (default `memory:`).
 * @returns The source.
 * @example
 * const source = createInMemorySource(generateSyntheticSpans({ experiment, sessions: 500 }))
 * await analyzeSpans({ experiment, source, since })
 */
export function createInMemorySource(
  spans: readonly SpanRecord[] | Iterable<readonly SpanRecord[]>,
  options: { readonly batchSize?: number; readonly description?: string } = {},
): TraceSource {
  const batchSize = options.batchSize ?? 1_000
  const chunks: Iterable<readonly SpanRecord[]> = isSpanArray(spans) ? [spans] : spans
  return {
    description: options.description ?? 'memory:',
    async *spans() {
      for (const chunk of chunks) {
        for (let start = 0; start < chunk.length; start += batchSize)
          yield chunk.slice(start, start + batchSize)
      }
    },
  }
}

function isSpanArray(
  value: readonly SpanRecord[] | Iterable<readonly SpanRecord[]>,
): value is readonly SpanRecord[] {
  return Array.isArray(value) && (value.length === 0 || !Array.isArray(value[0]))
}
