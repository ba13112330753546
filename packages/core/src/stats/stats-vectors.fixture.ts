/**
 * Shape of `test/vectors/stats.json` (reference values from scipy 1.10 / statsmodels 0.13 /
 * numpy 1.24) and its loader, for the stats tests only: nothing here is exported from the package.
 */

/** One `power_two_proportions` row. */
interface PowerProportionsRow {
  readonly p_control: number
  readonly p_treatment: number
  readonly alpha: number
  readonly power: number
  readonly ratio_treatment_to_control: number
  readonly method: string
  readonly n_control_exact: number
  readonly n_control: number
  readonly n_treatment: number
}

/** One `power_two_means` row. */
interface PowerMeansRow {
  readonly delta: number
  readonly sd: number
  readonly alpha: number
  readonly power: number
  readonly ratio_treatment_to_control: number
  readonly method: string
  readonly n_control_exact: number
  readonly n_control: number
  readonly n_treatment: number
}

/** One `welch_t_test` row. */
interface WelchRow {
  readonly a: readonly number[]
  readonly b: readonly number[]
  readonly t: number
  readonly df: number
  readonly p_two_sided: number
}

/** One `mann_whitney_u` row. */
interface MannWhitneyRow {
  readonly a: readonly number[]
  readonly b: readonly number[]
  readonly u_of_a: number
  readonly p_two_sided: number
  readonly method: string
}

/** One `two_proportion_z_test` row. */
interface TwoProportionRow {
  readonly x1: number
  readonly n1: number
  readonly x2: number
  readonly n2: number
  readonly z: number
  readonly p_two_sided: number
  readonly method: string
}

/** One `srm_chi_square` row; `weights` are percents. */
interface SrmRow {
  readonly observed: readonly number[]
  readonly weights: readonly number[]
  readonly chi2: number
  readonly df: number
  readonly p: number
}

/** One `holm` row. */
interface HolmRow {
  readonly p: readonly number[]
  readonly adjusted: readonly number[]
}

/** One `quantile_linear` row. */
interface QuantileRow {
  readonly samples: readonly number[]
  readonly q: readonly number[]
  readonly values: readonly number[]
  readonly method: string
}

/** The whole vector file. */
export interface StatsVectors {
  readonly meta: { readonly generated_with: string; readonly note: string }
  readonly power_two_proportions: readonly PowerProportionsRow[]
  readonly power_two_means: readonly PowerMeansRow[]
  readonly welch_t_test: readonly WelchRow[]
  readonly mann_whitney_u: readonly MannWhitneyRow[]
  readonly two_proportion_z_test: readonly TwoProportionRow[]
  readonly srm_chi_square: readonly SrmRow[]
  readonly holm: readonly HolmRow[]
  readonly quantile_linear: readonly QuantileRow[]
}

/** Statistics must match within this relative error. */
export const STATISTIC_RELATIVE_TOLERANCE = 1e-6
/** p-values must match within this absolute error. */
export const P_VALUE_ABSOLUTE_TOLERANCE = 1e-6
/** Sample sizes must match within this many units. */
export const SAMPLE_SIZE_TOLERANCE = 1

/**
 * Reads `packages/core/test/vectors/stats.json` through a JSON module import (core does no file I/O).
 *
 * @returns The parsed vectors.
 */
export async function loadStatsVectors(): Promise<StatsVectors> {
  const url = new URL('../../test/vectors/stats.json', import.meta.url).href
  const module = (await import(url, { with: { type: 'json' } })) as { default: StatsVectors }
  return module.default
}

/**
 * Relative error of `actual` against a reference, falling back to absolute error near 0.
 *
 * @param actual - Computed value.
 * @param expected - Reference value.
 * @returns |actual − expected| / max(1e-12, |expected|).
 */
export function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(1e-12, Math.abs(expected))
}
