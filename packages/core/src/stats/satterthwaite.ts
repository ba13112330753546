/**
 * Welch–Satterthwaite effective degrees of freedom of a sum of independent variance estimates
 * V = Σ V_i, each with ν_i degrees of freedom: ν = (Σ V_i)² / Σ (V_i² / ν_i) (Satterthwaite 1946,
 * Biometrics Bulletin 2, 110–114; Welch 1947, Biometrika 34). It matches the first two moments of V̂ to a
 * scaled χ²_ν / ν. Terms with ν_i = Infinity (a known variance) add nothing to the denominator.
 *
 * @param parts - Each estimate's variance (≥ 0) and its degrees of freedom (> 0, Infinity allowed).
 * @returns ν; Infinity when every part is known exactly or all variances are 0.
 * @example computeSatterthwaiteDf([{ variance: 0.04, df: 99 }, { variance: 0.01, df: 399 }]) // ≈ 145
 */
export function computeSatterthwaiteDf(parts: readonly { variance: number; df: number }[]): number {
  let total = 0
  let denominator = 0
  for (const { variance, df } of parts) {
    total += variance
    if (Number.isFinite(df)) denominator += (variance * variance) / df
  }
  return denominator > 0 ? (total * total) / denominator : Number.POSITIVE_INFINITY
}
