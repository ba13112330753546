import { describe, expect, it } from 'vitest'
import type { SpanRecord } from '../types.ts'
import { decodeResourceSpans } from './decode-otlp.ts'
import { decodeSpanKind } from './decode-otlp-span.ts'
import { readFixture, readFixtureText } from './recorded-responses.fixture.ts'

type Doc = Record<string, unknown> & { result?: { resourceSpans?: unknown }; trace?: unknown }

const load = (name: string): Doc => readFixture(name) as Doc

function byId(spans: readonly SpanRecord[], spanId: string): SpanRecord {
  const span = spans.find((candidate) => candidate.spanId === spanId)
  if (span === undefined) throw new Error(`no span ${spanId}`)
  return span
}

describe('decodeResourceSpans on recorded OTLP/JSON', () => {
  it('decodes the opentelemetry-proto example: upper-case hex ids, string times, kind 2', () => {
    const { spans, skipped } = decodeResourceSpans(
      load('otlp/opentelemetry-proto-examples-trace.json').resourceSpans,
    )
    expect(skipped).toEqual([])
    expect(spans).toEqual([
      {
        traceId: '5b8efff798038103d269b633813fc60c',
        spanId: 'eee19b7ec3c1b174',
        parentSpanId: 'eee19b7ec3c1b173',
        name: "I'm a server span",
        kind: 2,
        startTimeUnixMs: 1544712660000,
        durationMs: 1000,
        attributes: { 'my.span.attr': 'some value' },
        events: [],
        status: { code: 0 },
        resource: { 'service.name': 'my.service' },
      },
    ])
  })

  it('decodes the 40-span HotROD trace captured from Jaeger api_v3', () => {
    const { spans, skipped } = decodeResourceSpans(
      load('jaeger/apiv3-GetTrace-hotrod-40-spans.json').result?.resourceSpans,
    )
    expect(skipped).toEqual([])
    expect(spans).toHaveLength(40)
    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set(['2ea75461946a7dd10f2c15ab36a076cb']))
    expect(spans.filter((span) => span.kind === 2)).toHaveLength(13)
    expect(spans.filter((span) => span.kind === 3)).toHaveLength(27)
    expect(spans.filter((span) => span.parentSpanId === undefined).map((span) => span.spanId)).toEqual([
      'c8d93156b47cd010',
    ])

    const root = byId(spans, 'c8d93156b47cd010')
    expect(root).toMatchObject({ name: 'GET /dispatch', kind: 2, resource: { 'service.name': 'frontend' } })
    expect(root.events).toHaveLength(17)
    expect(root.events[0]).toEqual({
      name: 'Dispatch successful',
      timeUnixMs: 1782036645332.989,
      attributes: { driver: 'T724621C', eta: '2m0s', level: 'info' },
    })

    const client = byId(spans, '9082d67808fc8870')
    expect(client.parentSpanId).toBe('c8d93156b47cd010')
    expect(client.durationMs).toBe(261.558454)
    expect(client.attributes['http.response.status_code']).toBe(200)
    expect(client.attributes['server.port']).toBe(8081)

    const errors = spans.filter((span) => span.status.code === 2)
    expect(errors.map((span) => span.spanId).sort()).toEqual([
      '07ec899a462aa19a',
      '515f970d6a704d52',
      '86be964c30cd8888',
    ])
    expect(errors[0]?.status.message).toBe('An error occurred')
    expect(byId(spans, '515f970d6a704d52').resource['service.name']).toBe('redis-manual')
    expect(byId(spans, '515f970d6a704d52').events.map((event) => event.name)).toEqual([
      'exception',
      'redis timeout',
    ])
  })

  it('reads the empty parentSpanId of Jaeger v1.60 as a root, and a uint64 time above 2^63', () => {
    const { spans } = decodeResourceSpans(load('jaeger/apiv3-GetTrace-v1.60.0.json').result?.resourceSpans)
    expect(spans).toHaveLength(1)
    expect(spans[0]).toMatchObject({
      traceId: '000000000000009600000000000000a0',
      spanId: '00000000000000b4',
      parentSpanId: undefined,
      kind: 2,
      durationMs: 0,
      status: { code: 2 },
    })
    expect(spans[0]?.startTimeUnixMs).toBeCloseTo(11651379494838.2, 1)
  })

  it('decodes the api_v3 GetTrace and FindTraces snapshots, whose span has no times (proto3 zero)', () => {
    for (const name of ['jaeger/apiv3-GetTrace.json', 'jaeger/apiv3-FindTraces.json']) {
      const { spans } = decodeResourceSpans(load(name).result?.resourceSpans)
      expect(spans).toEqual([
        expect.objectContaining({
          traceId: '00000000000000000000000000000001',
          spanId: '0000000000000002',
          name: 'foobar',
          kind: 2,
          startTimeUnixMs: 0,
          durationMs: 0,
          status: { code: 2 },
          resource: {},
        }),
      ])
    }
  })

  it('decodes the Jaeger 2.21 wire probe: events, status forms, and the same spans as the request sent', () => {
    const response = decodeResourceSpans(
      load('jaeger/apiv3-GetTrace-wire-probe-2.21.0.json').result?.resourceSpans,
    )
    expect(response.spans.map((span) => [span.name, span.kind, span.status])).toEqual([
      ['root-with-any-values', 0, { code: 2, message: 'probe error status' }],
      ['unset-kind-and-status', 0, { code: 0 }],
      ['numeric-kind-and-status', 2, { code: 1 }],
    ])
    expect(response.spans[0]?.events).toEqual([
      { name: 'retry', timeUnixMs: 1786934400000.5, attributes: { attempt: 1 } },
    ])
    expect(response.spans[0]?.durationMs).toBe(1)
    expect(response.spans[1]?.parentSpanId).toBe('0123456789abcdef')
    // Jaeger sorts attributes and adds `status: {}`; decoded, request and response are the same.
    const request = decodeResourceSpans(load('jaeger/apiv3-wire-probe-request.otlp.json').resourceSpans)
    expect(response.spans).toEqual(request.spans)
  })

  it('decodes the GenAI agent trace whose intValue numbers are JSON numbers', () => {
    const { spans } = decodeResourceSpans(load('otlp/genai-agent-trace.json').resourceSpans)
    expect(spans).toHaveLength(8)
    const chat = byId(spans, '2222222222222222')
    expect(chat).toMatchObject({
      name: 'chat meta-llama/Llama-3.1-8B-Instruct',
      parentSpanId: '1111111111111111',
      kind: 1,
      startTimeUnixMs: 1746700001000,
      durationMs: 2500,
      resource: { 'service.name': 'incident-response-agent', 'service.version': '0.1.0' },
    })
    expect(chat.attributes).toMatchObject({
      'gen_ai.system': 'huggingface',
      'gen_ai.usage.input_tokens': 312,
      'gen_ai.usage.output_tokens': 128,
      'gen_ai.request.max_tokens': 512,
      'gen_ai.request.temperature': 0.3,
    })
    expect(byId(spans, '1111111111111111').attributes['agent.step']).toBe(1)
  })

  it('decodes the Jaeger memory-store traces: several resources and scopes, bytes, kinds 2 to 5', () => {
    const { spans } = decodeResourceSpans(load('otlp/jaeger-memory-otel_traces_01.json').resourceSpans)
    expect(spans.map((span) => [span.spanId, span.kind, span.status.code])).toEqual([
      ['0000000000000002', 2, 2],
      ['0000000000000003', 3, 2],
      ['0000000000000004', 4, 2],
      ['0000000000000005', 5, 2],
    ])
    const first = byId(spans, '0000000000000002')
    expect(first.traceId).toBe('00000000000000010000000000000000')
    expect(first.attributes).toEqual({
      'peer.service': 'service-y',
      'peer.ipv4': 23456,
      blob: 'AAAwOQ==',
      temperature: 72.5,
    })
    expect(first.events.map((event) => event.name)).toEqual(['testing-event', ''])
    expect(first.durationMs).toBe(0.005)
  })

  it('skips the spans of the spec file-exporter example, whose ids are empty, and says why', () => {
    const lines = readFixtureText('otlp/spec-file-exporter-traces.jsonl').split('\n').filter(Boolean)
    expect(lines).toHaveLength(4)
    for (const line of lines) {
      const { spans, skipped } = decodeResourceSpans((JSON.parse(line) as Doc).resourceSpans)
      expect(spans).toEqual([])
      expect(skipped).toEqual(['traceId "" is not a valid id', 'traceId "" is not a valid id'])
    }
  })

  it('decodes Tempo v1 batches with base64 ids and enum names (ids checked with Python base64)', () => {
    const { spans, skipped } = decodeResourceSpans(
      load('tempo/api-traces-v1-response-base64-ids.json').batches,
    )
    expect(skipped).toEqual([])
    expect(spans).toHaveLength(8)
    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set(['3ba55609c3cde49649cd77d1f9dcd936']))
    const root = byId(spans, '49cd77d1f9dcd936')
    expect(root).toMatchObject({
      parentSpanId: undefined,
      kind: 3,
      name: 'productpage.bookinfo.svc.cluster.local:9080/productpage',
      durationMs: 11.932,
      resource: { 'service.name': 'istio-ingressgateway.istio-system' },
    })
    expect(root.attributes['http.status_code']).toBe('200')
    expect(root.attributes['guid:x-request-id']).toBe('e4e8c177-3962-9359-945e-61e7175cd867')
    expect(byId(spans, '84756b1dab0856fa')).toMatchObject({ parentSpanId: '49cd77d1f9dcd936', kind: 2 })
    expect(byId(spans, 'd23de5feae19a76d').kind).toBe(2)
  })

  it("decodes Tempo's own v1 test input with upper-case hex ids", () => {
    const { spans } = decodeResourceSpans(load('tempo/trace-by-id-v1-batches.json').batches)
    expect(spans.map((span) => [span.traceId, span.spanId, span.parentSpanId])).toEqual([
      ['5b8efff798038103d269b633813fc60c', 'eee19b7ec3c1b174', 'eee19b7ec3c1b173'],
    ])
  })
})

