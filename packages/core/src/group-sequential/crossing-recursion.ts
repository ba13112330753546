import { CoreError } from '../errors.ts'
import { normalDensity, normalLowerTail } from './normal-tails.ts'

/**
 * The recursive numerical integration of Armitage, McPherson & Rowe (1969) in the form of Jennison &
 * Turnbull (2000), "Group Sequential Methods with Applications to Clinical Trials", ch. 19: the
 * sub-density of the score B(t) ~ N(μt, t) among paths that have not yet crossed a boundary, carried
 * from look to look on a grid of about 12r points (r = 32 by default) with Simpson's rule, and the
 * probability of crossing at each look. B(t) is Brownian motion in information time t (t = 1 at the
 * planned maximum); the standardised statistic at a look is Z = B(t)/√t and the drift μ = θ·√I_max.
 *
 * With `continuous`, the upper boundary holds between looks too: on (t_{k−1}, t_k] it is the constant
 * b_k·√t_k on the B scale, and the crossing of the path between the two looks is integrated exactly with
 * the Brownian-bridge probability exp(−2(c − x)(c − y)/Δ) (Siegmund 1985, ch. III). That gives the
 * crossing probability of continuous monitoring, which bounds every schedule of looks. Internal to the
 * group-sequential module; `computeCrossingProbabilities` is the public face.
 */

/** Default grid parameter r of Jennison & Turnbull (2000, §19.2): about 12r points per look. */
const DEFAULT_GRID_SIZE = 32

/** One state of the recursion: the sub-density of B on the continuation region of the last look. */
interface Stage {
  readonly t: number
  /** Grid points on the B scale; empty for the start (a point mass at 0). */
  readonly x: Float64Array
  /** Simpson weights. */
  readonly w: Float64Array
  /** Sub-density of B(t) at the points. */
  readonly h: Float64Array
}

/** Crossing probabilities at one look. */
export interface LookCrossing {
  readonly upper: number
  readonly lower: number
}

/**
 * Carries the continuation sub-density of B(t) from look to look. Internal to the group-sequential module.
 *
 * @example
 * const recursion = new CrossingRecursion({ drift: 0 })
 * recursion.crossing(0.5, 2.8, -Infinity) // { upper: P(Z(0.5) ≥ 2.8), lower: 0 }
 * recursion.advance(0.5, 2.8, -Infinity)
 */
export class CrossingRecursion {
  private stage: Stage = { t: 0, x: new Float64Array(0), w: new Float64Array(0), h: new Float64Array(0) }
  private readonly drift: number
  private readonly gridSize: number
  private readonly continuous: boolean

  constructor(options: { drift?: number; gridSize?: number; continuous?: boolean } = {}) {
    this.drift = options.drift ?? 0
    this.gridSize = options.gridSize ?? DEFAULT_GRID_SIZE
    this.continuous = options.continuous ?? false
  }

  /** Information fraction of the last look (0 before the first). */
  get t(): number {
    return this.stage.t
  }

  /**
   * Probability of crossing at a look at information t with the given Z-scale boundaries, among paths
   * still continuing after the previous look (unconditional: it includes the probability of having got here).
   *
   * @param t - Information fraction, above the previous look's.
   * @param upper - Upper boundary on the Z scale (Infinity for none).
   * @param lower - Lower boundary on the Z scale (-Infinity for none).
   * @returns The probabilities of exiting above and below.
   */
  crossing(t: number, upper: number, lower: number): LookCrossing {
    this.checkLook(t, lower)
    const { drift } = this
    const prev = this.stage
    const gap = t - prev.t
    const sd = Math.sqrt(gap)
    const b = upper * Math.sqrt(t)
    const a = lower * Math.sqrt(t)
    const upTail = (x: number): number =>
      this.continuous ? crossProbability(b - x, drift, gap) : normalLowerTail((x + drift * gap - b) / sd)
    const downTail = (x: number): number => normalLowerTail((a - x - drift * gap) / sd)
    if (prev.x.length === 0) return { upper: upTail(0), lower: Number.isFinite(a) ? downTail(0) : 0 }
    let up = 0
    let down = 0
    for (let i = 0; i < prev.x.length; i += 1) {
      const mass = (prev.w[i] ?? 0) * (prev.h[i] ?? 0)
      const x = prev.x[i] ?? 0
      if (Number.isFinite(b)) up += mass * upTail(x)
      if (Number.isFinite(a)) down += mass * downTail(x)
    }
    return { upper: up, lower: down }
  }

