import { DDSketch } from '@datadog/sketches-js'
import type { QuantileSummary } from '@llm-canary/core'
import { CoreError } from '@llm-canary/core'

const SKETCH_RELATIVE_ACCURACY_VALUE = 0.01

/** Relative accuracy of the latency and TTFT sketches: values are within 1% of the true order statistic. */
export const SKETCH_RELATIVE_ACCURACY = SKETCH_RELATIVE_ACCURACY_VALUE

/**
 * The contents of a DDSketch as buckets: what a sketch holds after its values were added, built elsewhere
 * (the ClickHouse source computes the bucket index of every value in SQL, with the sketch's own mapping:
 * `SKETCH_MAPPING`).
 */
export interface SketchHistogram {
  /** Bucket indices (`SKETCH_MAPPING.key(value)`) of the positive values. */
  readonly keys: readonly number[]
  /** Values per bucket, parallel to `keys`. */
  readonly counts: readonly number[]
  /** Values at or below the mapping's smallest positive value (zeros). */
  readonly zeroCount: number
  /** Smallest and largest value added (ignored when nothing was). */
  readonly min: number
  readonly max: number
}

/**
 * The sketch's logarithmic mapping (sketches-js `LogarithmicMapping`, index offset 0): a positive value v
 * above `minPossible` goes to bucket `ceil(log2(v) · multiplier)`, and bucket k stands for
 * `2^(k / multiplier) · 2 / (1 + γ)`. The ClickHouse source computes the same index in SQL from these numbers.
 */
export const SKETCH_MAPPING: {
  readonly gamma: number
  readonly multiplier: number
  readonly minPossible: number
} = (() => {
  const { mapping } = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY_VALUE })
  const { _multiplier: multiplier } = mapping as unknown as { readonly _multiplier: number }
  return { gamma: mapping.gamma, multiplier, minPossible: mapping.minPossible }
})()

/**
 * A DDSketch (Masson, Rim & Lee 2019, "DDSketch: a fast and fully-mergeable quantile sketch with
 * relative-error guarantees", VLDB 12) of one value per session, answering core's `QuantileSummary`
 * contract: `quantile(p)` is the order statistic x₍⌈n·p⌉₎ (type 1; x₍₁₎ at p = 0) within a relative
 * error of `relativeError`. Ranks are exact (the sketch counts every value); only the value returned for
 * a rank is approximate, and it is clamped to the observed [min, max]. Memory is O(log(max/min)/α)
 * buckets, a few hundred for latencies, whatever the number of sessions.
 *
 * Values must be ≥ 0 (durations); 0 is kept exactly.
 *
 * @example
 * const latency = new SketchQuantiles()
 * for (const value of [120, 80, 300, 95]) latency.add(value)
 * latency.quantile(0.5) // ≈ 95 (the 2nd of 4), within 1%
 */
export class SketchQuantiles implements QuantileSummary {
  /** DDSketch's α: |quantile(p) − x| ≤ relativeError·x. */
  readonly relativeError: number
  private readonly sketch: DDSketch

  /**
   * @param relativeAccuracy - The sketch's α, in (0, 1); default 1%.
   */
  constructor(relativeAccuracy: number = SKETCH_RELATIVE_ACCURACY) {
    this.relativeError = relativeAccuracy
    this.sketch = new DDSketch({ relativeAccuracy })
  }

  /** Values added so far (sessions). */
  get count(): number {
    return this.sketch.count
  }

  /**
   * Adds one session's value.
   *
   * @param value - A finite number ≥ 0.
   * @throws {CoreError} `INVALID_ARGUMENT` for a negative or non-finite value (drop those first, as the
   *   extraction does), like core's accumulators.
   */
  add(value: number): void {
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        `value is ${value}; the sketch holds durations, so pass a finite number ≥ 0 (skip missing values)`,
      )
    }
    this.sketch.accept(value)
  }

  /**
   * Adds the values a histogram holds, as if each had been added with `add` (the sketch's buckets are
   * the histogram's; counts, zeros, minimum and maximum follow).
   *
   * @param histogram - Buckets from the same mapping (`SKETCH_MAPPING`), at the default accuracy.
   * @throws {CoreError} `INVALID_ARGUMENT` when the sketch is not at the default accuracy, or a count is not
   *   a positive whole number.
   */
  addHistogram(histogram: SketchHistogram): void {
    if (this.relativeError !== SKETCH_RELATIVE_ACCURACY) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        'histograms are built with the default accuracy; use a default sketch',
      )
    }
    const { sketch } = this
    let added = histogram.zeroCount
    histogram.keys.forEach((key, index) => {
      const count = histogram.counts[index] ?? 0
      if (!(Number.isSafeInteger(count) && count > 0)) {
        throw new CoreError(
          'INVALID_ARGUMENT',
          `bucket ${key} holds ${count} values; counts are positive whole numbers`,
        )
      }
      sketch.store.add(key, count)
      added += count
    })
    if (added === 0) return
    sketch.zeroCount += histogram.zeroCount
    sketch.count += added
    if (histogram.min < sketch.min) sketch.min = histogram.min
    if (histogram.max > sketch.max) sketch.max = histogram.max
  }

  /**
   * The type-1 quantile: x₍⌈n·p⌉₎, x₍₁₎ at p = 0, within `relativeError`.
   *
   * @param p - Probability in [0, 1].
   * @returns The approximate order statistic; NaN when the sketch is empty.
   * @throws {CoreError} `INVALID_ARGUMENT` when p is outside [0, 1], as core's `exactQuantiles`.
   */
  quantile(p: number): number {
    if (!(p >= 0 && p <= 1)) {
      throw new CoreError('INVALID_ARGUMENT', `p is ${p}; pass a probability in [0, 1]`)
    }
    const { sketch } = this
    const n = sketch.count
    if (n === 0) return Number.NaN
    const rank = Math.min(n, Math.max(1, Math.ceil(n * p)))
    // The library's getValueAtQuantile interpolates ranks as p·(n − 1); the store's keyAtRank takes the
    // 0-based rank directly, which is what the type-1 contract needs.
    const zeroBased = rank - 1
    if (zeroBased < sketch.zeroCount) return 0
    const key = sketch.store.keyAtRank(zeroBased - sketch.zeroCount)
    const value = sketch.mapping.value(key)
    return Math.min(sketch.max, Math.max(sketch.min, value))
  }
}
