import { CoreError } from '../errors.ts'
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
  /** Units per arm for a fixed-horizon test (one look). */
  readonly fixedHorizon?: ArmSizes
  /** Units per arm for the always-valid sequence (any number of looks). */
  readonly sequential?: ArmSizes
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
 * Plans an experiment: per guardrail and candidate, the units per arm needed to detect a regression
 * equal to the tolerance with the configured power at α / (guardrails × candidates) (Bonferroni, the
 * same level as the verdict's intervals), then the days that takes at the given traffic. Sizes come
 * from `stats/power-analysis.ts` (Cohen's h for rates, the noncentral t for means; quantiles through a
 * lognormal approximation) and are scaled up for the always-valid sequence when `analysis.method` is
 * `sequential`. Allocation follows the weights; a shadow-only candidate is paired 1:1 with control
 * sessions and its pairs arrive at `shadow` × the control's traffic. Called by `llm-canary plan`.
 *
 * @param experiment - The validated experiment.
 * @param baselines - What is known per metric before the experiment (see `MetricBaseline`).
 * @param options - Optional traffic, for `days`.
 * @returns Sizes per guardrail, per arm, the planned units per arm and the days.
 * @throws {CoreError} `INVALID_ARGUMENT` for a baseline outside its domain, negative traffic, or an
 *   experiment without a control arm.
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
  const control = experiment.arms.find((arm) => arm.isControl)
  if (control === undefined) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `experiment "${experiment.id}" has no control arm; name one arm control`,
    )
  }
  const { alpha, power, method } = experiment.analysis
  const candidates = experiment.arms.filter((arm) => !arm.isControl)
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
      return { ...base, ...sized }
    }),
  )
  const unitsPerArm: Record<string, number> = Object.fromEntries(experiment.arms.map((arm) => [arm.name, 0]))
  let planned: number | undefined
  for (const plan of guardrails) {
    const sizes = method === 'sequential' ? plan.sequential : plan.fixedHorizon
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

/** n_candidate / n_control: by weight, or 1:1 pairs for a shadow-only candidate; a string says why not. */
function allocationRatio(control: Arm, candidate: Arm): number | string {
  if (candidate.weight > 0) {
    return control.weight > 0
      ? candidate.weight / control.weight
      : 'control has weight 0, so there is nothing to compare with'
  }
  return candidate.shadow > 0 ? 1 : `${candidate.name} has weight 0 and no shadow share: it receives no data`
}
