import {
  computeMonitoringCriticalValue,
  computeMonitoringPValue,
} from '../group-sequential/monitoring-boundary.ts'
import { normalUpperTail } from '../group-sequential/normal-tails.ts'
import { computeOptimalMixingRatio } from '../sequential/normal-mixture.ts'
import { normalQuantile } from '../stats/distributions.ts'

/**
 * How a guardrail is monitored, in standardised units: the critical value of its interval at a level
 * and the p-value of a standardised statistic. Internal to the verdict.
 * - `group-sequential`: the horizon is known; the continuous-monitoring O'Brien–Fleming-type α-spending
 *   boundary at information fraction t (`group-sequential/monitoring-boundary.ts`), each side one-sided
 *   at half the interval's level. Past the horizon (t > 1) it decides nothing.
 * - `mixture`: no horizon; the normal-mixture confidence sequence with τ² tuned at the planned size,
 *   V/V* = `varianceRatio` (docs/statistics.md).
 * - `fixed`: `method: fixed`, one classical z-test at the planned size.
 */
export type MonitoringDesign =
  | { readonly kind: 'group-sequential'; readonly informationFraction: number }
  | { readonly kind: 'mixture'; readonly varianceRatio: number }
  | { readonly kind: 'fixed' }

/**
 * The critical value c of each bound at `level` under a design: a guardrail's interval is θ̂ ± c·SE (or
 * its Fieller / log-scale analogue). The verdict's promises are one-sided (a candidate inside its tolerance
 * fails, or one beyond it passes, with probability ≤ α), so with a horizon and with `method: fixed` each
 * bound is one-sided at α/m (the interval as a whole is a 1 − 2α/m interval); the open-ended mixture is
 * a two-sided sequence at α/m, whose each side then holds at α/m too.
 *
 * @param design - The monitoring design.
 * @param level - Level of each bound, α/m.
 * @returns c (Infinity before any information).
 */
export function criticalValue(design: MonitoringDesign, level: number): number {
  switch (design.kind) {
    case 'group-sequential':
      return computeMonitoringCriticalValue(level, design.informationFraction)
    case 'mixture': {
      const r = computeOptimalMixingRatio(level)
      const w = design.varianceRatio
      return Math.sqrt((1 + w / r) * (2 * Math.log(1 / level) + Math.log1p(r / w)))
    }
    case 'fixed':
      return -normalQuantile(level)
  }
}

/**
 * The p-value of a one-sided test whose standardised statistic is `z` (positive = evidence against
 * H0): p ≤ level exactly when z ≥ criticalValue(design, level). Group-sequential: the repeated p-value;
 * mixture: 1/Λ of the mixture martingale (Johari et al. 2022), with the tuning level held at
 * `tuningLevel`; fixed: Φ(−z). 1 when z ≤ 0.
 *
 * @param design - The monitoring design.
 * @param z - The statistic.
 * @param tuningLevel - The level the mixture is tuned for (its interval's level).
 * @returns The p-value in [0, 1].
 */
export function designPValue(design: MonitoringDesign, z: number, tuningLevel: number): number {
  if (!(z > 0)) return 1
  switch (design.kind) {
    case 'group-sequential':
      return computeMonitoringPValue(z, design.informationFraction)
    case 'mixture': {
      const r = computeOptimalMixingRatio(tuningLevel)
      const w = design.varianceRatio
      const logLikelihoodRatio = 0.5 * Math.log(w / (w + r)) + (r * z * z) / (2 * (w + r))
      return Math.min(1, Math.exp(-logLikelihoodRatio))
    }
    case 'fixed':
      return normalUpperTail(z)
  }
}
