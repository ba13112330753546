import { holmAdjust } from '../stats/holm-adjustment.ts'
import type { Experiment, Guardrail } from '../types.ts'
import { checkVerdictInput } from './check-verdict-input.ts'
import type { Comparison } from './comparison.ts'
import { buildComparisons, resolvePlan } from './comparison.ts'
import type { GuardrailEvaluationInput } from './guardrail-effect.ts'
import { evaluateGuardrail } from './guardrail-effect.ts'
import { computeSamplesNeeded } from './samples-needed.ts'
import { checkSampleRatio, SRM_P_THRESHOLD } from './srm-check.ts'
import { describeGuardrail, describeSampleRatioMismatch } from './verdict-reasons.ts'
import type { GuardrailResult, Verdict, VerdictInput } from './verdict-types.ts'

/**
 * Decides the gate's verdict from per-arm sufficient statistics, exactly as DESIGN.md "Verdict" says.
 * For every guardrail and candidate, δ is the candidate's degradation versus control (positive = worse)
 * with an always-valid interval at α/m (Bonferroni over the m guardrail × candidate pairs) and an
 * always-valid p-value for H0: δ ≤ δ₀, Holm-adjusted over the same m. δ₀ follows `analysis.failRule`:
 * 0 for `estimate` (the default), the tolerance for `bound`.
 *
 * - `fail`: some δ is significant (Holm-adjusted p ≤ α) and its estimate is beyond the tolerance. Under
 *   `bound` that p tests δ ≤ tolerance, so the fail is "significantly beyond the tolerance" and a
 *   candidate inside its tolerance fails with probability ≤ α.
 * - `review`: sample-ratio mismatch (χ², p < 0.001); or, with nothing failed or passed, the horizon
 *   (`horizon_days`, or the planned units per arm) is reached.
 * - `pass`: every δ's upper bound is below its tolerance, every arm has `min_units_per_arm`, no SRM.
 * - `inconclusive`: otherwise, with the units still needed per arm and an ETA.
 * A fail outranks an SRM (a candidate that crashes sessions can cause both). No data never passes; a
 * shadow-only candidate (weight 0) without shadow pairs is "nothing to gate yet". With
 * `method: fixed`, the intervals are classical z-intervals and nothing is decided before the planned size.
 * Each look's intervals are valid on their own (confidence sequences hold at any stopping time), so the
 * gate may recompute from scratch on every run.
 *
 * @param input - The experiment, observations per arm, observed days, traffic and plan.
 * @returns The verdict with its reasons, guardrail results, SRM check and samples needed.
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
  const testing = { intervalAlpha: perInterval, method, failRule }
  const drafts = comparisons.flatMap((comparison) =>
    experiment.guardrails.map((guardrail) => draftResult(guardrail, comparison, testing)),
  )
  const adjusted = holmAdjust(drafts.map((draft) => draft.pValue ?? 1))
  const waiting = method === 'fixed' && !comparisons.every((c) => reachedPlan(c, plan.unitsPerArm))
  const guardrails = drafts.map((draft, i) => settle(draft, adjusted[i] ?? 1, familyWise, waiting))
  const srm = checkSampleRatio(experiment, input.arms)
  const base = { guardrails, srm, alpha: { familyWise, perInterval }, plan }

  const describe = (result: GuardrailResult) => describeGuardrail(result, failRule)
  const failed = guardrails.filter((result) => result.status === 'fail')
  if (failed.length > 0) return { ...base, status: 'fail', reasons: failed.map(describe) }
  if (srm.pValue < SRM_P_THRESHOLD)
    return { ...base, status: 'review', reasons: [describeSampleRatioMismatch(srm)] }

  const blockers = listBlockers(input, comparisons, guardrails)
  if (blockers.length === 0)
    return { ...base, status: 'pass', reasons: [describePass(experiment, comparisons.length, perInterval)] }
  const gateable = comparisons.some((comparison) => !comparison.nothingToGate)
  const horizon = describeHorizon(input, comparisons, plan)
  if (gateable && horizon !== undefined) return { ...base, status: 'review', reasons: [horizon, ...blockers] }
  const samplesNeeded = computeSamplesNeeded(input, comparisons, guardrails, perInterval)
  return {
    ...base,
    status: 'inconclusive',
    reasons: blockers,
    ...(samplesNeeded === undefined ? {} : { samplesNeeded }),
  }
}

type Draft = Omit<GuardrailResult, 'adjustedPValue'>

/** How every guardrail is tested: the per-interval level, the method and the fail rule. */
type Testing = Pick<GuardrailEvaluationInput, 'intervalAlpha' | 'method' | 'failRule'>

