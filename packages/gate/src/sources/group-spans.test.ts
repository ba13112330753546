import { describe, expect, it } from 'vitest'
import type { SpanRecord } from '../types.ts'
import { dedupeSpans, groupByTrace } from './group-spans.ts'

function span(traceId: string, spanId: string, name = 'op', startTimeUnixMs = 1): SpanRecord {
  return {
    traceId,
    spanId,
    parentSpanId: undefined,
    name,
    kind: 0,
    startTimeUnixMs,
    durationMs: 1,
    attributes: {},
    events: [],
    status: { code: 0 },
    resource: {},
  }
}

describe('dedupeSpans', () => {
  it('drops exact repeats but keeps spans that share an id and differ', () => {
    const spans = [
      span('t1', 's1'),
      span('t1', 's1'),
      span('t1', 's1', 'other'),
      span('t1', 's1', 'op', 2),
      span('t2', 's1'),
    ]
    expect(dedupeSpans(spans)).toEqual([spans[0], spans[2], spans[3], spans[4]])
  })
})

describe('groupByTrace', () => {
  it('groups in order of first appearance', () => {
    const spans = [span('t2', 'a'), span('t1', 'b'), span('t2', 'c')]
    expect([...groupByTrace(spans).entries()]).toEqual([
      ['t2', [spans[0], spans[2]]],
      ['t1', [spans[1]]],
    ])
  })
})