describe('decodeResourceSpans on edge cases', () => {
  const span = (fields: Record<string, unknown>): unknown => ({
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000250000000',
    ...fields,
  })

  it('reads the very old instrumentationLibrarySpans and ignores unknown fields', () => {
    const { spans } = decodeResourceSpans([
      {
        instrumentationLibrarySpans: [
          { instrumentationLibrary: { name: 'old' }, spans: [span({ extra: 1 })] },
        ],
      },
    ])
    expect(spans).toHaveLength(1)
    expect(spans[0]?.durationMs).toBe(250)
  })

  it('skips malformed spans with a reason and keeps the good ones', () => {
    const { spans, skipped } = decodeResourceSpans([
      {
        scopeSpans: [
          {
            spans: [
              span({ spanId: '' }),
              span({ traceId: undefined }),
              span({ startTimeUnixNano: 'soon' }),
              span({ endTimeUnixNano: '1699999999000000000' }),
              'not a span',
              span({ parentSpanId: '' }),
            ],
          },
        ],
      },
      'not a resource',
    ])
    expect(spans).toHaveLength(1)
    expect(spans[0]?.parentSpanId).toBeUndefined()
    expect(skipped).toEqual([
      'spanId "" is not a valid id',
      'traceId undefined is not a valid id',
      'span b7ad6b7169203331 has times "soon".."1700000000250000000" that are not unsigned integers',
      'span b7ad6b7169203331 ends before it starts',
      'the span is not an object',
    ])
  })

  it('reads kinds and statuses as integers or enum names, and an event with a bad time is dropped', () => {
    const { spans } = decodeResourceSpans([
      {
        scopeSpans: [
          {
            spans: [
              span({
                kind: 'SPAN_KIND_PRODUCER',
                status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
                events: [
                  { timeUnixNano: 'x', name: 'bad' },
                  { timeUnixNano: 1700000000000000000, name: 'ok' },
                ],
              }),
              span({ kind: 9, status: { code: 'STATUS_CODE_OK', message: '' } }),
            ],
          },
        ],
      },
    ])
    expect(spans.map((decoded) => [decoded.kind, decoded.status])).toEqual([
      [4, { code: 2, message: 'boom' }],
      [0, { code: 1 }],
    ])
    expect(spans[0]?.events.map((event) => event.name)).toEqual(['ok'])
    expect(decodeSpanKind('SPAN_KIND_CONSUMER')).toBe(5)
  })
})
