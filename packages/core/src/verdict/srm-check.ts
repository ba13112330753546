import { sampleRatioMismatchTest } from '../stats/sample-ratio-mismatch.ts'
import type { Experiment } from '../types.ts'
import type { ArmObservations, SrmResult } from './verdict-types.ts'

/** p-value below which the split is declared broken (DESIGN.md: review on SRM, p < 0.001). */
export const SRM_P_THRESHOLD = 0.001

/**
 * Checks the traffic split: Pearson's χ² of the units each arm received against its weight (see
 * `sampleRatioMismatchTest`). Shadow pairs are not traffic and are left out; a weight-0 arm that received
 * traffic units is a certain mismatch. Internal to the verdict.
 *
 * @param experiment - Arms and weights.
 * @param observations - Per-arm observations; arms left out count 0 units.
 * @returns The statistic, p-value and the observed and expected units per arm (p-value 1 without units).
 */
export function checkSampleRatio(
  experiment: Experiment,
  observations: readonly ArmObservations[],
): SrmResult {
  const trafficUnits = (name: string): number =>
    observations.find((obs) => obs.arm === name && (obs.source ?? 'traffic') === 'traffic')?.units ?? 0
  const tested = experiment.arms.filter((arm) => arm.weight > 0 || trafficUnits(arm.name) > 0)
  const observedList = tested.map((arm) => trafficUnits(arm.name))
  const shares = tested.map((arm) => arm.weight / 100)
  const total = observedList.reduce((sum, units) => sum + units, 0)
  const observed = Object.fromEntries(tested.map((arm, i) => [arm.name, observedList[i] ?? 0]))
  const expected = Object.fromEntries(tested.map((arm, i) => [arm.name, total * (shares[i] ?? 0)]))
  if (tested.length < 2 || total === 0) return { pValue: 1, statistic: 0, observed, expected }
  const { statistic, pValue } = sampleRatioMismatchTest(observedList, shares)
  return { pValue, statistic, observed, expected }
}
