/**
 * The experiments the simulation gates, as a user would write them, and what `planExperiment` (what
 * `llm-canary plan` prints) recommends for them: the horizon, and the one-look size for the tolerance.
 */
import type { Experiment, GuardrailPlan, MetricBaseline } from '../src/index.ts'
import { loadExperiment, planExperiment } from '../src/index.ts'
import type { SimMetric } from './sim-model.ts'
import {
  BASE_ERROR_RATE,
  CANDIDATE_SHARE,
  COST_LOG_MEAN,
  COST_LOG_SD,
  LATENCY_LOG_SD,
  TOLERANCE,
} from './sim-model.ts'

/** An experiment under both designs and its plan. */
export interface SimSetup {
  readonly metric: SimMetric
  /** Default analysis: `method: sequential`, `fail_rule: bound`. */
  readonly experiment: Experiment
  /** The same with `method: open_ended`. */
  readonly openEnded: Experiment
  /** `planExperiment(...).plannedUnitsPerArm`: the horizon, given to `decideVerdict`. */
  readonly plannedUnitsPerArm: number
  /** The guardrail's plan (fixed-horizon, fail- and pass-side and group-sequential sizes). */
  readonly plan: GuardrailPlan
}

const ARMS = {
  control: { model: 'openai:gpt-4.1', weight: Math.round(100 * (1 - CANDIDATE_SHARE)) },
  candidate: { model: 'openai:gpt-5', weight: Math.round(100 * CANDIDATE_SHARE) },
}

const COST_MEAN_USD = Math.exp(COST_LOG_MEAN + COST_LOG_SD ** 2 / 2)
const COST_SD_USD = COST_MEAN_USD * Math.sqrt(Math.expm1(COST_LOG_SD ** 2))

const GUARDRAILS: Readonly<
  Record<SimMetric, { key: string; rule: Record<string, string>; baseline: MetricBaseline }>
> = {
  cost: {
    key: 'cost_per_run_usd',
    rule: { max_increase: `${TOLERANCE.cost * 100}%` },
    baseline: { kind: 'mean', mean: COST_MEAN_USD, sd: COST_SD_USD },
  },
  error: {
    key: 'error_rate',
    rule: { max_increase: `${TOLERANCE.error * 100}pp` },
    baseline: { kind: 'rate', rate: BASE_ERROR_RATE },
  },
  p95: {
    key: 'latency_p95_ms',
    rule: { max_increase: `${TOLERANCE.p95 * 100}%` },
    baseline: { kind: 'lognormal', sigma: LATENCY_LOG_SD },
  },
}

const setups = new Map<SimMetric, SimSetup>()

/**
 * The experiment with one guardrail, default analysis (α 0.05, power 0.8), 80/20, and its plan.
 *
 * @param metric - Which guardrail.
 * @returns The setup (cached).
 * @throws {Error} When the plan sizes nothing.
 */
export function buildSetup(metric: SimMetric): SimSetup {
  const cached = setups.get(metric)
  if (cached !== undefined) return cached
  const { key, rule, baseline } = GUARDRAILS[metric]
  const load = (analysis: Record<string, unknown>) =>
    loadExperiment({ experiment: `simulation-${metric}`, arms: ARMS, guardrails: { [key]: rule }, analysis })
  const experiment = load({})
  const plan = planExperiment(experiment, { [key]: baseline })
  const guardrail = plan.guardrails[0]
  if (plan.plannedUnitsPerArm === undefined || guardrail === undefined) {
    throw new Error(`planExperiment sized nothing for ${metric}: ${JSON.stringify(plan.guardrails)}`)
  }
  const setup = {
    metric,
    experiment,
    openEnded: load({ method: 'open_ended' }),
    plannedUnitsPerArm: plan.plannedUnitsPerArm,
    plan: guardrail,
  }
  setups.set(metric, setup)
  return setup
}
