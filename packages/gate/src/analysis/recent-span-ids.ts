/**
 * Remembers recently seen span ids to drop duplicates (backends overlap time slices) in bounded memory:
 * two generations of at most `capacity / 2` ids each; when the current one fills, the older one is
 * forgotten. A duplicate is caught when it arrives within roughly the last `capacity / 2` to `capacity`
 * distinct spans, which covers overlapping slices and retried pages, not a file read twice.
 *
 * @example
 * const recent = new RecentSpanIds(200_000)
 * recent.check('00f067aa0ba902b7') // false: first time
 * recent.check('00f067aa0ba902b7') // true: duplicate
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
   * Records an id and tells whether it was seen recently.
   *
   * @param spanId - The span id (64 random bits: unique within any realistic window on its own).
   * @returns True for a duplicate.
   */
  check(spanId: string): boolean {
    if (this.current.has(spanId) || this.previous.has(spanId)) return true
    if (this.current.size >= this.generationSize) {
      this.previous = this.current
      this.current = new Set()
    }
    this.current.add(spanId)
    return false
  }
}
