import { describe, expect, it } from 'vitest'
import type { SpanRecord } from '../types.ts'
import { rebatchSpans } from './rebatch-spans.ts'

async function* chunksOf(sizes: readonly number[]): AsyncGenerator<SpanRecord[]> {
  let n = 0
  for (const size of sizes) {
    yield Array.from({ length: size }, () => ({ spanId: String(n++) }) as unknown as SpanRecord)
  }
}

describe('rebatchSpans', () => {
  it('regroups chunks of any size into full batches and a last partial one, keeping order', async () => {
    const batches: (readonly SpanRecord[])[] = []
    for await (const batch of rebatchSpans(chunksOf([3, 0, 5, 1]), 4)) batches.push(batch)
    expect(batches.map((batch) => batch.length)).toEqual([4, 4, 1])
    expect(batches.flat().map((span) => span.spanId)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8'])
  })

  it('yields nothing for no spans', async () => {
    const batches: unknown[] = []
    for await (const batch of rebatchSpans(chunksOf([0, 0]), 4)) batches.push(batch)
    expect(batches).toEqual([])
  })
})
