import { decodeJaegerUiTraces } from './decode-jaeger-ui.ts'
import { decodeResourceSpans } from './decode-otlp.ts'
import type { DecodedSpans } from './decoded-spans.ts'
import { emptyDecodedSpans } from './decoded-spans.ts'
import type { JsonRecord } from './json-shapes.ts'
import { isRecord } from './json-shapes.ts'

/** The document shapes `decodeTraceDocument` recognises. */
export type TraceDocumentFormat =
  /** OTLP `TracesData` / `ExportTraceServiceRequest`: `{ resourceSpans }` (also the empty `{}`). */
  | 'otlp'
  /** Jaeger api_v3 trace responses: `{ result: TracesData }`. */
  | 'jaeger-api-v3'
  /** Tempo trace by id v1: `{ batches: ResourceSpans[] }`. */
  | 'tempo-v1'
  /** Tempo trace by id v2: `{ trace: TracesData, status?, message? }`. */
  | 'tempo-v2'
  /** Jaeger legacy API envelope `{ data: [uiTrace] }` or one bare UI trace `{ traceID, spans }`. */
  | 'jaeger-ui'

/** A decoded document and the format it was recognised as. */
export interface DecodedDocument extends DecodedSpans {
  readonly format: TraceDocumentFormat
}

/**
 * Recognises a parsed trace document by its keys and decodes it: OTLP `TracesData`, Jaeger api_v3
 * `{ result }`, Tempo `{ batches }` and `{ trace }`, the Jaeger legacy `{ data: [...] }` and a
 * bare Jaeger UI trace.
 *
 * @param doc - the parsed JSON.
 * @param into - a result to add the spans to.
 * @returns the decoded spans and skips, or undefined when the document is none of these shapes
 *   (an error envelope, a list of services, a JSON scalar ...).
 * @example
 * const decoded = decodeTraceDocument(JSON.parse(line))
 * if (decoded === undefined) warn('not a trace document')
 */
export function decodeTraceDocument(
  doc: unknown,
  into: DecodedSpans = emptyDecodedSpans(),
): DecodedDocument | undefined {
  const format = detectTraceDocumentFormat(doc)
  if (format === undefined || !isRecord(doc)) return undefined
  decodeAs(format, doc, into)
  return { format, spans: into.spans, skipped: into.skipped }
}

function decodeAs(format: TraceDocumentFormat, doc: JsonRecord, into: DecodedSpans): void {
  switch (format) {
    case 'otlp':
      decodeResourceSpans(doc.resourceSpans, into)
      return
    case 'jaeger-api-v3':
      decodeResourceSpans(isRecord(doc.result) ? doc.result.resourceSpans : undefined, into)
      return
    case 'tempo-v1':
      decodeResourceSpans(doc.batches, into)
      return
    case 'tempo-v2':
      decodeResourceSpans(isRecord(doc.trace) ? doc.trace.resourceSpans : undefined, into)
      return
    case 'jaeger-ui':
      decodeJaegerUiTraces(doc, into)
      return
  }
}

/**
 * Tells which trace document shape a parsed JSON value has, by its top-level keys.
 *
 * @param doc - the parsed JSON.
 * @returns the format, or undefined when it is not a trace document.
 */
export function detectTraceDocumentFormat(doc: unknown): TraceDocumentFormat | undefined {
  if (!isRecord(doc)) return undefined
  if (Array.isArray(doc.resourceSpans)) return 'otlp'
  if (Array.isArray(doc.batches)) return 'tempo-v1'
  if (isRecord(doc.result)) return 'jaeger-api-v3'
  if (isRecord(doc.trace)) return 'tempo-v2'
  if (Array.isArray(doc.data) && doc.data.every(isRecord)) return 'jaeger-ui'
  if (Array.isArray(doc.spans) && 'traceID' in doc) return 'jaeger-ui'
  // proto3 JSON omits an empty repeated field, so an empty TracesData is `{}`.
  if (Object.keys(doc).length === 0) return 'otlp'
  return undefined
}
