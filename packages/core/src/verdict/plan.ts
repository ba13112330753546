import { requireNonNegative } from '../stats/argument-checks.ts'
import type { Arm, Experiment, GuardrailMetric } from '../types.ts'
import type { ArmSizes, MetricBaseline } from './plan-sizes.ts'
import { sizeGuardrail } from './plan-sizes.ts'
import { estimateDays } from './samples-needed.ts'

/** Options of `planExperiment`. */
export interface PlanOptions {
  /** Units entering the experiment per day, all arms together; gives `days`. */
  readonly unitsPerDay?: number
}

/** How one guardrail on one candidate was sized. */
export interface GuardrailPlan {
  readonly metric: GuardrailMetric
  /** The candidate arm. */
  readonly arm: string
  /** `none` when it could not be sized (no baseline, or a note says why). */
  readonly method: 'two-proportions' | 'two-means' | 'one-sample' | 'lognormal-quantile' | 'none'
  /** Units per arm for one look detecting a regression equal to the tolerance against 0 (the reference). */
  readonly fixedHorizon?: ArmSizes
  /** One look, fail side of `fail_rule: bound`: twice the tolerance detected against the tolerance. */
  readonly failSide?: ArmSizes
  /** One look, pass side: a candidate as good as control shown to be within the tolerance. */
  readonly passSide?: ArmSizes
  /**
   * The group-sequential horizon: the larger side sized for the horizon's critical value z_{1−α/(2m)}
   * (on Student's t), so that the look at the horizon alone has the planned power (~1.27 × the one look at
   * α = 0.05, ~1.2 at α = 0.01); every earlier look only adds to it.
   */
  readonly groupSequential?: ArmSizes
  /** The open-ended confidence sequence (any number of looks, no horizon): the larger side × ~1.9. */
  readonly sequential?: ArmSizes
  /** The design the verdict gives this guardrail under the experiment's `analysis.method`. */
  readonly design?: 'group-sequential' | 'group-sequential-quantile' | 'open-ended' | 'fixed'
  /** Why that design, in a sentence. */
  readonly why?: string
  readonly note?: string
}

/** What `planExperiment` returns. */
export interface ExperimentPlan {
  /** Level of each test: α over guardrails × candidates (Bonferroni), as the verdict's intervals use. */
  readonly alphaPerTest: number
  readonly guardrails: readonly GuardrailPlan[]
  /** Units each arm needs: the largest over its guardrails, for the configured `analysis.method`. */
  readonly unitsPerArm: Readonly<Record<string, number>>
  /**
   * The smaller arm's need, the number to give `decideVerdict` as `plannedUnitsPerArm` (or to write as
   * `max_units_per_arm`). Absent when nothing could be sized.
   */
  readonly plannedUnitsPerArm?: number
  /** Days to reach `unitsPerArm` at `options.unitsPerDay`; absent without traffic or sizes. */
  readonly days?: number
}

/**
 * Plans an experiment for the default fail rule (`bound`): per guardrail and candidate, the units per arm
 * for which a regression of twice the tolerance fails (tested against the tolerance) and a candidate as
 * good as control passes (the tolerance against 0) with the configured power, at α / (guardrails ×
 * candidates) (Bonferroni, the level of the verdict's intervals), scaled for the design `analysis.method`
 * gives it (group-sequential by default: the horizon's look alone has the power, ~1.27 × one look at
 * α/m = 0.05; open-ended: × ~1.9), then the days that takes at the
 * given traffic. The one-look size for a regression equal to the tolerance against 0 (Cohen's h for
 * rates, the noncentral t for means; quantiles through a lognormal approximation) is kept as the
 * reference `fixedHorizon`. Allocation follows the weights; a shadow-only candidate is paired 1:1 with control
 * sessions and its pairs arrive at `shadow` × the control's traffic. Called by `llm-canary plan`.
 *
 * @param experiment - The validated experiment.
 * @param baselines - What is known per metric before the experiment (see `MetricBaseline`).
 * @param options - Optional traffic, for `days`.
 * @returns Sizes per guardrail, per arm, the planned units per arm and the days.
 * @throws {CoreError} `INVALID_ARGUMENT` for a baseline outside its domain or negative traffic.
 * @example
 * planExperiment(experiment, { error_rate: { kind: 'rate', rate: 0.02 }, cost_per_run_usd: { kind: 'mean', mean: 0.04, sd: 0.03 } }, { unitsPerDay: 5000 })
 * // { alphaPerTest, guardrails: [{ metric, arm, method, fixedHorizon, sequential }], unitsPerArm, plannedUnitsPerArm, days }
 */
