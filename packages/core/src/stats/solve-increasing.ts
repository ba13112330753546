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
