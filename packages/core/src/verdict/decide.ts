import { holmAdjust } from '../stats/holm-adjustment.ts'
import type { Guardrail } from '../types.ts'
import { checkVerdictInput } from './check-verdict-input.ts'
import type { Comparison } from './comparison.ts'
import { buildComparisons, resolveDesign, resolvePlan } from './comparison.ts'
import { describeDegradation } from './degradation-scale.ts'
import { evaluateGuardrail } from './guardrail-effect.ts'
import { computeSamplesNeeded, projectGuardrailNeeds } from './samples-needed.ts'
import { checkSampleRatio, SRM_P_THRESHOLD } from './srm-check.ts'
import {
  describeBlockers,
  describeGuardrail,
  describeHorizon,
  describePass,
  describeSampleRatioMismatch,
} from './verdict-reasons.ts'
import type { GuardrailResult, GuardrailStatus, Verdict, VerdictInput } from './verdict-types.ts'
import { withholdPass } from './withhold-pass.ts'

/**
 * Decides the gate's verdict from per-arm sufficient statistics, exactly as DESIGN.md "Verdict" says.
 * For every guardrail and candidate, δ is the candidate's degradation versus control (positive = worse)
 * with an interval at α/m (Bonferroni over the m guardrail × candidate pairs) valid at every look, and
 * p-values for H0: δ ≤ limit and H0: δ ≤ 0, each family Holm-adjusted over the same m.
 *
 * - `fail`: some δ is significantly beyond its tolerance (Holm-adjusted p of H0: δ ≤ limit ≤ α). Under
 *   `fail_rule: estimate` a suspected regression fails too.
 * - `review`: a sample-ratio mismatch (χ², p < 0.001); a suspected regression — δ significantly above 0
 *   (Holm) with δ̂ beyond the tolerance, not yet significantly beyond it — with the units that would
 *   settle it; or, with nothing decided, the horizon (`horizon_days`, or the planned units) reached.
 * - `pass`: every δ's upper bound is below its tolerance, every arm has `min_units_per_arm`, no SRM.
 * - `inconclusive`: otherwise, with the units still needed per arm and an ETA.
 * A fail outranks an SRM (a candidate that crashes sessions can cause both). No data never passes, nor
 * does a candidate with values set aside as implausible (`withholdPass`); a shadow-only candidate
 * (weight 0) without shadow pairs is "nothing to gate yet".
 *
 * The design follows `analysis.method`: with a horizon (the plan, `max_units_per_arm`, or `horizon_days`)
 * the default `sequential` uses the continuous-monitoring O'Brien–Fleming-type α-spending boundary (valid
 * for any schedule of looks up to the horizon, so the gate may recompute from scratch on every run);
 * `open_ended` uses the always-valid confidence sequences; `fixed` classical z-tests at the planned size.
 *
 * @param input - The experiment, observations per arm, observed days, traffic and plan.
 * @returns The verdict with its cause, reasons, guardrail results, SRM check and samples needed.
 * @throws {CoreError} `INVALID_ARGUMENT` for observations of an arm the experiment does not have, the
 *   same arm twice, a unit count that is not a whole number ≥ 0, negative days or traffic, a plan not
 *   above 0, or observations whose kind does not fit the metric.
 * @example
 * const verdict = decideVerdict({
 *   experiment,
 *   arms: [
 *     { arm: 'control', units: 4000, metrics: { cost_per_run_usd: { kind: 'mean', summary: controlCost.summary() } } },
 *     { arm: 'candidate', units: 1000, metrics: { cost_per_run_usd: { kind: 'mean', summary: candidateCost.summary() } } },
 *   ],
 *   observedDays: 3,
 * })
 * verdict.status // 'pass' | 'fail' | 'inconclusive' | 'review'
 */
