import { requireSample } from './argument-checks.ts'
import { normalSf } from './distributions.ts'

/** Result of `mannWhitneyUTest`. */
export interface MannWhitneyUResult {
  /** U of the first sample: its rank sum minus n_a(n_a + 1)/2 (pairs where a beats b, ties counting ½). */
  readonly statistic: number
  /** Two-sided p-value from the normal approximation. */
  readonly pValue: number
}

/**
 * Mann–Whitney U test (Wilcoxon rank-sum), two-sided, normal approximation with tie correction and
 * continuity correction.
 *
 * Assumes independent units; tests whether one arm tends to give larger values (robust to the heavy
 * tails of latency and cost). Ranks ties by their average; z = (max(U_a, U_b) − n_a·n_b/2 − ½) / σ,
 * σ² = n_a·n_b/12 · ((n + 1) − Σ(t³ − t) / (n(n − 1))). Reference: Mann & Whitney (1947), Ann. Math.
 * Stat. 18; matches scipy `mannwhitneyu(a, b, method='asymptotic', use_continuity=True)`.
 * When every value is tied (σ = 0) there is no evidence of a shift: p-value 1.
 *
 * @param a - First sample, at least 1 finite value.
 * @param b - Second sample, at least 1 finite value.
 * @returns U of `a` and the two-sided p-value (at most 1).
 * @throws {CoreError} `INVALID_ARGUMENT` when a sample is empty or holds a non-finite value.
 * @example mannWhitneyUTest([3, 4, 5, 6], [1, 2, 3]) // { statistic: 11.5, pValue: 0.07… }
 */
export function mannWhitneyUTest(a: readonly number[], b: readonly number[]): MannWhitneyUResult {
  requireSample('a', a, 1)
  requireSample('b', b, 1)
  const nA = a.length
  const nB = b.length
  const n = nA + nB
  const { rankSumA, tieTerm } = rankFirstSample(a, b)
  const uA = rankSumA - (nA * (nA + 1)) / 2
  const mean = (nA * nB) / 2
  const variance = ((nA * nB) / 12) * (n + 1 - tieTerm / (n * (n - 1)))
  if (!(variance > 0)) return { statistic: uA, pValue: 1 }
  const z = (Math.max(uA, nA * nB - uA) - mean - 0.5) / Math.sqrt(variance)
  return { statistic: uA, pValue: Math.min(1, 2 * normalSf(z)) }
}

/** Rank sum of `a` in the pooled sample (average ranks for ties) and Σ(t³ − t) over tie groups. */
function rankFirstSample(a: readonly number[], b: readonly number[]): { rankSumA: number; tieTerm: number } {
  const pooled = [
    ...a.map((value) => ({ value, fromA: true })),
    ...b.map((value) => ({ value, fromA: false })),
  ]
  pooled.sort((x, y) => x.value - y.value)
  let rankSumA = 0
  let tieTerm = 0
  let start = 0
  while (start < pooled.length) {
    let end = start + 1
    while (end < pooled.length && pooled[end]?.value === pooled[start]?.value) end += 1
    const ties = end - start
    // Ranks start+1 … end share their average.
    const averageRank = (start + 1 + end) / 2
    for (let i = start; i < end; i += 1) if (pooled[i]?.fromA) rankSumA += averageRank
    tieTerm += ties ** 3 - ties
    start = end
  }
  return { rankSumA, tieTerm }
}
