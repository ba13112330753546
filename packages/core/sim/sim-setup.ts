/**
 * The experiments the simulations gate, as a user would write them in experiment.yaml, and the sizes the
 * power analysis gives for them: what the sequences are tuned for and what a fixed-horizon test needs.
 */
import type { Experiment, ExperimentPlan, GuardrailMetric, MetricBaseline, SampleSize } from '../src/index.ts'
import {
  computeSampleSizeForMeans,
  computeSampleSizeForProportions,
  loadExperiment,
  normalQuantile,
  planExperiment,
} from '../src/index.ts'
import type { FailRule } from './sim-model.ts'
import {
  BASE_ERROR_RATE,
  CANDIDATE_SHARE,
  COST_LOG_MEAN,
  COST_LOG_SD,
  COST_TOLERANCE,
  ERROR_RATE_TOLERANCE,
  LATENCY_LOG_SD,
  LATENCY_QUANTILE,
  P95_TOLERANCE,
} from './sim-model.ts'

/** An experiment to gate and the planned units per arm its sequences are tuned for. */
export interface SimSetup {
  readonly experiment: Experiment
  /** `planExperiment(...).plannedUnitsPerArm`, given to `decideVerdict` as `plannedUnitsPerArm`. */
  readonly plannedUnitsPerArm: number
  /** The whole plan, with each guardrail's own fixed-horizon and sequential sizes. */
  readonly plan: ExperimentPlan
}

/** Fixed-horizon sizes per arm for one guardrail: for a regression equal to the tolerance and to the simulated one. */
export interface FixedHorizonSizes {
  readonly metric: GuardrailMetric
  /** What a fixed-horizon test planned for the tolerance waits for (the effect is unknown when planning). */
  readonly atTolerance: SampleSize
  /** What a fixed-horizon test needs for the simulated regression (twice the tolerance), known in hindsight. */
  readonly atSimulatedEffect: SampleSize
}

const ARMS = {
  control: { model: 'openai:gpt-4.1', weight: Math.round(100 * (1 - CANDIDATE_SHARE)) },
  candidate: { model: 'openai:gpt-5', weight: Math.round(100 * CANDIDATE_SHARE) },
}

const COST_MEAN_USD = Math.exp(COST_LOG_MEAN + COST_LOG_SD ** 2 / 2)
const COST_SD_USD = COST_MEAN_USD * Math.sqrt(Math.expm1(COST_LOG_SD ** 2))

const MEAN_BASELINES: Readonly<Partial<Record<GuardrailMetric, MetricBaseline>>> = {
  cost_per_run_usd: { kind: 'mean', mean: COST_MEAN_USD, sd: COST_SD_USD },
  error_rate: { kind: 'rate', rate: BASE_ERROR_RATE },
}

const QUANTILE_BASELINES: Readonly<Partial<Record<GuardrailMetric, MetricBaseline>>> = {
  latency_p95_ms: { kind: 'lognormal', sigma: LATENCY_LOG_SD },
}

/**
 * The experiment with a cost-per-run guardrail (`max_increase: 10%`) and an error-rate guardrail
 * (`max_increase: 1pp`), default analysis (α 0.05, power 0.8, sequential, 100 units per arm), 80/20.
 *
 * @param failRule - `analysis.fail_rule`; default `estimate`. The plan does not depend on it.
 * @returns The experiment and its planned units per arm.
 */
export function buildMeanSetup(failRule: FailRule = 'estimate'): SimSetup {
  return buildSetup({
    guardrails: {
      cost_per_run_usd: { max_increase: `${COST_TOLERANCE * 100}%` },
      error_rate: { max_increase: `${ERROR_RATE_TOLERANCE * 100}pp` },
    },
    baselines: MEAN_BASELINES,
    failRule,
  })
}

/**
 * The experiment with one guardrail, P95 latency `max_increase: 10%`, default analysis, 80/20.
 *
 * @param failRule - `analysis.fail_rule`; default `estimate`. The plan does not depend on it.
 * @returns The experiment and its planned units per arm.
 */
export function buildQuantileSetup(failRule: FailRule = 'estimate'): SimSetup {
  return buildSetup({
    guardrails: { latency_p95_ms: { max_increase: `${P95_TOLERANCE * 100}%` } },
    baselines: QUANTILE_BASELINES,
    failRule,
  })
}

