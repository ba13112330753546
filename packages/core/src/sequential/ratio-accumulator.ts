import { CoreError } from '../errors.ts'
import { requireFinite } from '../stats/argument-checks.ts'

/**
 * Sufficient statistics of a per-call metric clustered by session: for each session y is the sum over
 * its calls (errors, cost, latency) and m the number of calls.
 */
export interface RatioSummary {
  /** Sessions observed. */
  readonly n: number
  /** Σ y over sessions. */
  readonly sumY: number
  /** Σ m over sessions: the number of calls. */
  readonly sumM: number
  /** Σ y². */
  readonly sumYY: number
  /** Σ m². */
  readonly sumMM: number
  /** Σ y·m. */
  readonly sumYM: number
}

/** A ratio metric with its cluster-robust variance, from `estimateRatio`. */
export interface RatioEstimate {
  /** Sessions observed. */
  readonly n: number
  /** R̂ = Σy / Σm, e.g. errors per call. */
  readonly ratio: number
  /** Delta-method variance of R̂, treating the session as the unit; NaN below 2 sessions. */
  readonly variance: number
}

/**
 * Streaming sums for a per-call metric whose unit is the session (error rate over calls, cost per call,
 * mean latency per call). Keeps n, Σy, Σm, Σy², Σm², Σym, so memory stays constant and shards merge by
 * addition. Calls of one session are correlated (same user, same prompt chain); summing them per
 * session first and estimating R = Σy/Σm with the delta method keeps the session as the statistical
 * unit. Raw power sums lose digits only when a metric's coefficient of variation is tiny (below ~1e-4),
 * which per-session sums of calls never are.
 *
 * @example
 * const errors = new RatioAccumulator()
 * for (const session of sessions) errors.add(session.failedCalls, session.calls)
 * estimateRatio(errors.summary()) // { n, ratio, variance }
 */
export class RatioAccumulator {
  private n = 0
  private sumY = 0
  private sumM = 0
  private sumYY = 0
  private sumMM = 0
  private sumYM = 0

  /**
   * Adds one session.
   *
   * @param y - The session's sum over its calls (errors, USD, milliseconds), finite.
   * @param m - The session's number of calls, finite and ≥ 0.
   * @returns This accumulator, for chaining.
   * @throws {CoreError} `INVALID_ARGUMENT` when y or m is not finite or m is negative.
   */
  add(y: number, m: number): this {
    requireFinite('y', y)
    requireFinite('m', m)
    if (m < 0) {
      throw new CoreError('INVALID_ARGUMENT', `m is ${m}; it counts the session's calls, so pass 0 or more`)
    }
    this.n += 1
    this.sumY += y
    this.sumM += m
    this.sumYY += y * y
    this.sumMM += m * m
    this.sumYM += y * m
    return this
  }

  /**
   * Folds another accumulator into this one (sums add). The other accumulator is left unchanged.
   *
   * @param other - The accumulator to fold in.
   * @returns This accumulator, for chaining.
   */
  merge(other: RatioAccumulator): this {
    const sums = other.summary()
    this.n += sums.n
    this.sumY += sums.sumY
    this.sumM += sums.sumM
    this.sumYY += sums.sumYY
    this.sumMM += sums.sumMM
    this.sumYM += sums.sumYM
    return this
  }

  /**
   * The sufficient statistics so far.
   *
   * @returns n and the five sums.
   */
  summary(): RatioSummary {
    const { n, sumY, sumM, sumYY, sumMM, sumYM } = this
    return { n, sumY, sumM, sumYY, sumMM, sumYM }
  }
}

/**
 * Estimates a ratio metric R = Σy / Σm with its cluster-robust (delta-method) variance:
 * Var(R̂) ≈ (s_y² − 2R·s_ym + R²·s_m²) / (n·m̄²), with s_y², s_m², s_ym the sample (co)variances of the
 * per-session sums and m̄ = Σm / n.
 *
 * Assumes independent sessions (any correlation inside a session is allowed) and enough sessions for the
 * first-order Taylor expansion. Reference: Deng, Knoblich & Lu (2018), "Applying the Delta Method in
 * Metric Analytics: A Practical Guide with Novel Ideas", KDD, §3.
 *
 * @param summary - Sums from a `RatioAccumulator` (or built by hand).
 * @returns n, R̂ and its variance (NaN below 2 sessions; never negative).
 * @throws {CoreError} `INVALID_ARGUMENT` when no calls were observed (Σm ≤ 0) or a sum is not finite.
 * @example estimateRatio(new RatioAccumulator().add(1, 4).add(0, 2).add(2, 5).summary()) // ratio 3/11
 */
export function estimateRatio(summary: RatioSummary): RatioEstimate {
  const { n, sumY, sumM, sumYY, sumMM, sumYM } = summary
  for (const [name, value] of Object.entries(summary)) requireFinite(name, value)
  if (!(sumM > 0)) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `sumM is ${sumM}; a ratio needs at least one call (sessions without calls carry no per-call information)`,
    )
  }
  const ratio = sumY / sumM
  if (n < 2) return { n, ratio, variance: Number.NaN }
  const varianceY = (sumYY - (sumY * sumY) / n) / (n - 1)
  const varianceM = (sumMM - (sumM * sumM) / n) / (n - 1)
  const covariance = (sumYM - (sumY * sumM) / n) / (n - 1)
  const meanM = sumM / n
  const numerator = varianceY - 2 * ratio * covariance + ratio * ratio * varianceM
  return { n, ratio, variance: Math.max(0, numerator) / (n * meanM * meanM) }
}
