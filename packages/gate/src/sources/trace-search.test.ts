import { ATTR_FEATURE_FLAG_KEY } from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import { buildSyntheticSpan } from '../analysis/synthetic-spans.fixture.ts'
import type { SpanRecord } from '../types.ts'
import { parseBackendUrl } from './backend-url.ts'
import { hexId } from './read-all.fixture.ts'
import { resolveSourceOptions } from './source-options.ts'
import { TraceSearch } from './trace-search.ts'

const START_MS = Date.UTC(2026, 4, 1)
const endpoint = parseBackendUrl('jaeger', 'http://127.0.0.1:16686', { tenantHeader: 'x-tenant' })

function setUp(sliceMs = 60_000) {
  const warnings: string[] = []
  const options = resolveSourceOptions({ sliceMs, minSliceMs: 1_000, onWarning: (m) => warnings.push(m) })
  const query = { experiment: 'exp-1', since: new Date(START_MS), until: new Date(START_MS + 120_000) }
  return { warnings, search: new TraceSearch(endpoint, query, options) }
}

const spanAt = (n: number, startMs: number, experiment = 'exp-1'): SpanRecord =>
  buildSyntheticSpan({
    traceId: hexId(1, 32),
    spanId: hexId(n, 16),
    parentSpanId: undefined,
    name: 'chat m',
    startMs,
    durationMs: 10,
    attributes: { [ATTR_FEATURE_FLAG_KEY]: experiment },
    failed: false,
  })

async function drain<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

describe('TraceSearch', () => {
  it('searches the window in slices, halving a full one, and warns once one at the shortest length is still full', async () => {
    const { warnings, search } = setUp()
    const searched: number[] = []
    const found = await drain(
      search.slices({
        minSliceMs: 30_000,
        limit: 5,
        service: 'app',
        search: async (slice) => {
          searched.push(slice.endMs - slice.startMs)
          return { result: slice.startMs, skipped: [], truncated: slice.startMs === START_MS }
        },
      }),
    )
    expect(searched).toEqual([60_000, 30_000, 30_000, 60_000])
    expect(found).toEqual([START_MS, START_MS + 30_000, START_MS + 60_000])
    expect(warnings).toEqual([
      `jaeger:http://127.0.0.1:16686: service app has 5 or more traces between ${new Date(START_MS).toISOString()} ` +
        `and ${new Date(START_MS + 30_000).toISOString()}; some may be missing (raise the search limit or narrow the window)`,
    ])
  })

  it('names no service when the backend searches them all at once', async () => {
    const { warnings, search } = setUp(120_000)
    await drain(
      search.slices({
        minSliceMs: 120_000,
        limit: 3,
        search: async () => ({ result: 0, skipped: [], truncated: true }),
      }),
    )
    expect(warnings[0]).toMatch(/^jaeger:http:\/\/127\.0\.0\.1:16686: 3 or more traces between /)
  })

  it('keeps a trace once, and its spans once, inside the window and the experiment', () => {
    const { search } = setUp()
    expect(search.firstSight('a')).toBe(true)
    expect(search.firstSight('a')).toBe(false)
    expect(search.firstSight('b')).toBe(true)
    const inside = spanAt(1, START_MS + 1_000)
    const kept = search.keep([
      inside,
      inside,
      spanAt(2, START_MS - 1),
      spanAt(3, START_MS + 120_000),
      spanAt(4, START_MS + 2_000, 'exp-2'),
    ])
    expect(kept).toEqual([inside])
  })

  it('reports the spans skipped by every response, in slices and fetched, as one warning at the end', async () => {
    const { warnings, search } = setUp(120_000)
    await drain(
      search.slices({
        minSliceMs: 1_000,
        limit: 10,
        search: async () => ({ result: 0, skipped: ['spanId "" is not a valid id'], truncated: false }),
      }),
    )
    search.keep([], ['traceId "x" is not a valid id', 'no name'])
    expect(warnings).toEqual([])
    search.finish()
    expect(warnings).toEqual([
      'jaeger:http://127.0.0.1:16686: skipped 3 spans that could not be decoded (first: spanId "" is not a valid id)',
    ])
  })

  it('says nothing at the end when no span was skipped', () => {
    const { warnings, search } = setUp()
    search.finish()
    expect(warnings).toEqual([])
  })
})
