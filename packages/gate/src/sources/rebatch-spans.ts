import type { SpanRecord } from '../types.ts'

/**
 * Regroups a stream of span chunks of any size (one file line, one backend response) into batches
 * of `batchSize`, the last one possibly smaller; empty chunks produce nothing.
 *
 * @param chunks - the spans as they are decoded.
 * @param batchSize - spans per batch (positive).
 * @returns the batches; at most `batchSize` spans plus one chunk are held at a time.
 * @example
 * for await (const batch of rebatchSpans(decodeLines(file), 1_000)) consume(batch)
 */
export async function* rebatchSpans(
  chunks: AsyncIterable<readonly SpanRecord[]>,
  batchSize: number,
): AsyncGenerator<readonly SpanRecord[]> {
  let batch: SpanRecord[] = []
  for await (const chunk of chunks) {
    for (const span of chunk) {
      batch.push(span)
      if (batch.length >= batchSize) {
        yield batch
        batch = []
      }
    }
  }
  if (batch.length > 0) yield batch
}
