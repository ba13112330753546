import { describe, expect, it } from 'vitest'
import type { AttributeValue, SpanRecord } from '../types.ts'
import { matchesQuery, resolveWindow } from './span-filter.ts'

function spanAt(startTimeUnixMs: number, featureFlagKey?: AttributeValue): SpanRecord {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    parentSpanId: undefined,
    name: 'chat',
    kind: 3,
    startTimeUnixMs,
    durationMs: 1,
    attributes: featureFlagKey === undefined ? {} : { 'feature_flag.key': featureFlagKey },
    events: [],
    status: { code: 0 },
    resource: {},
  }
}

describe('resolveWindow', () => {
  it('defaults the end to now', () => {
    expect(resolveWindow({ experiment: 'e', since: new Date(1_000) }, 5_000)).toEqual({
      experiment: 'e',
      sinceMs: 1_000,
      untilMs: 5_000,
    })
    expect(
      resolveWindow({ experiment: 'e', since: new Date(1_000), until: new Date(2_000) }, 5_000).untilMs,
    ).toBe(2_000)
  })
})

describe('matchesQuery', () => {
  const window = { experiment: 'exp-1', sinceMs: 1_000, untilMs: 2_000 }

  it('keeps spans starting in [since, until)', () => {
    expect(matchesQuery(spanAt(1_000), window)).toBe(true)
    expect(matchesQuery(spanAt(1_999.999), window)).toBe(true)
    expect(matchesQuery(spanAt(999.999), window)).toBe(false)
    expect(matchesQuery(spanAt(2_000), window)).toBe(false)
  })

  it("keeps the experiment's spans and spans without the key, drops other experiments", () => {
    expect(matchesQuery(spanAt(1_500, 'exp-1'), window)).toBe(true)
    expect(matchesQuery(spanAt(1_500), window)).toBe(true)
    expect(matchesQuery(spanAt(1_500, 'exp-2'), window)).toBe(false)
    expect(matchesQuery(spanAt(1_500, null), window)).toBe(false)
  })
})
