import { afterEach, describe, expect, it } from 'vitest'
import type { SpanQuery } from '../types.ts'
import type { RecordedRequest, TestReply, TestServer } from './backend-server.fixture.ts'
import { startTestServer } from './backend-server.fixture.ts'
import { openTraceSource } from './open-source.ts'
import type { TestSpan } from './read-all.fixture.ts'
import { buildTracesData, collectBatches, hexId } from './read-all.fixture.ts'
import { readFixtureText } from './recorded-responses.fixture.ts'
import type { TraceSourceOptions } from './source-options.ts'

/** Start of the recorded HotROD trace (its root span), epoch ms. */
const HOTROD_START_MS = 1782036644630
const NO_TRACES: TestReply = { status: 404, body: '{"error":{"httpCode":404,"message":"No traces found"}}\n' }
const NO_ROUTE: TestReply = { status: 404, body: '404 page not found\n' }

let server: TestServer | undefined
let warnings: string[] = []

afterEach(async () => {
  await server?.close()
  server = undefined
  warnings = []
})

async function serve(handler: (request: RecordedRequest) => TestReply): Promise<TestServer> {
  server = await startTestServer(handler)
  return server
}

function spansOf(spec: string, query: SpanQuery, options: TraceSourceOptions = {}) {
  const source = openTraceSource(spec, {
    onWarning: (message) => warnings.push(message),
    retries: 0,
    ...options,
  })
  return collectBatches(source, query).then((batches) => batches.flat())
}

const around = (startMs: number, marginMs = 60_000): SpanQuery => ({
  experiment: 'exp-1',
  since: new Date(startMs - marginMs),
  until: new Date(startMs + marginMs),
  serviceName: 'frontend',
})

/** An api_v3 server over synthetic spans that honours the time range and `num_traces`, not attributes. */
function apiV3Over(spans: readonly TestSpan[]): (request: RecordedRequest) => TestReply {
  return (request) => {
    if (request.path !== '/api/v3/traces') return NO_ROUTE
    const minMs = Date.parse(request.query.get('query.start_time_min') ?? '')
    const maxMs = Date.parse(request.query.get('query.start_time_max') ?? '')
    const limit = Number(request.query.get('query.num_traces'))
    const found = spans.filter((span) => span.startMs >= minMs && span.startMs <= maxMs).slice(0, limit)
    return found.length === 0 ? NO_TRACES : { body: { result: buildTracesData(found) } }
  }
}

