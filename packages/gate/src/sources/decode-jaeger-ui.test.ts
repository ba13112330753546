import { describe, expect, it } from 'vitest'
import type { SpanRecord } from '../types.ts'
import { decodeJaegerUiTraces } from './decode-jaeger-ui.ts'
import { decodeResourceSpans } from './decode-otlp.ts'
import { readFixture } from './recorded-responses.fixture.ts'

function byName(spans: readonly SpanRecord[], name: string): SpanRecord[] {
  return spans.filter((span) => span.name === name)
}

describe('decodeJaegerUiTraces on recorded Jaeger UI traces', () => {
  it('decodes the converter fixture ui_01: tag types, references, logs, 64-bit trace ids', () => {
    const { spans, skipped } = decodeJaegerUiTraces(readFixture('jaeger/legacy-ui-trace-element.json'))
    expect(skipped).toEqual([])
    expect(spans.map((span) => [span.spanId, span.parentSpanId])).toEqual([
      ['0000000000000002', undefined],
      ['0000000000000002', undefined],
      ['0000000000000003', '0000000000000002'],
      // Its first reference points into trace ff: the parent is the first one in its own trace.
      ['0000000000000004', '0000000000000002'],
      ['0000000000000005', '0000000000000004'],
    ])
    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set(['00000000000000000000000000000001']))

    const [withLogs, tagged] = spans
    expect(withLogs?.events).toEqual([
      { name: 'some-event', timeUnixMs: 1485467191639.875, attributes: {} },
      { name: '', timeUnixMs: 1485467191639.875, attributes: { x: 'y' } },
    ])
    expect(withLogs?.resource).toEqual({ 'service.name': 'service-x' })
    expect(tagged?.attributes).toEqual({
      'peer.service': 'service-y',
      'peer.ipv4': 23456,
      temperature: 72.5,
      javascript_limit: '9223372036854775222',
      blob: 'AAAwOQ==',
    })
    expect(tagged?.status).toEqual({ code: 2 })
    expect(tagged?.startTimeUnixMs).toBe(1485467191639.875)
    expect(tagged?.durationMs).toBe(0.005)
    expect(spans[2]?.resource).toEqual({ 'service.name': 'service-y' })
  })

  it('decodes the 57-span GenAI trace: kinds from span.kind, the error tag, GenAI attributes', () => {
    const { spans, skipped } = decodeJaegerUiTraces(readFixture('jaeger/legacy-ui-trace-element-genai.json'))
    expect(skipped).toEqual([])
    expect(spans).toHaveLength(57)
    expect(spans.filter((span) => span.kind === 3)).toHaveLength(19)
    expect(spans.filter((span) => span.kind === 2)).toHaveLength(30)
    expect(spans.filter((span) => span.kind === 1)).toHaveLength(8)
    expect(spans.filter((span) => span.parentSpanId === undefined).map((span) => span.spanId)).toEqual([
      '0000000000000001',
    ])
    expect(spans.filter((span) => span.resource['service.name'] === 'coding-agent')).toHaveLength(19)

    const root = spans[0]
    expect(root).toMatchObject({
      traceId: '4a1b2c3d4e5f60718293a4b5c6d7e8f9',
      name: 'POST /api/graphql',
      startTimeUnixMs: 1770000000001,
      durationMs: 44000,
      resource: { 'service.name': 'api-edge' },
    })
    expect(root?.attributes).toEqual({
      'http.request.method': 'POST',
      'http.route': '/api/graphql',
      'http.response.status_code': 200,
    })

    const failed = spans.filter((span) => span.status.code === 2)
    expect(failed.map((span) => [span.spanId, span.name, span.parentSpanId])).toEqual([
      ['0000000000000011', 'GET /api/v1/pods', '000000000000000f'],
    ])
    expect(failed[0]?.attributes.error).toBeUndefined()

    const chats = byName(spans, 'chat model-a')
    expect(chats.length).toBeGreaterThan(0)
    expect(chats[0]?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'example-ai',
      'gen_ai.usage.input_tokens': 1840,
      'gen_ai.usage.output_tokens': 260,
      'gen_ai.usage.cache_read.input_tokens': 920,
    })
    expect(chats[0]?.attributes['span.kind']).toBeUndefined()
  })

  it('decodes the legacy API envelope to what the OTLP request it came from decodes to', () => {
    const legacy = decodeJaegerUiTraces(readFixture('jaeger/legacy-api-transform-response.json'))
    const request = readFixture('jaeger/legacy-api-transform-request.otlp.json') as { resourceSpans: unknown }
    const otlp = decodeResourceSpans(request.resourceSpans)
    expect(legacy.spans).toHaveLength(2)
    for (const [index, span] of legacy.spans.entries()) {
      const expected = otlp.spans[index]
      expect(span).toMatchObject({
        traceId: expected?.traceId,
        spanId: expected?.spanId,
        parentSpanId: expected?.parentSpanId,
        name: expected?.name,
        kind: expected?.kind,
        startTimeUnixMs: expected?.startTimeUnixMs,
        durationMs: expected?.durationMs,
        status: expected?.status,
        resource: expected?.resource,
      })
      // Jaeger adds the scope name as a tag; the span's own attributes are all there.
      expect(span.attributes).toEqual({ ...expected?.attributes, 'otel.scope.name': 'telemetrygen' })
    }
  })
})

