import { describe, expect, it } from 'vitest'
import { searchSlices } from './search-slices.ts'
import type { TimeSlice } from './time-slices.ts'

describe('searchSlices', () => {
  it('halves truncated slices recursively and warns at the minimum', async () => {
    const searched: TimeSlice[] = []
    const truncatedAtMinimum: TimeSlice[] = []
    // Everything up to 1 s is dense: any slice that touches it is "full".
    const results = searchSlices(
      { startMs: 0, endMs: 8_000 },
      {
        sliceMs: 4_000,
        minSliceMs: 1_000,
        search: async (slice) => {
          searched.push(slice)
          return { result: `${slice.startMs}-${slice.endMs}`, truncated: slice.startMs < 1_000 }
        },
        onTruncated: (slice) => truncatedAtMinimum.push(slice),
      },
    )
    const kept: string[] = []
    for await (const result of results) kept.push(result)
    expect(kept).toEqual(['0-1000', '1000-2000', '2000-4000', '4000-8000'])
    expect(searched.map((slice) => `${slice.startMs}-${slice.endMs}`)).toEqual([
      '0-4000',
      '0-2000',
      '0-1000',
      '1000-2000',
      '2000-4000',
      '4000-8000',
    ])
    expect(truncatedAtMinimum).toEqual([{ startMs: 0, endMs: 1_000 }])
  })
})
