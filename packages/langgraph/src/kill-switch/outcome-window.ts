/** What a window holds at one moment. */
export interface WindowSummary {
  /** Calls in the window. */
  readonly calls: number
  /** Calls that failed. */
  readonly errors: number
  /** Latencies of the calls whose latency is known (finite, non-negative). */
  readonly latenciesMs: readonly number[]
}

/** A rolling window of one arm's call outcomes: at most `capacity` calls, oldest dropped first. */
export interface OutcomeWindow {
  /**
   * Adds one call, dropping the oldest when full.
   *
   * @param atMs - When the call ended (clock ms).
   * @param latencyMs - Its latency; NaN when unknown.
   * @param error - Whether it failed.
   */
  add(atMs: number, latencyMs: number, error: boolean): void
  /**
   * Drops calls that ended at or before a cutoff.
   *
   * @param cutoffMs - Calls with `atMs <= cutoffMs` leave the window.
   */
  dropUntil(cutoffMs: number): void
  /** @returns Counts and latencies of the calls now in the window. */
  summarize(): WindowSummary
  /** Empties the window. */
  clear(): void
}

/**
 * Builds a fixed-size ring buffer of call outcomes. Memory is `capacity` slots whatever the traffic.
 *
 * @param capacity - Most calls kept (a positive integer).
 * @returns An empty window.
 */
export function createOutcomeWindow(capacity: number): OutcomeWindow {
  const endedAtMs = new Float64Array(capacity)
  const latencyMs = new Float64Array(capacity)
  const failed = new Uint8Array(capacity)
  // `head` is the oldest slot; slots head, head+1, … (mod capacity) hold `size` calls.
  let head = 0
  let size = 0

  return {
    add(atMs, latency, error) {
      const slot = (head + size) % capacity
      endedAtMs[slot] = atMs
      latencyMs[slot] = latency
      failed[slot] = error ? 1 : 0
      if (size < capacity) size += 1
      else head = (head + 1) % capacity
    },
    dropUntil(cutoffMs) {
      while (size > 0 && endedAtMs[head]! <= cutoffMs) {
        head = (head + 1) % capacity
        size -= 1
      }
    },
    summarize() {
      let errors = 0
      const latencies: number[] = []
      for (let i = 0; i < size; i += 1) {
        const slot = (head + i) % capacity
        errors += failed[slot]!
        const latency = latencyMs[slot]!
        if (Number.isFinite(latency) && latency >= 0) latencies.push(latency)
      }
      return { calls: size, errors, latenciesMs: latencies }
    },
    clear() {
      head = 0
      size = 0
    },
  }
}