function draftResult(guardrail: Guardrail, comparison: Comparison, testing: Testing): Draft {
  const { metric, bound, tolerance } = guardrail
  const limit = tolerance.kind === 'threshold' ? 0 : tolerance.value
  const common = { metric, arm: comparison.candidate.name, bound, tolerance, limit, units: comparison.units }
  if (comparison.nothingToGate) {
    return {
      ...common,
      status: 'no_data',
      note: 'shadow-only candidate (weight 0) without shadow pairs: nothing to gate yet',
    }
  }
  const evaluation = evaluateGuardrail({
    guardrail,
    control: comparison.controlMetrics[metric],
    candidate: comparison.candidateMetrics[metric],
    plannedUnits: comparison.plannedUnitsFor(metric),
    ...testing,
  })
  if (evaluation.kind === 'no_data') return { ...common, status: 'no_data', note: evaluation.note }
  if (evaluation.kind === 'undecidable') return { ...common, status: 'inconclusive', note: evaluation.note }
  const { estimate, lower, upper, pValue } = evaluation
  return {
    ...common,
    estimate,
    interval: { lower, upper },
    pValue,
    method: evaluation.method,
    status: 'inconclusive',
  }
}

function settle(draft: Draft, adjustedPValue: number, alpha: number, waiting: boolean): GuardrailResult {
  if (draft.estimate === undefined || draft.interval === undefined) return draft
  const result = { ...draft, adjustedPValue }
  // One rule serves both fail rules: only the p-value's null differs (δ ≤ 0 or δ ≤ limit). Under `bound`
  // a p-value below 1 already means δ̂ > limit, so the estimate check is then redundant, not different.
  const verdict =
    adjustedPValue <= alpha && draft.estimate > draft.limit
      ? 'fail'
      : draft.interval.upper < draft.limit
        ? 'pass'
        : 'inconclusive'
  if (waiting && verdict !== 'inconclusive') {
    return {
      ...result,
      status: 'inconclusive',
      note: 'method: fixed decides once every arm reaches the planned units',
    }
  }
  return { ...result, status: verdict }
}

function listBlockers(
  input: VerdictInput,
  comparisons: readonly Comparison[],
  guardrails: readonly GuardrailResult[],
): string[] {
  const { minUnitsPerArm, failRule } = input.experiment.analysis
  const blockers: string[] = []
  if (comparisons.length === 0) blockers.push('the experiment has no candidate arm: nothing to gate')
  for (const comparison of comparisons) {
    const { candidate, units } = comparison
    if (comparison.nothingToGate) {
      blockers.push(
        `${candidate.name} is shadow-only (weight 0) and has no shadow pairs yet: nothing to gate`,
      )
      continue
    }
    for (const [role, count] of [
      [comparison.control.name, units.control],
      [candidate.name, units.candidate],
    ] as const) {
      if (count < minUnitsPerArm)
        blockers.push(`${role} has ${count} of the ${minUnitsPerArm} units a pass needs (min_units_per_arm)`)
    }
  }
  for (const result of guardrails) {
    if (result.status === 'pass' || result.status === 'fail') continue
    if (result.note?.startsWith('shadow-only') === true) continue
    const waitingNote = result.estimate !== undefined && result.note !== undefined ? ` (${result.note})` : ''
    blockers.push(
      result.estimate === undefined
        ? describeGuardrail(result, failRule)
        : `undecided: ${describeGuardrail(result, failRule)}${waitingNote}`,
    )
  }
  return [...new Set(blockers)]
}

function describePass(experiment: Experiment, candidates: number, perInterval: number): string {
  const count = experiment.guardrails.length
  if (count === 0) {
    return `no guardrails are configured: only the units per arm (≥ ${experiment.analysis.minUnitsPerArm}) and the traffic split were checked`
  }
  return `every guardrail's always-valid upper bound is below its tolerance (${count} guardrail(s) × ${candidates} candidate(s), each interval at α/m = ${perInterval.toPrecision(2)}), every arm has at least ${experiment.analysis.minUnitsPerArm} units, and the split matches the weights`
}

function describeHorizon(
  input: VerdictInput,
  comparisons: readonly Comparison[],
  plan: Verdict['plan'],
): string | undefined {
  const { horizonDays } = input.experiment.analysis
  if (input.observedDays >= horizonDays) {
    return `undecided after ${input.observedDays} days, at the ${horizonDays}-day horizon: a person should decide`
  }
  const gated = comparisons.filter((comparison) => !comparison.nothingToGate)
  if (plan.source !== 'default' && gated.length > 0 && gated.every((c) => reachedPlan(c, plan.unitsPerArm))) {
    return `undecided at the planned ${plan.unitsPerArm} units per arm: a person should decide`
  }
  return undefined
}

function reachedPlan(comparison: Comparison, planned: number): boolean {
  return Math.min(comparison.units.control, comparison.units.candidate) >= planned
}
