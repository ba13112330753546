/** A half-open time range `[startMs, endMs)`, epoch milliseconds. */
export interface TimeSlice {
  readonly startMs: number
  readonly endMs: number
}

/**
 * Cuts a window into consecutive slices of at most `sliceMs`, because neither Jaeger nor Tempo
 * pages its search results: a short slice is how more results are reached.
 *
 * @param window - the whole range.
 * @param sliceMs - the longest slice (positive).
 * @returns the slices, in time order; none when the window is empty.
 * @example
 * sliceWindow({ startMs: 0, endMs: 5_000 }, 2_000) // [0,2000) [2000,4000) [4000,5000)
 */
export function sliceWindow(window: TimeSlice, sliceMs: number): TimeSlice[] {
  const slices: TimeSlice[] = []
  for (let startMs = window.startMs; startMs < window.endMs; startMs += sliceMs) {
    slices.push({ startMs, endMs: Math.min(startMs + sliceMs, window.endMs) })
  }
  return slices
}

/**
 * Splits a slice in two halves, when both stay at least `minSliceMs` long.
 *
 * @param slice - the slice whose search may have been truncated.
 * @param minSliceMs - the shortest slice worth asking for (the backend's time resolution or a
 *   budget of requests).
 * @returns the two halves, or undefined when the slice is too short to split.
 */
export function halveSlice(slice: TimeSlice, minSliceMs: number): [TimeSlice, TimeSlice] | undefined {
  const lengthMs = slice.endMs - slice.startMs
  if (lengthMs < 2 * minSliceMs) return undefined
  const midMs = slice.startMs + Math.floor(lengthMs / 2 / minSliceMs) * minSliceMs
  return [
    { startMs: slice.startMs, endMs: midMs },
    { startMs: midMs, endMs: slice.endMs },
  ]
}