export function decideVerdict(input: VerdictInput): Verdict {
  checkVerdictInput(input)
  const { experiment } = input
  const { alpha: familyWise, method, failRule } = experiment.analysis
  const plan = resolvePlan(input)
  const comparisons = buildComparisons(input, plan.unitsPerArm)
  const m = experiment.guardrails.length * comparisons.length
  const perInterval = m > 0 ? familyWise / m : familyWise
  const drafts = comparisons.flatMap((comparison) =>
    experiment.guardrails.map((guardrail) => ({
      comparison,
      draft: draftResult({ input, plan, guardrail, comparison, perInterval }),
    })),
  )
  const adjusted = holmAdjust(drafts.map(({ draft }) => draft.pValue ?? 1))
  const adjustedVsControl = holmAdjust(drafts.map(({ draft }) => draft.pValueVsControl ?? 1))
  const waiting = method === 'fixed' && !comparisons.every((c) => reachedPlan(c, plan.unitsPerArm))
  const guardrails = drafts.map(({ draft, comparison }, i) => {
    const settled = settle(draft, {
      adjustedPValue: adjusted[i] ?? 1,
      adjustedPValueVsControl: adjustedVsControl[i] ?? 1,
      alpha: familyWise,
      waiting,
      failRule,
    })
    if (settled.reason !== 'undecided' && settled.reason !== 'suspected_regression') return settled
    return { ...settled, unitsNeeded: projectGuardrailNeeds(settled, comparison, failRule, perInterval) }
  })
  const srm = checkSampleRatio(experiment, input.arms)
  const base = { guardrails, srm, alpha: { familyWise, perInterval }, plan }
  const describe = (result: GuardrailResult) => describeGuardrail(result, failRule)

  const failed = guardrails.filter((result) => result.status === 'fail')
  if (failed.length > 0)
    return { ...base, status: 'fail', cause: 'guardrail_failed', reasons: failed.map(describe) }
  if (srm.pValue < SRM_P_THRESHOLD) {
    return {
      ...base,
      status: 'review',
      cause: 'sample_ratio_mismatch',
      reasons: [describeSampleRatioMismatch(srm)],
    }
  }
  const blockers = describeBlockers(input, comparisons, guardrails)
  const suspected = guardrails.filter((result) => result.status === 'suspected_regression')
  if (blockers.length === 0 && suspected.length === 0) {
    const cause = experiment.guardrails.length === 0 ? 'no_guardrails' : 'all_within_tolerance'
    return withholdPass(
      {
        ...base,
        status: 'pass',
        cause,
        reasons: [describePass(experiment, comparisons.length, perInterval)],
      },
      input,
    )
  }
  const samplesNeeded = computeSamplesNeeded(input, comparisons, guardrails, perInterval)
  const needed = samplesNeeded === undefined ? {} : { samplesNeeded }
  if (suspected.length > 0) {
    return {
      ...base,
      status: 'review',
      cause: 'suspected_regression',
      reasons: [...suspected.map(describe), ...blockers],
      ...needed,
    }
  }
  const gateable = comparisons.some((comparison) => !comparison.nothingToGate)
  const horizon = describeHorizon(input, comparisons, plan)
  if (gateable && horizon !== undefined)
    return { ...base, status: 'review', cause: 'horizon_reached', reasons: [horizon, ...blockers] }
  return {
    ...base,
    status: 'inconclusive',
    cause: gateable ? 'undecided' : 'nothing_to_gate',
    reasons: blockers,
    ...needed,
  }
}

type Draft = Omit<GuardrailResult, 'adjustedPValue' | 'adjustedPValueVsControl'>

function draftResult(options: {
  input: VerdictInput
  plan: Verdict['plan']
  guardrail: Guardrail
  comparison: Comparison
  perInterval: number
}): Draft {
  const { input, plan, guardrail, comparison, perInterval } = options
  const { metric, bound, tolerance } = guardrail
  const limit = tolerance.kind === 'threshold' ? 0 : tolerance.value
  const common = { metric, arm: comparison.candidate.name, bound, tolerance, limit, units: comparison.units }
  if (comparison.nothingToGate) {
    return {
      ...common,
      status: 'no_data',
      reason: 'shadow_without_pairs',
      note: 'shadow-only candidate (weight 0) without shadow pairs: nothing to gate yet',
    }
  }
  const threshold = describeDegradation(guardrail).mode === 'threshold'
  const design = resolveDesign(input, plan, comparison, threshold)
  const evaluation = evaluateGuardrail({
    guardrail,
    control: comparison.controlMetrics[metric],
    candidate: comparison.candidateMetrics[metric],
    plannedUnits: comparison.plannedUnitsFor(metric),
    intervalAlpha: perInterval,
    failRule: input.experiment.analysis.failRule,
    design,
  })
  if (evaluation.kind !== 'measured') {
    const status: GuardrailStatus = evaluation.kind === 'no_data' ? 'no_data' : 'inconclusive'
    return { ...common, status, reason: evaluation.reason, note: evaluation.note }
  }
  const { estimate, lower, upper, pValue, pValueVsControl } = evaluation
  const fraction =
    design.kind === 'group-sequential' ? { informationFraction: design.informationFraction } : {}
  return {
    ...common,
    estimate,
    interval: { lower, upper },
    pValue,
    pValueVsControl,
    method: evaluation.method,
    ...fraction,
    status: 'inconclusive',
    reason: 'undecided',
  }
}

function settle(
  draft: Draft,
  options: {
    adjustedPValue: number
    adjustedPValueVsControl: number
    alpha: number
    waiting: boolean
    failRule: 'estimate' | 'bound'
  },
): GuardrailResult {
  if (draft.estimate === undefined || draft.interval === undefined) return draft
  const { adjustedPValue, adjustedPValueVsControl, alpha, waiting, failRule } = options
  const result = { ...draft, adjustedPValue, adjustedPValueVsControl }
  if (waiting) return { ...result, reason: 'waiting_for_planned_size' }
  // A group-sequential design has spent its α at the horizon: past it, it decides nothing more.
  if ((draft.informationFraction ?? 0) > 1) return { ...result, reason: 'past_horizon' }
  const beyond = draft.estimate > draft.limit
  // Under `bound` a p-value below 1 already means δ̂ > limit; the estimate check matters for `estimate`.
  if (adjustedPValue <= alpha && beyond) {
    const reason = failRule === 'bound' ? 'beyond_tolerance' : 'worse_and_estimate_beyond'
    return { ...result, status: 'fail', reason }
  }
  if (adjustedPValueVsControl <= alpha && beyond)
    return { ...result, status: 'suspected_regression', reason: 'suspected_regression' }
  if (draft.interval.upper < draft.limit) return { ...result, status: 'pass', reason: 'within_tolerance' }
  return result
}

function reachedPlan(comparison: Comparison, planned: number): boolean {
  return Math.min(comparison.units.control, comparison.units.candidate) >= planned
}
