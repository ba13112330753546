import { describe, expect, it } from 'vitest'
import { halveSlice, sliceWindow } from './time-slices.ts'

describe('sliceWindow', () => {
  it('cuts a window into consecutive slices, the last one shorter', () => {
    expect(sliceWindow({ startMs: 0, endMs: 5_000 }, 2_000)).toEqual([
      { startMs: 0, endMs: 2_000 },
      { startMs: 2_000, endMs: 4_000 },
      { startMs: 4_000, endMs: 5_000 },
    ])
    expect(sliceWindow({ startMs: 10, endMs: 10 }, 2_000)).toEqual([])
  })
})

describe('halveSlice', () => {
  it('splits on a multiple of the minimum slice from the start', () => {
    expect(halveSlice({ startMs: 500, endMs: 3_500 }, 1_000)).toEqual([
      { startMs: 500, endMs: 1_500 },
      { startMs: 1_500, endMs: 3_500 },
    ])
    expect(halveSlice({ startMs: 0, endMs: 4_000 }, 1_000)).toEqual([
      { startMs: 0, endMs: 2_000 },
      { startMs: 2_000, endMs: 4_000 },
    ])
  })

  it('refuses to split below the minimum', () => {
    expect(halveSlice({ startMs: 0, endMs: 1_999 }, 1_000)).toBeUndefined()
  })
})