describe('jaeger: source over api_v3', () => {
  it('reads the recorded HotROD trace and sends the snake_case search', async () => {
    const { url, requests } = await serve((request) =>
      request.path === '/api/v3/traces'
        ? { body: readFixtureText('jaeger/apiv3-GetTrace-hotrod-40-spans.json') }
        : NO_ROUTE,
    )
    const spans = await spansOf(`jaeger:${url}`, around(HOTROD_START_MS), { searchLimit: 20 })
    expect(spans).toHaveLength(40)
    expect(spans.find((span) => span.parentSpanId === undefined)?.name).toBe('GET /dispatch')
    expect(requests).toHaveLength(1)
    expect(Object.fromEntries(requests[0]?.query ?? [])).toEqual({
      'query.service_name': 'frontend',
      'query.start_time_min': new Date(HOTROD_START_MS - 60_000).toISOString(),
      'query.start_time_max': new Date(HOTROD_START_MS + 60_000).toISOString(),
      'query.num_traces': '20',
      'query.attributes': '{"feature_flag.key":"exp-1"}',
    })
  })

  it("reads api_v3's 404 No traces found as no spans, without falling back", async () => {
    const { url, requests } = await serve(() => NO_TRACES)
    expect(await spansOf(`jaeger:${url}`, around(HOTROD_START_MS))).toEqual([])
    expect(requests.map((request) => request.path)).toEqual(['/api/v3/traces'])
  })

  it('filters on the client what an old server did not: other experiments and times out of the window', async () => {
    const t0 = Date.parse('2026-05-01T00:00:00Z')
    const spans: TestSpan[] = [
      { traceId: hexId(1, 32), spanId: hexId(1, 16), startMs: t0 + 10, experiment: 'exp-1' },
      { traceId: hexId(1, 32), spanId: hexId(2, 16), startMs: t0 + 20 },
      { traceId: hexId(2, 32), spanId: hexId(3, 16), startMs: t0 + 30, experiment: 'exp-2' },
      { traceId: hexId(1, 32), spanId: hexId(4, 16), startMs: t0 - 10, experiment: 'exp-1' },
    ]
    // The server answers every span of the trace, like Jaeger does, whatever the query.
    const { url } = await serve(() => ({ body: { result: buildTracesData(spans) } }))
    const query = {
      experiment: 'exp-1',
      since: new Date(t0),
      until: new Date(t0 + 1_000),
      serviceName: 'app',
    }
    expect((await spansOf(`jaeger:${url}`, query)).map((span) => span.spanId)).toEqual([
      hexId(1, 16),
      hexId(2, 16),
    ])
  })

  it('splits a truncated slice in halves until each half holds fewer traces than the limit', async () => {
    const t0 = Date.parse('2026-05-01T00:00:00Z')
    const spans = [500, 1_500, 2_500, 3_500].map((offset, n) => ({
      traceId: hexId(n + 1, 32),
      spanId: hexId(n + 1, 16),
      startMs: t0 + offset,
      experiment: 'exp-1',
    }))
    const { url, requests } = await serve(apiV3Over(spans))
    const query = {
      experiment: 'exp-1',
      since: new Date(t0),
      until: new Date(t0 + 4_000),
      serviceName: 'app',
    }
    const found = await spansOf(`jaeger:${url}`, query, { searchLimit: 2, minSliceMs: 1_000 })
    expect(found.map((span) => span.traceId)).toEqual(spans.map((span) => span.traceId))
    const slices = requests.map((request) => [
      Date.parse(request.query.get('query.start_time_min') ?? '') - t0,
      Date.parse(request.query.get('query.start_time_max') ?? '') - t0,
    ])
    expect(slices).toEqual([
      [0, 4_000],
      [0, 2_000],
      [0, 1_000],
      [1_000, 2_000],
      [2_000, 4_000],
      [2_000, 3_000],
      [3_000, 4_000],
    ])
    expect(warnings).toEqual([])
  })

  it('warns when a slice at the minimum length is still full, and yields each trace once', async () => {
    const t0 = Date.parse('2026-05-01T00:00:00Z')
    const spans = [100, 200, 300, 5_000].map((offset, n) => ({
      traceId: hexId(n + 1, 32),
      spanId: hexId(n + 1, 16),
      startMs: t0 + offset,
    }))
    const { url } = await serve(apiV3Over(spans))
    const query = {
      experiment: 'exp-1',
      since: new Date(t0),
      until: new Date(t0 + 8_000),
      serviceName: 'app',
    }
    const found = await spansOf(`jaeger:${url}`, query, { searchLimit: 2, sliceMs: 4_000, minSliceMs: 1_000 })
    expect(found.map((span) => span.spanId)).toEqual([hexId(1, 16), hexId(2, 16), hexId(4, 16)])
    expect(warnings).toEqual([
      `jaeger:${url}: service app has 2 or more traces between 2026-05-01T00:00:00.000Z and ` +
        '2026-05-01T00:00:01.000Z; some may be missing (raise the search limit or narrow the window)',
    ])
  })

  it('lists the services when the query names none', async () => {
    const { url, requests } = await serve((request) =>
      request.path === '/api/v3/services'
        ? { body: readFixtureText('jaeger/apiv3-GetServices.json') }
        : NO_TRACES,
    )
    await spansOf(`jaeger:${url}`, { experiment: 'exp-1', since: new Date(0), until: new Date(1_000) })
    expect(requests.map((request) => [request.path, request.query.get('query.service_name')])).toEqual([
      ['/api/v3/services', null],
      ['/api/v3/traces', 'foo'],
    ])
  })

  it('rejects a 200 body that is not a trace response', async () => {
    const { url } = await serve(() => ({ body: { services: ['x'] } }))
    await expect(spansOf(`jaeger:${url}`, around(HOTROD_START_MS))).rejects.toMatchObject({
      code: 'BACKEND_RESPONSE_INVALID',
    })
  })
})

