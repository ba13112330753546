import { decodeKeyValues } from './any-value.ts'
import { decodeOtlpSpan } from './decode-otlp-span.ts'
import type { DecodedSpans } from './decoded-spans.ts'
import { emptyDecodedSpans } from './decoded-spans.ts'
import { isRecord, listOf } from './json-shapes.ts'

/**
 * Decodes a list of OTLP `ResourceSpans` (`TracesData.resourceSpans`, Tempo v1's `batches`):
 * resource → `scopeSpans` (or the very old `instrumentationLibrarySpans`) → spans. Unknown fields
 * are ignored; a span that cannot be decoded is skipped with its reason.
 *
 * @param resourceSpans - the list; anything that is not an array holds no spans.
 * @param into - a result to add to (one per document, so callers can merge lines cheaply).
 * @returns `into`, filled.
 * @example
 * const { spans, skipped } = decodeResourceSpans(JSON.parse(text).resourceSpans)
 */
export function decodeResourceSpans(
  resourceSpans: unknown,
  into: DecodedSpans = emptyDecodedSpans(),
): DecodedSpans {
  for (const entry of listOf(resourceSpans)) {
    if (!isRecord(entry)) continue
    const resource = decodeKeyValues(isRecord(entry.resource) ? entry.resource.attributes : undefined)
    const scopes = [...listOf(entry.scopeSpans), ...listOf(entry.instrumentationLibrarySpans)]
    for (const scope of scopes) {
      if (!isRecord(scope)) continue
      for (const raw of listOf(scope.spans)) {
        const decoded = decodeOtlpSpan(raw, resource)
        if (decoded.ok) into.spans.push(decoded.span)
        else into.skipped.push(decoded.reason)
      }
    }
  }
  return into
}
