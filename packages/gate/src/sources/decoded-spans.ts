import type { SpanRecord } from '../types.ts'

/**
 * What a decoder returns: the spans it could read and, for every span it could not (no id, times
 * that are not integers, an end before the start), one reason. Decoders never throw on a bad span;
 * the source counts the skips and reports them as one warning.
 */
export interface DecodedSpans {
  readonly spans: SpanRecord[]
  /** One human-readable reason per skipped span (`span 3: spanId "" is not a hex or base64 id`). */
  readonly skipped: string[]
}

/**
 * Creates an empty result to fill.
 *
 * @returns a result with no spans and no skips.
 */
export function emptyDecodedSpans(): DecodedSpans {
  return { spans: [], skipped: [] }
}
