import type { TimeSlice } from './time-slices.ts'
import { halveSlice, sliceWindow } from './time-slices.ts'

/** What one slice's search found, and whether the backend may have cut it at the search limit. */
interface SliceResult<T> {
  readonly result: T
  readonly truncated: boolean
}

/** How `searchSlices` cuts the window and searches a slice. */
export interface SearchSlicesOptions<T> {
  /** Longest first slice. */
  readonly sliceMs: number
  /** Shortest slice a truncated one is split down to. */
  readonly minSliceMs: number
  /** Searches one slice. */
  readonly search: (slice: TimeSlice) => Promise<SliceResult<T>>
  /** Called when a slice at the minimum length is still truncated; its result is yielded anyway. */
  readonly onTruncated: (slice: TimeSlice) => void
}

/**
 * Searches a window slice by slice, for backends that do not page: the window is cut into slices of
 * `sliceMs`, and a slice whose search came back full is searched again as two halves, recursively,
 * down to `minSliceMs`, where what was found is kept and `onTruncated` warns.
 *
 * @param window - the whole time range.
 * @param options - slice lengths, the search and the truncation callback.
 * @returns the results of the slices that were kept, in time order.
 * @example
 * for await (const traces of searchSlices(window, { sliceMs, minSliceMs, search, onTruncated })) use(traces)
 */
export async function* searchSlices<T>(
  window: TimeSlice,
  options: SearchSlicesOptions<T>,
): AsyncGenerator<T> {
  for (const slice of sliceWindow(window, options.sliceMs)) yield* searchSlice(slice, options)
}

async function* searchSlice<T>(slice: TimeSlice, options: SearchSlicesOptions<T>): AsyncGenerator<T> {
  const found = await options.search(slice)
  if (found.truncated) {
    const halves = halveSlice(slice, options.minSliceMs)
    if (halves !== undefined) {
      for (const half of halves) yield* searchSlice(half, options)
      return
    }
    options.onTruncated(slice)
  }
  yield found.result
}
