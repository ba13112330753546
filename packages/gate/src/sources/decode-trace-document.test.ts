import { describe, expect, it } from 'vitest'
import { decodeTraceDocument, detectTraceDocumentFormat } from './decode-trace-document.ts'
import { readFixture } from './recorded-responses.fixture.ts'

describe('decodeTraceDocument', () => {
  it.each([
    ['otlp/opentelemetry-proto-examples-trace.json', 'otlp', 1],
    ['otlp/jaeger-memory-otel_traces_01.json', 'otlp', 4],
    ['jaeger/apiv3-GetTrace-hotrod-40-spans.json', 'jaeger-api-v3', 40],
    ['tempo/api-traces-v1-response-base64-ids.json', 'tempo-v1', 8],
    ['tempo/trace-by-id-v1-batches.json', 'tempo-v1', 1],
    ['jaeger/legacy-api-transform-response.json', 'jaeger-ui', 2],
    ['jaeger/legacy-ui-trace-element-genai.json', 'jaeger-ui', 57],
  ])('recognises %s as %s with %i spans', (name, format, count) => {
    const decoded = decodeTraceDocument(readFixture(name))
    expect(decoded?.format).toBe(format)
    expect(decoded?.spans).toHaveLength(count)
  })

  it("recognises Tempo v2's { trace } body", () => {
    const batches = (readFixture('tempo/api-traces-v1-response-base64-ids.json') as { batches: unknown })
      .batches
    const decoded = decodeTraceDocument({ trace: { resourceSpans: batches }, status: 'PARTIAL' })
    expect(decoded?.format).toBe('tempo-v2')
    expect(decoded?.spans).toHaveLength(8)
  })

  it('reads the empty TracesData {} as no spans', () => {
    expect(decodeTraceDocument({})).toEqual({ format: 'otlp', spans: [], skipped: [] })
  })

  it('adds to a given result', () => {
    const into = { spans: [], skipped: ['earlier'] }
    decodeTraceDocument(readFixture('tempo/trace-by-id-v1-batches.json'), into)
    expect(into.spans).toHaveLength(1)
    expect(into.skipped).toEqual(['earlier'])
  })

  it.each([
    [{ error: { httpCode: 404, message: 'No traces found' } }],
    [{ data: ['frontend', 'driver'], total: 2 }],
    [{ data: null, errors: [{ code: 400, msg: 'bad' }] }],
    [readFixture('tempo/api-search-response-istio-bookinfo.json')],
    [[]],
    ['text'],
    [null],
  ])('rejects a document that is not traces: %j', (doc) => {
    expect(decodeTraceDocument(doc)).toBeUndefined()
    expect(detectTraceDocumentFormat(doc)).toBeUndefined()
  })
})
