import { afterEach, describe, expect, it } from 'vitest'
import type { SpanQuery } from '../types.ts'
import type { RecordedRequest, TestReply, TestServer } from './backend-server.fixture.ts'
import { startTestServer } from './backend-server.fixture.ts'
import { openTraceSource } from './open-source.ts'
import type { TestSpan } from './read-all.fixture.ts'
import { buildTracesData, collectBatches, hexId } from './read-all.fixture.ts'
import { readFixtureText } from './recorded-responses.fixture.ts'
import type { TraceSourceOptions } from './source-options.ts'

const NO_ROUTE: TestReply = { status: 404, body: '404 page not found\n' }
const T0 = Date.parse('2026-05-01T00:00:00Z')

let server: TestServer | undefined
let warnings: string[] = []

afterEach(async () => {
  await server?.close()
  server = undefined
  warnings = []
})

async function serve(
  handler: (request: RecordedRequest) => TestReply | Promise<TestReply>,
): Promise<TestServer> {
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

const window = (sinceMs: number, untilMs: number, experiment = 'exp-1'): SpanQuery => ({
  experiment,
  since: new Date(sinceMs),
  until: new Date(untilMs),
})

/** A Tempo over synthetic one-span traces: search honours start/end (seconds) and limit; v2 by id. */
function tempoOver(spans: readonly TestSpan[]): (request: RecordedRequest) => TestReply {
  return (request) => {
    if (request.path === '/api/search') {
      const startMs = Number(request.query.get('start')) * 1000
      const endMs = Number(request.query.get('end')) * 1000
      const found = spans
        .filter((span) => span.startMs >= startMs && span.startMs < endMs)
        .slice(0, Number(request.query.get('limit')))
      return {
        body: { traces: found.map((span) => ({ traceID: span.traceId.replace(/^0+/, '') })), metrics: {} },
      }
    }
    const traceId = /^\/api\/v2\/traces\/([0-9a-f]{32})$/.exec(request.path)?.[1]
    const trace = spans.filter((span) => span.traceId === traceId)
    return trace.length === 0
      ? { status: 404, body: 'trace not found' }
      : { body: { trace: buildTracesData(trace) } }
  }
}

describe('tempo: source', () => {
  it('searches, pads the trimmed trace id, falls back to v1 by id, and decodes base64 ids', async () => {
    const { url, requests } = await serve((request) => {
      if (request.path === '/api/search') {
        return { body: readFixtureText('tempo/api-search-response-ambient-trimmed-traceid.json') }
      }
      if (request.path.startsWith('/api/traces/')) {
        return { body: readFixtureText('tempo/api-traces-v1-response-base64-ids.json') }
      }
      return NO_ROUTE
    })
    const startMs = 1701779876570
    const spans = await spansOf(`tempo:${url}`, window(startMs - 1_000, startMs + 1_000))
    expect(spans).toHaveLength(8)
    expect(spans.find((span) => span.parentSpanId === undefined)).toMatchObject({
      traceId: '3ba55609c3cde49649cd77d1f9dcd936',
      spanId: '49cd77d1f9dcd936',
      kind: 3,
    })
    expect(requests.map((request) => request.path)).toEqual([
      '/api/search',
      '/api/v2/traces/02e299711ce47710289dc6640727404f',
      '/api/traces/02e299711ce47710289dc6640727404f',
    ])
  })

  it('sends the TraceQL filter with the experiment escaped, epoch seconds, limit and spss', async () => {
    const { url, requests } = await serve(() => ({ body: { metrics: { inspectedBytes: '0' } } }))
    await spansOf(
      `tempo:${url}`,
      { ...window(T0 + 250, T0 + 10_750, 'exp "1"'), serviceName: 'api' },
      {
        searchLimit: 50,
      },
    )
    expect(Object.fromEntries(requests[0]?.query ?? [])).toEqual({
      q: '{ resource.service.name = "api" && span.feature_flag.key = "exp \\"1\\"" }',
      start: String(T0 / 1000),
      end: String(T0 / 1000 + 11),
      limit: '50',
      spss: '1',
    })
  })

  it('fetches at most 4 traces at once and filters their spans on the client', async () => {
    const spans: TestSpan[] = Array.from({ length: 10 }, (_, n) => ({
      traceId: hexId(n + 1, 32),
      spanId: hexId(n + 1, 16),
      startMs: T0 + 100 * n,
      experiment: n === 9 ? 'exp-2' : 'exp-1',
    }))
    const handler = tempoOver(spans)
    const { url, load } = await serve(async (request) => {
      if (request.path.startsWith('/api/v2/')) await new Promise((resolve) => setTimeout(resolve, 15))
      return handler(request)
    })
    const found = await spansOf(`tempo:${url}`, window(T0, T0 + 5_000))
    expect(found.map((span) => span.spanId)).toEqual(spans.slice(0, 9).map((span) => span.spanId))
    expect(load.max).toBe(4)
  })

  it('splits a search that came back full, down to whole seconds', async () => {
    const spans: TestSpan[] = [500, 1_500, 2_500, 3_500].map((offset, n) => ({
      traceId: hexId(n + 1, 32),
      spanId: hexId(n + 1, 16),
      startMs: T0 + offset,
    }))
    const { url, requests } = await serve(tempoOver(spans))
    const found = await spansOf(`tempo:${url}`, window(T0, T0 + 4_000), { searchLimit: 2, minSliceMs: 1 })
    expect(found.map((span) => span.spanId)).toEqual(spans.map((span) => span.spanId))
    const searches = requests
      .filter((request) => request.path === '/api/search')
      .map((request) => [
        Number(request.query.get('start')) - T0 / 1000,
        Number(request.query.get('end')) - T0 / 1000,
      ])
    expect(searches).toEqual([
      [0, 4],
      [0, 2],
      [0, 1],
      [1, 2],
      [2, 4],
      [2, 3],
      [3, 4],
    ])
  })

  it("lowers the limit to Tempo's maximum when it says the limit is too high", async () => {
    const { url, requests } = await serve((request) =>
      Number(request.query.get('limit')) > 100
        ? { status: 400, body: 'limit 500 exceeds max limit 100' }
        : { body: { traces: [] } },
    )
    await spansOf(`tempo:${url}`, window(T0, T0 + 1_000))
    expect(requests.map((request) => request.query.get('limit'))).toEqual(['500', '100'])
  })

  it('rejects another 400 with its plain-text message', async () => {
    const { url } = await serve(() => ({
      status: 400,
      body: 'range specified by start and end exceeds 168h0m0s',
    }))
    await expect(spansOf(`tempo:${url}`, window(T0, T0 + 1_000))).rejects.toMatchObject({
      code: 'BACKEND_REJECTED',
      message: expect.stringContaining('exceeds 168h0m0s'),
    })
  })

  it('warns about a trace that cannot be fetched and about a partial one', async () => {
    const spans: TestSpan[] = [1, 2].map((n) => ({
      traceId: hexId(n, 32),
      spanId: hexId(n, 16),
      startMs: T0 + n,
    }))
    const { url } = await serve((request) => {
      if (request.path === '/api/search') {
        return { body: { traces: [{ traceID: hexId(1, 32) }, { traceID: hexId(2, 32) }] } }
      }
      if (request.path === `/api/v2/traces/${hexId(2, 32)}`) {
        return { body: { trace: buildTracesData(spans.slice(1)), status: 'PARTIAL', message: 'too big' } }
      }
      return { status: 404, body: '' }
    })
    const found = await spansOf(`tempo:${url}`, window(T0, T0 + 1_000))
    expect(found.map((span) => span.spanId)).toEqual([hexId(2, 16)])
    expect(warnings).toEqual([
      `tempo:${url}: trace ${hexId(1, 32)} was found by the search but could not be fetched`,
      `tempo:${url}: trace ${hexId(2, 32)} is partial (Tempo truncated it)`,
    ])
  })

  it('sends X-Scope-OrgID and basic auth from the URL, under the base path', async () => {
    const { url, requests } = await serve(() => ({ body: { traces: [] } }))
    const withUser = url.replace('http://', 'http://12345:glc_token@')
    const source = openTraceSource(`tempo:${withUser}/tempo`, { tenant: 'team-a' })
    expect(source.description).toBe(`tempo:${url}/tempo`)
    await collectBatches(source, window(T0, T0 + 1_000))
    expect(requests[0]?.path).toBe('/tempo/api/search')
    expect(requests[0]?.headers).toMatchObject({
      authorization: `Basic ${Buffer.from('12345:glc_token').toString('base64')}`,
      'x-scope-orgid': 'team-a',
    })
  })
})
