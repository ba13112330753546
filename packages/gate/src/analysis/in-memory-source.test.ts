import { describe, expect, it } from 'vitest'
import type { SpanRecord } from '../types.ts'
import { buildSpan } from './analysis.fixture.ts'
import { createInMemorySource } from './in-memory-source.fixture.ts'

async function collect(batches: AsyncIterable<readonly SpanRecord[]>): Promise<number[]> {
  const sizes: number[] = []
  for await (const batch of batches) sizes.push(batch.length)
  return sizes
}

describe('createInMemorySource', () => {
  const query = { experiment: 'x', since: new Date(0) }

  it('yields the spans in batches of batchSize, in order', async () => {
    const spans = Array.from({ length: 5 }, () => buildSpan())
    const source = createInMemorySource(spans, { batchSize: 2, description: 'memory:test' })
    expect(source.description).toBe('memory:test')
    expect(await collect(source.spans(query))).toEqual([2, 2, 1])
    const seen: string[] = []
    for await (const batch of source.spans(query)) seen.push(...batch.map((span) => span.spanId))
    expect(seen).toEqual(spans.map((span) => span.spanId))
  })

  it('reads several arrays in turn', async () => {
    const source = createInMemorySource([[buildSpan()], [], [buildSpan(), buildSpan()]], { batchSize: 10 })
    expect(await collect(source.spans(query))).toEqual([1, 2])
  })
})
