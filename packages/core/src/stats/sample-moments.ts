/**
 * Mean and unbiased variance of a sample, two-pass (subtract the mean first) so large, close values
 * such as latencies in milliseconds keep their digits. A constant sample gets exactly its value and
 * variance 0, not rounding noise. Internal: not exported from the package.
 *
 * @param values - At least one finite number (the variance needs two; with one it is NaN).
 * @returns The mean and the variance with n − 1 in the denominator.
 */
export function computeMoments(values: readonly number[]): { mean: number; variance: number } {
  const n = values.length
  const first = values[0] ?? Number.NaN
  if (values.every((v) => v === first)) return { mean: first, variance: n > 1 ? 0 : Number.NaN }
  let sum = 0
  for (const v of values) sum += v
  const mean = sum / n
  let squares = 0
  let residual = 0
  for (const v of values) {
    squares += (v - mean) ** 2
    residual += v - mean
  }
  // Corrected two-pass formula (Chan, Golub & LeVeque 1983): removes the rounding left in the mean.
  return { mean, variance: (squares - (residual * residual) / n) / (n - 1) }
}
