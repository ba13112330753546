import { requireFinite } from '../stats/argument-checks.ts'

/** Sufficient statistics of a per-session metric: count, mean and unbiased variance. */
export interface MeanSummary {
  /** Sessions (units) observed. */
  readonly n: number
  /** Sample mean; NaN when n = 0. */
  readonly mean: number
  /** Sample variance with n − 1 in the denominator; NaN when n < 2. */
  readonly variance: number
}

/**
 * Streaming mean and variance of a per-session metric (cost per run, judge score per session, 0/1 run
 * failure) in constant memory, so the gate can fold millions of sessions without keeping them.
 *
 * Method: Welford's online update (Welford 1962, Technometrics 4) on values shifted by the first one,
 * and, for `merge`, the pairwise combination of Chan, Golub & LeVeque (1979); both keep the digits that
 * the textbook Σx² − (Σx)²/n loses.
 *
 * @example
 * const cost = new MeanAccumulator()
 * for (const run of runs) cost.add(run.costUsd)
 * cost.summary() // { n, mean, variance }
 */
export class MeanAccumulator {
  private count = 0
  /** The first value: the rest is accumulated as x − shift, exact for close values such as 1e9 + 0.1. */
  private shift = 0
  private shiftedMean = 0
  private squaredDeviations = 0

  /**
   * Builds an accumulator holding the given values.
   *
   * @param values - Finite numbers, one per session.
   * @returns A new accumulator.
   * @throws {CoreError} `INVALID_ARGUMENT` when a value is NaN or infinite.
   */
  static of(values: Iterable<number>): MeanAccumulator {
    const accumulator = new MeanAccumulator()
    for (const value of values) accumulator.add(value)
    return accumulator
  }

  /**
   * Adds one session's value.
   *
   * @param x - The value, a finite number.
   * @returns This accumulator, for chaining.
   * @throws {CoreError} `INVALID_ARGUMENT` when `x` is NaN or infinite (drop missing values first).
   */
  add(x: number): this {
    requireFinite('x', x)
    if (this.count === 0) this.shift = x
    const shifted = x - this.shift
    this.count += 1
    const delta = shifted - this.shiftedMean
    this.shiftedMean += delta / this.count
    this.squaredDeviations += delta * (shifted - this.shiftedMean)
    return this
  }

  /**
   * Folds another accumulator into this one, as if its values had been added here (e.g. one per shard
   * of spans). The other accumulator is left unchanged.
   *
   * @param other - The accumulator to fold in.
   * @returns This accumulator, for chaining.
   */
  merge(other: MeanAccumulator): this {
    if (other.count === 0) return this
    if (this.count === 0) this.shift = other.shift
    const total = this.count + other.count
    const delta = other.shift - this.shift + other.shiftedMean - this.shiftedMean
    this.squaredDeviations += other.squaredDeviations + ((delta * delta * this.count) / total) * other.count
    this.shiftedMean += (delta * other.count) / total
    this.count = total
    return this
  }

  /**
   * The sufficient statistics so far.
   *
   * @returns n, the mean (NaN when empty) and the unbiased variance (NaN below 2 values).
   */
  summary(): MeanSummary {
    return {
      n: this.count,
      mean: this.count === 0 ? Number.NaN : this.shift + this.shiftedMean,
      variance: this.count < 2 ? Number.NaN : Math.max(0, this.squaredDeviations / (this.count - 1)),
    }
  }
}
