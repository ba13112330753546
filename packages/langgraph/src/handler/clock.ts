/** Returns the current time in Unix epoch milliseconds (fractional). */
export type Clock = () => number

/**
 * Builds a monotonic clock anchored to the wall clock once: `Date.now()` at creation plus the
 * `performance.now()` elapsed since. Span times then never jump with NTP adjustments and keep
 * sub-millisecond resolution, while staying comparable with other processes' epoch timestamps.
 *
 * @returns A function giving epoch milliseconds.
 * @example
 * const now = createAnchoredClock()
 * const startMs = now()
 */
export function createAnchoredClock(): Clock {
  // The global `performance` (not node:perf_hooks' binding), so test fake timers can drive it.
  const anchorEpochMs = Date.now()
  const anchorPerfMs = globalThis.performance.now()
  return () => anchorEpochMs + (globalThis.performance.now() - anchorPerfMs)
}
