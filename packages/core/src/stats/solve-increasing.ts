/**
 * Finds x in [lower, upper] with f(x) = target for a non-decreasing f, by bisection.
 *
 * Bisection rather than a faster method because the functions solved here (power curves) are
 * monotone but computed with ~1e-8 noise, and bisection never leaves the bracket. Internal: not
 * exported from the package.
 *
 * @param f - Non-decreasing function on [lower, upper].
 * @param target - Value to reach; must satisfy f(lower) ≤ target ≤ f(upper).
 * @param lower - Left end of the bracket.
 * @param upper - Right end of the bracket.
 * @returns The smallest x (to ~1e-12 relative) with f(x) ≥ target.
 */
export function solveIncreasing(
  f: (x: number) => number,
  target: number,
  lower: number,
  upper: number,
): number {
  let lo = lower
  let hi = upper
  for (let i = 0; i < 200; i += 1) {
    const mid = lo + (hi - lo) / 2
    if (mid <= lo || mid >= hi || hi - lo <= 1e-12 * Math.max(1, Math.abs(mid))) break
    if (f(mid) >= target) hi = mid
    else lo = mid
  }
  return hi
}

/**
 * Finds x in [lower, upper] with f(x) = target for a smooth increasing f, by the Illinois variant of
 * regula falsi (Dowell & Jarratt 1971, BIT 11): superlinear, and it never leaves the bracket. For
 * functions that are expensive and smooth (a group-sequential crossing probability as a function of
 * its boundary), where bisection's 40–60 evaluations dominate. Internal: not exported from the package.
 *
 * @param f - Increasing, continuous function on [lower, upper].
 * @param target - Value to reach; f(lower) ≤ target ≤ f(upper) (else the nearer end is returned).
 * @param lower - Left end of the bracket.
 * @param upper - Right end of the bracket.
 * @param tolerance - Width of the final bracket, relative to max(1, |x|); default 1e-12.
 * @returns x with f(x) = target, to the tolerance.
 */
export function solveSmoothIncreasing(
  f: (x: number) => number,
  target: number,
  lower: number,
  upper: number,
  tolerance = 1e-12,
): number {
  let a = lower
  let b = upper
  let fa = f(a) - target
  let fb = f(b) - target
  if (fa >= 0) return a
  if (fb <= 0) return b
  let kept: 'a' | 'b' | undefined
  for (let i = 0; i < 200 && b - a > tolerance * Math.max(1, Math.abs(b)); i += 1) {
    // Keep the step strictly inside the bracket so that the bracket always shrinks.
    const secant = (a * fb - b * fa) / (fb - fa)
    const c = secant > a && secant < b ? secant : a + (b - a) / 2
    const fc = f(c) - target
    if (fc === 0) return c
    if (fc > 0) {
      b = c
      fb = fc
      if (kept === 'a') fa /= 2
      kept = 'a'
    } else {
      a = c
      fa = fc
      if (kept === 'b') fb /= 2
      kept = 'b'
    }
  }
  return a + (b - a) / 2
}