export function planExperiment(
  experiment: Experiment,
  baselines: Readonly<Partial<Record<GuardrailMetric, MetricBaseline>>>,
  options: PlanOptions = {},
): ExperimentPlan {
  if (options.unitsPerDay !== undefined) requireNonNegative('unitsPerDay', options.unitsPerDay)
  const { control, candidates } = experiment
  const { alpha, power, method } = experiment.analysis
  const tests = experiment.guardrails.length * candidates.length
  const alphaPerTest = tests > 0 ? alpha / tests : alpha
  const guardrails = candidates.flatMap((candidate) =>
    experiment.guardrails.map((guardrail): GuardrailPlan => {
      const base = { metric: guardrail.metric, arm: candidate.name }
      const ratio = allocationRatio(control, candidate)
      if (typeof ratio === 'string') return { ...base, method: 'none', note: ratio }
      const sized = sizeGuardrail({
        guardrail,
        baseline: baselines[guardrail.metric],
        alpha: alphaPerTest,
        power,
        ratio,
      })
      if (sized.method === 'none') return { ...base, ...sized }
      return { ...base, ...sized, ...chooseDesign(method, sized.method === 'lognormal-quantile') }
    }),
  )
  const unitsPerArm: Record<string, number> = Object.fromEntries(experiment.arms.map((arm) => [arm.name, 0]))
  let planned: number | undefined
  for (const plan of guardrails) {
    const sizes =
      method === 'sequential'
        ? plan.groupSequential
        : method === 'open_ended'
          ? plan.sequential
          : largerSide(plan.failSide, plan.passSide)
    if (sizes === undefined) continue
    unitsPerArm[control.name] = Math.max(unitsPerArm[control.name] ?? 0, sizes.control)
    unitsPerArm[plan.arm] = Math.max(unitsPerArm[plan.arm] ?? 0, sizes.candidate)
    const smaller = plan.method === 'one-sample' ? sizes.candidate : Math.min(sizes.control, sizes.candidate)
    planned = Math.max(planned ?? 0, smaller)
  }
  const days =
    planned === undefined || options.unitsPerDay === undefined
      ? undefined
      : estimateDays(experiment, unitsPerArm, options.unitsPerDay)
  return {
    alphaPerTest,
    guardrails,
    unitsPerArm,
    ...(planned === undefined ? {} : { plannedUnitsPerArm: planned }),
    ...(days === undefined ? {} : { days }),
  }
}

function largerSide(fail: ArmSizes | undefined, pass: ArmSizes | undefined): ArmSizes | undefined {
  if (fail === undefined || pass === undefined) return fail ?? pass
  return {
    control: Math.max(fail.control, pass.control),
    candidate: Math.max(fail.candidate, pass.candidate),
  }
}

/** The design a guardrail gets under `analysis.method`, and why. */
function chooseDesign(
  method: 'sequential' | 'open_ended' | 'fixed',
  quantile: boolean,
): Pick<GuardrailPlan, 'design' | 'why'> {
  if (method === 'fixed') {
    return { design: 'fixed', why: 'method: fixed: one z-test once every arm reaches the planned units' }
  }
  if (method === 'open_ended') {
    return {
      design: 'open-ended',
      why: 'method: open_ended: always-valid confidence sequences with no horizon (about 1.9 times the units of one look)',
    }
  }
  const shared =
    'a horizon is planned (write max_units_per_arm), so an O’Brien–Fleming-type alpha-spending boundary under continuous monitoring: valid however many looks the gate takes up to the horizon, sized so that at the horizon alone twice the tolerance fails and a candidate as good as control passes with the planned power'
  return quantile
    ? {
        design: 'group-sequential-quantile',
        why: `${shared}; on the log quantile with an order-statistic standard error (McKean–Schrader)`,
      }
    : { design: 'group-sequential', why: shared }
}

/** n_candidate / n_control: by weight, or 1:1 pairs for a shadow-only candidate; a string says why not. */
function allocationRatio(control: Arm, candidate: Arm): number | string {
  if (candidate.weight > 0) {
    return control.weight > 0
      ? candidate.weight / control.weight
      : 'control has weight 0, so there is nothing to compare with'
  }
  return candidate.shadow > 0 ? 1 : `${candidate.name} has weight 0 and no shadow share: it receives no data`
}
