import type { Verdict, VerdictInput } from './verdict-types.ts'

/**
 * The rules that keep a pass from data the intervals alone would pass, applied to every verdict
 * (overall, per agent, each look of the history):
 * - no units at all is never a pass, whatever `min_units_per_arm` says: inconclusive, `nothing_to_gate`;
 * - values set aside as implausible in a candidate's data (a runaway cost, a stuck call) could have been
 *   its regression: the rest of the data does not pass it, a person looks (review, `values_set_aside`).
 * Values set aside in control cannot hide a candidate's regression and do not count.
 *
 * @param verdict - The verdict the statistics reached.
 * @param input - The verdict's input (`arms` for the units, `setAside` for the values set aside).
 * @returns The verdict, or the pass withheld.
 */
export function withholdPass(verdict: Verdict, input: VerdictInput): Verdict {
  if (verdict.status !== 'pass') return verdict
  const { experiment } = input
  const units = input.arms.reduce((sum, arm) => sum + arm.units, 0)
  if (units === 0) {
    return {
      ...verdict,
      status: 'inconclusive',
      cause: 'nothing_to_gate',
      reasons: [`no ${experiment.unit}s of experiment "${experiment.id}" were found: nothing to decide`],
    }
  }
  const setAside = experiment.candidates.reduce((sum, arm) => sum + (input.setAside?.[arm.name] ?? 0), 0)
  if (setAside === 0) return verdict
  return {
    ...verdict,
    status: 'review',
    cause: 'values_set_aside',
    reasons: [
      `${setAside} implausible value(s) in the candidate's spans were set aside (see the extraction warnings); ` +
        'the rest of the data passes, but what was set aside could be a regression: check those spans before merging',
      ...verdict.reasons,
    ],
  }
}