describe('jaeger: source over the legacy API', () => {
  const legacyOnly =
    (traces: string) =>
    (request: RecordedRequest): TestReply => {
      if (request.path === '/api/services') return { body: { data: ['telemetrygen', 'other'], total: 2 } }
      if (request.path === '/api/traces') return { body: traces }
      return NO_ROUTE
    }
  const transformStartMs = 1706678909209.712

  it('falls back when api_v3 is not served, keeps to it, and drops exact duplicate spans', async () => {
    const { url, requests } = await serve(
      legacyOnly(readFixtureText('jaeger/legacy-api-transform-response.json')),
    )
    const query = {
      experiment: 'exp-1',
      since: new Date(Math.floor(transformStartMs) - 1_000),
      until: new Date(Math.floor(transformStartMs) + 1_000),
      serviceName: 'telemetrygen',
    }
    const spans = await spansOf(`jaeger:${url}`, query, { sliceMs: 1_000 })
    // The recorded response holds the same span twice.
    expect(spans).toHaveLength(1)
    expect(spans[0]).toMatchObject({
      traceId: '83a9efd15c1c98a977e0711cc93ee28b',
      spanId: 'e127af99e3b3e074',
      parentSpanId: '909541b92cf05311',
      kind: 2,
      durationMs: 0.123,
    })
    expect(requests.map((request) => request.path)).toEqual(['/api/v3/traces', '/api/traces', '/api/traces'])
    expect(Object.fromEntries(requests[1]?.query ?? [])).toEqual({
      service: 'telemetrygen',
      start: String((Math.floor(transformStartMs) - 1_000) * 1_000),
      end: String(Math.floor(transformStartMs) * 1_000),
      limit: '500',
      tags: '{"feature_flag.key":"exp-1"}',
    })
  })

  it('falls back on 501 too, lists legacy services, and yields a trace found under two services once', async () => {
    const genai = `{"data":[${readFixtureText('jaeger/legacy-ui-trace-element-genai.json')}]}`
    const { url, requests } = await serve((request) =>
      request.path.startsWith('/api/v3/')
        ? { status: 501, body: 'api_v3 disabled' }
        : legacyOnly(genai)(request),
    )
    const spans = await spansOf(`jaeger:${url}`, {
      experiment: 'exp-1',
      since: new Date('2026-02-02T00:00:00Z'),
      until: new Date('2026-02-03T00:00:00Z'),
    })
    expect(spans).toHaveLength(57)
    const services = requests
      .filter((request) => request.path === '/api/traces')
      .map((r) => r.query.get('service'))
    expect(new Set(services)).toEqual(new Set(['telemetrygen', 'other']))
    expect(requests[0]?.path).toBe('/api/v3/services')
    expect(requests[1]?.path).toBe('/api/services')
  })

  it('passes on errors the legacy API reports inside a 200', async () => {
    const { url } = await serve(legacyOnly('{"data":[],"errors":[{"code":500,"msg":"storage timeout"}]}'))
    expect(await spansOf(`jaeger:${url}`, around(HOTROD_START_MS))).toEqual([])
    expect(warnings).toEqual([`Jaeger reported for ${url}/api/traces: storage timeout`])
  })

  it('says so when neither API is served at the URL', async () => {
    const { url } = await serve(() => NO_ROUTE)
    await expect(spansOf(`jaeger:${url}/wrong`, around(HOTROD_START_MS))).rejects.toMatchObject({
      code: 'BACKEND_REJECTED',
      message: expect.stringMatching(
        /no Jaeger query API at .*\/wrong: neither api_v3 nor \/wrong\/api\/traces is served/,
      ),
    })
  })
})

describe('jaeger: source connection settings', () => {
  it('sends basic auth from the URL, the tenant, and uses the base path', async () => {
    const { url, requests } = await serve(() => NO_TRACES)
    const withUser = url.replace('http://', 'http://reader:s3cret@')
    const source = openTraceSource(`jaeger:${withUser}/jaeger`, { tenant: 'acme' })
    expect(source.description).toBe(`jaeger:${url}/jaeger`)
    await collectBatches(source, around(HOTROD_START_MS))
    expect(requests[0]?.path).toBe('/jaeger/api/v3/traces')
    expect(requests[0]?.headers).toMatchObject({
      authorization: `Basic ${Buffer.from('reader:s3cret').toString('base64')}`,
      'x-tenant': 'acme',
    })
  })

  it('sends a bearer token given as a header', async () => {
    const { url, requests } = await serve(() => NO_TRACES)
    await spansOf(`jaeger:${url}`, around(HOTROD_START_MS), { headers: { Authorization: 'Bearer tok' } })
    expect(requests[0]?.headers.authorization).toBe('Bearer tok')
  })

  it('retries a 503 and then reads the answer', async () => {
    let calls = 0
    const { url } = await serve(() => (++calls === 1 ? { status: 503, body: 'busy' } : NO_TRACES))
    expect(await spansOf(`jaeger:${url}`, around(HOTROD_START_MS), { retries: 2, retryBaseMs: 1 })).toEqual(
      [],
    )
    expect(calls).toBe(2)
  })
})