describe('decodeJaegerUiTraces on edge cases', () => {
  const trace = (span: Record<string, unknown>): unknown => ({
    data: [
      {
        traceID: '83a9efd15c1c98a977e0711cc93ee28b',
        spans: [
          {
            spanID: 'e127af99e3b3e074',
            operationName: 'op',
            startTime: 1706678909209712,
            duration: 123,
            ...span,
          },
        ],
        processes: { p1: { serviceName: 'svc', tags: [{ key: 'host.name', type: 'string', value: 'h1' }] } },
      },
    ],
  })

  it('maps otel.status_code and otel.status_description to the status, and drops those tags', () => {
    const { spans } = decodeJaegerUiTraces(
      trace({
        processID: 'p1',
        tags: [
          { key: 'otel.status_code', type: 'string', value: 'ERROR' },
          { key: 'otel.status_description', type: 'string', value: 'timeout' },
          { key: 'span.kind', type: 'string', value: 'producer' },
        ],
      }),
    )
    expect(spans[0]).toMatchObject({
      kind: 4,
      status: { code: 2, message: 'timeout' },
      attributes: {},
      resource: { 'host.name': 'h1', 'service.name': 'svc' },
    })
    expect(
      decodeJaegerUiTraces(trace({ tags: [{ key: 'otel.status_code', value: 'OK' }] })).spans[0]?.status,
    ).toEqual({
      code: 1,
    })
  })

  it('takes the trace id from the trace when the span has none, and reads microseconds sent as strings', () => {
    const { spans } = decodeJaegerUiTraces(trace({ startTime: '1706678909209712', duration: '1500' }))
    expect(spans[0]).toMatchObject({
      traceId: '83a9efd15c1c98a977e0711cc93ee28b',
      startTimeUnixMs: 1706678909209.712,
      durationMs: 1.5,
    })
  })

  it('skips spans without an id or with bad times, with a reason', () => {
    expect(decodeJaegerUiTraces(trace({ spanID: '' })).skipped).toEqual(['spanID "" is not a hex id'])
    expect(decodeJaegerUiTraces(trace({ startTime: -5 })).skipped).toHaveLength(1)
    expect(decodeJaegerUiTraces(trace({ duration: 1.5 })).skipped).toHaveLength(1)
    expect(decodeJaegerUiTraces({ data: [] })).toEqual({ spans: [], skipped: [] })
  })
})