  /**
   * Moves to a look at information t: the new sub-density of B(t) on the continuation region (a, b).
   *
   * @param t - Information fraction, above the previous look's.
   * @param upper - Upper boundary on the Z scale (Infinity for none).
   * @param lower - Lower boundary on the Z scale (-Infinity for none).
   */
  advance(t: number, upper: number, lower: number): void {
    this.checkLook(t, lower)
    const { drift } = this
    const prev = this.stage
    const gap = t - prev.t
    const b = upper * Math.sqrt(t)
    const a = lower * Math.sqrt(t)
    const { x, w } = buildGrid({ mean: drift * t, sd: Math.sqrt(t), lower: a, upper: b, r: this.gridSize })
    const h = new Float64Array(x.length)
    const sd = Math.sqrt(gap)
    for (let j = 0; j < x.length; j += 1) {
      const y = x[j] ?? 0
      if (prev.x.length === 0) {
        h[j] = normalDensity((y - drift * t) / sd) / sd
        if (this.continuous) h[j] = (h[j] ?? 0) * -Math.expm1((-2 * b * (b - y)) / gap)
        continue
      }
      let sum = 0
      for (let i = 0; i < prev.x.length; i += 1) {
        const from = prev.x[i] ?? 0
        if (this.continuous && from >= b) continue
        let kernel = normalDensity((y - from - drift * gap) / sd) / sd
        if (this.continuous) kernel *= -Math.expm1((-2 * (b - from) * (b - y)) / gap)
        sum += (prev.w[i] ?? 0) * (prev.h[i] ?? 0) * kernel
      }
      h[j] = sum
    }
    this.stage = { t, x, w, h }
  }

  private checkLook(t: number, lower: number): void {
    if (!(Number.isFinite(t) && t > this.stage.t)) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        `a look at information ${t} follows one at ${this.stage.t}; information fractions must increase`,
      )
    }
    if (this.continuous && lower !== Number.NEGATIVE_INFINITY) {
      throw new CoreError(
        'INVALID_ARGUMENT',
        'continuous monitoring is implemented for an upper boundary only; pass lower = -Infinity',
      )
    }
  }
}

/**
 * P(max over [0, Δ] of μs + W(s) ≥ a) for a standard Wiener process W: 1 when a ≤ 0, otherwise
 * Φ((μΔ − a)/√Δ) + e^{2μa}·Φ((−a − μΔ)/√Δ) (the reflection principle with drift), the second term in
 * logs so that e^{2μa} cannot overflow.
 */
function crossProbability(a: number, drift: number, gap: number): number {
  if (a <= 0) return 1
  if (!Number.isFinite(a)) return 0
  const sd = Math.sqrt(gap)
  const direct = normalLowerTail((drift * gap - a) / sd)
  const tail = normalLowerTail((-a - drift * gap) / sd)
  const reflected = tail === 0 ? 0 : Math.exp(2 * drift * a + Math.log(tail))
  return Math.min(1, direct + reflected)
}

/**
 * The grid of Jennison & Turnbull (2000, §19.2) for a look whose B(t) ~ N(mean, sd²), restricted to
 * the continuation region (lower, upper): 6r − 1 points in sd units (denser near the mean, logarithmic
 * in the tails out to about ±(3 + 4·ln r)), the region's finite ends added, and midpoints between
 * neighbours with composite Simpson weights.
 */
function buildGrid(options: { mean: number; sd: number; lower: number; upper: number; r: number }): {
  x: Float64Array
  w: Float64Array
} {
  const { mean, sd, lower, upper, r } = options
  const odd: number[] = []
  if (Number.isFinite(lower)) odd.push(lower)
  for (let i = 1; i <= 6 * r - 1; i += 1) {
    let z: number
    if (i < r) z = -3 - 4 * Math.log(r / i)
    else if (i <= 5 * r) z = -3 + (3 * (i - r)) / (2 * r)
    else z = 3 + 4 * Math.log(r / (6 * r - i))
    const point = mean + sd * z
    if (point > lower && point < upper) odd.push(point)
  }
  if (Number.isFinite(upper)) odd.push(upper)
  if (odd.length < 2) {
    // The continuation region is narrower than one grid step: its two ends carry the integral.
    const ends = [Math.max(lower, mean - 8 * sd), Math.min(upper, mean + 8 * sd)]
    odd.splice(0, odd.length, ...ends)
  }
  const count = 2 * odd.length - 1
  const x = new Float64Array(count)
  const w = new Float64Array(count)
  for (let j = 0; j < odd.length; j += 1) {
    x[2 * j] = odd[j] ?? 0
    if (j + 1 < odd.length) {
      const left = odd[j] ?? 0
      const right = odd[j + 1] ?? 0
      const width = right - left
      x[2 * j + 1] = (left + right) / 2
      w[2 * j] = (w[2 * j] ?? 0) + width / 6
      w[2 * j + 1] = (4 * width) / 6
      w[2 * j + 2] = (w[2 * j + 2] ?? 0) + width / 6
    }
  }
  return { x, w }
}
