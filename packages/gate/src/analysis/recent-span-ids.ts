/**
 * Remembers recently seen spans, by (trace id, span id), to drop duplicates (backends overlap time slices) in bounded memory:
 * two generations of at most `capacity / 2` ids each; when the current one fills, the older one is
 * forgotten. A duplicate is caught when it arrives within roughly the last `capacity / 2` to `capacity`
 * distinct spans, which covers overlapping slices and retried pages, not a file read twice. A span id is
 * unique only within its trace (some exporters number each trace's spans 1, 2, 3 …), so the key is both.
 *
 * @example
 * const recent = new RecentSpanIds(200_000)
 * recent.check(traceId, '00f067aa0ba902b7') // false: first time
 * recent.check(traceId, '00f067aa0ba902b7') // true: duplicate
 * recent.check(otherTraceId, '00f067aa0ba902b7') // false: another span
 */
export class RecentSpanIds {
  private current = new Set<string>()
  private previous = new Set<string>()
  private readonly generationSize: number

  /**
   * @param capacity - Ids remembered at most (≥ 2).
   */
  constructor(capacity: number) {
    this.generationSize = Math.max(1, Math.floor(capacity / 2))
  }

  /**
   * Records a span and tells whether it was seen recently.
   *
   * @param traceId - The span's trace id.
   * @param spanId - The span id, unique only within its trace.
   * @returns True for a duplicate.
   */
  check(traceId: string, spanId: string): boolean {
    const key = `${traceId}/${spanId}`
    if (this.current.has(key) || this.previous.has(key)) return true
    if (this.current.size >= this.generationSize) {
      this.previous = this.current
      this.current = new Set()
    }
    this.current.add(key)
    return false
  }
}
