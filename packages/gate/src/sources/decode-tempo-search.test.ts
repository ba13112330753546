import { describe, expect, it } from 'vitest'
import { decodeTempoSearch } from './decode-tempo-search.ts'
import { readFixture } from './recorded-responses.fixture.ts'

describe('decodeTempoSearch', () => {
  it('reads the trace of the Istio bookinfo search captured by Kiali', () => {
    expect(decodeTempoSearch(readFixture('tempo/api-search-response-istio-bookinfo.json'))).toEqual({
      hits: [{ traceId: '100cb753c787ed5657c8d88dafc176ed', startTimeUnixMs: 1701778055570.888 }],
      skipped: [],
    })
  })

  it('left-pads the 31-character trace id Tempo trimmed', () => {
    const result = decodeTempoSearch(readFixture('tempo/api-search-response-ambient-trimmed-traceid.json'))
    expect(result?.hits).toEqual([
      { traceId: '02e299711ce47710289dc6640727404f', startTimeUnixMs: 1736952956641.922 },
    ])
  })

  it('reads a response without traces as no hits (Tempo omits empty fields)', () => {
    expect(decodeTempoSearch({ metrics: { inspectedBytes: '0' } })).toEqual({ hits: [], skipped: [] })
  })

  it('skips entries without a hex trace id and rejects what is not a search response', () => {
    expect(decodeTempoSearch({ traces: [{ traceID: 'xyz' }, 'oops'] })?.skipped).toEqual([
      'traceID "xyz" is not a hex id',
      'traceID "oops" is not a hex id',
    ])
    expect(decodeTempoSearch({ traces: 'none' })).toBeUndefined()
    expect(decodeTempoSearch('traces')).toBeUndefined()
  })
})