/**
 * Fixed-horizon sizes (one look, power 0.8, two-sided at α/m as `planExperiment` uses) for every guardrail
 * of both experiments, from `computeSampleSizeForMeans` / `computeSampleSizeForProportions`; the P95 size
 * uses the plan's lognormal approximation (a relative change of the quantile is a shift of ln(1 + change)
 * in log-latency, whose sample quantile has sd σ·√(p(1 − p))/φ(z_p) per unit).
 *
 * @returns One entry per guardrail: cost per run, error rate, P95 latency.
 * @throws {Error} When the sizes at the tolerance differ from `planExperiment`'s fixed-horizon sizes (the
 *   simulation and the plan would then describe different tests).
 */
export function computeFixedHorizonSizes(): FixedHorizonSizes[] {
  const mean = buildMeanSetup().experiment
  const quantile = buildQuantileSetup().experiment
  const planning = (experiment: Experiment) => ({
    alpha: experiment.analysis.alpha / experiment.guardrails.length,
    power: experiment.analysis.power,
    ratio: ARMS.candidate.weight / ARMS.control.weight,
  })
  const costAt = (change: number) =>
    computeSampleSizeForMeans({ ...planning(mean), delta: change * COST_MEAN_USD, sd: COST_SD_USD })
  const errorAt = (change: number) =>
    computeSampleSizeForProportions({
      ...planning(mean),
      pControl: BASE_ERROR_RATE,
      pTreatment: BASE_ERROR_RATE + change,
    })
  const z = normalQuantile(LATENCY_QUANTILE)
  const density = Math.exp(-(z * z) / 2) / Math.sqrt(2 * Math.PI)
  const logSd = (LATENCY_LOG_SD * Math.sqrt(LATENCY_QUANTILE * (1 - LATENCY_QUANTILE))) / density
  const p95At = (change: number) =>
    computeSampleSizeForMeans({ ...planning(quantile), delta: Math.log1p(change), sd: logSd })
  const sizes: FixedHorizonSizes[] = [
    {
      metric: 'cost_per_run_usd',
      atTolerance: costAt(COST_TOLERANCE),
      atSimulatedEffect: costAt(2 * COST_TOLERANCE),
    },
    {
      metric: 'error_rate',
      atTolerance: errorAt(ERROR_RATE_TOLERANCE),
      atSimulatedEffect: errorAt(2 * ERROR_RATE_TOLERANCE),
    },
    {
      metric: 'latency_p95_ms',
      atTolerance: p95At(P95_TOLERANCE),
      atSimulatedEffect: p95At(2 * P95_TOLERANCE),
    },
  ]
  checkAgainstPlan(sizes, [
    ...planExperiment(mean, MEAN_BASELINES).guardrails,
    ...planExperiment(quantile, QUANTILE_BASELINES).guardrails,
  ])
  return sizes
}

function buildSetup(options: {
  readonly guardrails: Record<string, unknown>
  readonly baselines: Readonly<Partial<Record<GuardrailMetric, MetricBaseline>>>
  readonly failRule: FailRule
}): SimSetup {
  const { guardrails, baselines, failRule } = options
  const experiment = loadExperiment({
    experiment: 'simulation',
    arms: ARMS,
    guardrails,
    analysis: { fail_rule: failRule },
  })
  const plan = planExperiment(experiment, baselines)
  if (plan.plannedUnitsPerArm === undefined) {
    throw new Error(
      `planExperiment sized no guardrail of the simulated experiment: ${JSON.stringify(plan.guardrails)}`,
    )
  }
  return { experiment, plannedUnitsPerArm: plan.plannedUnitsPerArm, plan }
}

function checkAgainstPlan(
  sizes: readonly FixedHorizonSizes[],
  plans: readonly { metric: GuardrailMetric; fixedHorizon?: { control: number; candidate: number } }[],
): void {
  for (const size of sizes) {
    const planned = plans.find((plan) => plan.metric === size.metric)?.fixedHorizon
    const { nControl, nTreatment } = size.atTolerance
    if (planned?.control !== nControl || planned.candidate !== nTreatment) {
      throw new Error(
        `${size.metric}: the simulation sizes the fixed-horizon test at ${nControl}/${nTreatment} units but planExperiment says ${JSON.stringify(planned)}; align sim/sim-setup.ts with verdict/plan-sizes.ts`,
      )
    }
  }
}
