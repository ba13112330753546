/**
 * A growing sample kept in sorted order, so that a look every few hundred sessions costs a merge of the new
 * values instead of a sort of all of them (core's `exactQuantiles` sorts a copy on every call).
 */
import type { QuantileSummary } from '../src/index.ts'

/**
 * Values added one at a time, sorted in batches: `summary()` merges the values added since the last call
 * (sort the batch, merge from the end) and answers quantiles with the contract of `QuantileSummary`
 * (type 1: x₍⌈n·p⌉₎, the inverse empirical CDF, as `exactQuantiles`).
 *
 * @example
 * const sample = new SortedSample()
 * for (const latencyMs of latencies) sample.add(latencyMs)
 * sample.summary().quantile(0.95)
 */
export class SortedSample {
  private sorted = new Float64Array(1024)
  private size = 0
  private batch: number[] = []

  /** Values added so far. */
  get count(): number {
    return this.size + this.batch.length
  }

  /**
   * Adds one value.
   *
   * @param x - A finite number.
   * @throws {Error} When `x` is NaN or infinite (a quantile of such values means nothing).
   */
  add(x: number): void {
    if (!Number.isFinite(x)) throw new Error(`SortedSample.add got ${x}; pass finite values only`)
    this.batch.push(x)
  }

  /**
   * The sample's quantiles. The summary reads the sample as it is now; it is valid until the next `add`.
   *
   * @returns A `QuantileSummary` over every value added so far (exact, no relative error).
   */
  summary(): QuantileSummary {
    this.mergeBatch()
    const sorted = this.sorted
    const count = this.size
    return {
      count,
      quantile(p: number): number {
        if (!(p >= 0 && p <= 1)) throw new Error(`quantile p is ${p}; pass a probability in [0, 1]`)
        const rank = Math.min(count, Math.max(1, Math.ceil(count * p)))
        return count === 0 ? Number.NaN : (sorted[rank - 1] ?? Number.NaN)
      },
    }
  }

  private mergeBatch(): void {
    if (this.batch.length === 0) return
    const incoming = Float64Array.from(this.batch).sort()
    this.batch = []
    const total = this.size + incoming.length
    if (total > this.sorted.length) {
      const grown = new Float64Array(Math.max(total, 2 * this.sorted.length))
      grown.set(this.sorted.subarray(0, this.size))
      this.sorted = grown
    }
    const sorted = this.sorted
    let i = this.size - 1
    let j = incoming.length - 1
    for (let k = total - 1; j >= 0; k -= 1) {
      const old = i >= 0 ? sorted[i]! : Number.NEGATIVE_INFINITY
      const fresh = incoming[j]!
      if (old > fresh) {
        sorted[k] = old
        i -= 1
      } else {
        sorted[k] = fresh
        j -= 1
      }
    }
    this.size = total
  }
}
