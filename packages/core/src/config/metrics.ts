import type { GuardrailBound, GuardrailMetric } from '../types.ts'

/**
 * A written tolerance form.
 * - `percent`: `10%`, relative to control for `max_increase` / `max_decrease`, a threshold for `min` / `max`.
 * - `pp`: `2pp`, percentage points of a rate.
 * - `duration`: `150ms` or `1.5s`.
 * - `usd`: `$0.01`.
 * - `number`: a plain number, judge-score points for `max_decrease`, a threshold in [0, 1] for `min` / `max`.
 */
export type ToleranceForm = 'percent' | 'pp' | 'duration' | 'usd' | 'number'

/** What a guardrail metric measures and which bounds and tolerance forms fit it. */
export interface MetricSpec {
  /** The key under `guardrails:`. */
  readonly metric: GuardrailMetric
  /** Human label for reports: `P95 latency`. */
  readonly label: string
  /** The unit of the metric's own value. */
  readonly valueUnit: 'ms' | 'usd' | 'fraction' | 'points'
  /** The direction in which the candidate is worse than control. */
  readonly worseWhen: 'increase' | 'decrease'
  /**
   * The observations `decideVerdict` takes for it, per unit: `quantile` (one value per unit, compared at
   * `quantile`) or `ratio` (a sum and a count per unit: the gate's form for rates, costs and scores; `mean`,
   * one value per unit, is the same contrast with every count 1 and is accepted too).
   */
  readonly observation: 'quantile' | 'ratio'
  /** For `quantile` metrics, the level compared: 0.5, 0.95 or 0.99. */
  readonly quantile?: 0.5 | 0.95 | 0.99
  /** Bounds that fit the metric, each with the tolerance forms it accepts (first form is the usual one). */
  readonly bounds: Readonly<Partial<Record<GuardrailBound, readonly ToleranceForm[]>>>
}

const LATENCY_BOUNDS = { max_increase: ['percent', 'duration'] } as const
const COST_BOUNDS = { max_increase: ['percent', 'usd'] } as const
const FAILURE_BOUNDS = { max_increase: ['pp', 'percent'], max: ['number', 'percent'] } as const

/**
 * The metric catalogue: every metric a guardrail can watch, in the order reports list them.
 *
 * @example
 * GUARDRAIL_METRICS.accuracy.worseWhen // 'decrease'
 */
export const GUARDRAIL_METRICS: Readonly<Record<GuardrailMetric, MetricSpec>> = {
  latency_p50_ms: latency('latency_p50_ms', 'P50 latency', 0.5),
  latency_p95_ms: latency('latency_p95_ms', 'P95 latency', 0.95),
  latency_p99_ms: latency('latency_p99_ms', 'P99 latency', 0.99),
  ttft_p50_ms: latency('ttft_p50_ms', 'P50 time to first token', 0.5),
  ttft_p95_ms: latency('ttft_p95_ms', 'P95 time to first token', 0.95),
  ttft_p99_ms: latency('ttft_p99_ms', 'P99 time to first token', 0.99),
  cost_per_call_usd: cost('cost_per_call_usd', 'cost per call'),
  cost_per_run_usd: cost('cost_per_run_usd', 'cost per run'),
  error_rate: {
    metric: 'error_rate',
    label: 'error rate',
    valueUnit: 'fraction',
    worseWhen: 'increase',
    observation: 'ratio',
    bounds: FAILURE_BOUNDS,
  },
  run_failure_rate: {
    metric: 'run_failure_rate',
    label: 'run failure rate',
    valueUnit: 'fraction',
    worseWhen: 'increase',
    observation: 'ratio',
    bounds: FAILURE_BOUNDS,
  },
  accuracy: {
    metric: 'accuracy',
    label: 'accuracy',
    valueUnit: 'fraction',
    worseWhen: 'decrease',
    observation: 'ratio',
    bounds: { max_decrease: ['pp', 'percent'], min: ['number', 'percent'] },
  },
  judge_score: {
    metric: 'judge_score',
    label: 'judge score',
    valueUnit: 'points',
    worseWhen: 'decrease',
    observation: 'ratio',
    bounds: { max_decrease: ['percent', 'number'] },
  },
  citation_stability: {
    metric: 'citation_stability',
    label: 'citation stability',
    valueUnit: 'fraction',
    worseWhen: 'decrease',
    observation: 'ratio',
    bounds: { min: ['number', 'percent'], max_decrease: ['pp', 'percent'] },
  },
}

/** Every guardrail metric name, in catalogue order. */
export const GUARDRAIL_METRIC_NAMES: readonly GuardrailMetric[] =
  Object.keys(GUARDRAIL_METRICS).filter(isGuardrailMetric)

/** Every bound name, in the order messages list them. */
export const GUARDRAIL_BOUNDS: readonly GuardrailBound[] = ['max_increase', 'max_decrease', 'min', 'max']

/**
 * Tells whether a string names a guardrail metric.
 *
 * @param name - A key from the `guardrails:` section.
 * @returns True when `name` is in the metric catalogue.
 */
export function isGuardrailMetric(name: string): name is GuardrailMetric {
  return Object.hasOwn(GUARDRAIL_METRICS, name)
}

/**
 * Tells whether a string names a guardrail bound (`max_increase`, `max_decrease`, `min`, `max`).
 *
 * @param name - A key inside one guardrail.
 * @returns True when `name` is a bound, whether or not it fits a given metric.
 */
export function isGuardrailBound(name: string): name is GuardrailBound {
  return (GUARDRAIL_BOUNDS as readonly string[]).includes(name)
}

/**
 * Lists the bounds that fit a metric, in catalogue order.
 *
 * @param metric - The guardrail metric.
 * @returns The bounds the metric accepts, e.g. `['max_decrease', 'min']` for accuracy.
 */
export function listAllowedBounds(metric: GuardrailMetric): GuardrailBound[] {
  return Object.keys(GUARDRAIL_METRICS[metric].bounds).filter(isGuardrailBound)
}

/**
 * Explains why a bound does not fit a metric and which one to use.
 *
 * @param metric - The guardrail metric.
 * @param bound - The bound written for it.
 * @returns A message such as `accuracy regresses when it decreases; use max_decrease (...)`, or
 *   `undefined` when the bound fits.
 */
export function describeBoundMismatch(metric: GuardrailMetric, bound: GuardrailBound): string | undefined {
  const spec = GUARDRAIL_METRICS[metric]
  if (spec.bounds[bound] !== undefined) return undefined
  const options = listAllowedBounds(metric)
    .map((allowed) => `${allowed} (e.g. ${allowed}: ${exampleTolerance(metric, allowed)})`)
    .join(' or ')
  return `${metric} regresses when it ${spec.worseWhen}s, so ${bound} cannot guard it; use ${options}`
}

/**
 * Gives a typical written tolerance for a metric and bound, for messages and documentation.
 *
 * @param metric - The guardrail metric.
 * @param bound - A bound that fits the metric.
 * @returns A written tolerance such as `10%`, `2pp` or `0.90`.
 */
export function exampleTolerance(metric: GuardrailMetric, bound: GuardrailBound): string {
  const form = GUARDRAIL_METRICS[metric].bounds[bound]?.[0] ?? 'percent'
  return exampleOfForm(form, bound)
}

/**
 * Gives a sample of a tolerance form, as a bound reads it.
 *
 * @param form - The tolerance form.
 * @param bound - The bound, since `percent` and `number` mean thresholds under `min` / `max`.
 * @returns A written sample: `10%`, `2pp`, `150ms`, `$0.01`, `0.5`; a floor such as `0.90`, a ceiling such as `0.05`.
 */
export function exampleOfForm(form: ToleranceForm, bound: GuardrailBound): string {
  switch (form) {
    case 'percent':
      return bound === 'min' ? '90%' : bound === 'max' ? '5%' : '10%'
    case 'pp':
      return '2pp'
    case 'duration':
      return '150ms'
    case 'usd':
      return '$0.01'
    case 'number':
      return bound === 'min' ? '0.90' : bound === 'max' ? '0.05' : '0.5'
  }
}

function latency(metric: GuardrailMetric, label: string, quantile: 0.5 | 0.95 | 0.99): MetricSpec {
  return {
    metric,
    label,
    valueUnit: 'ms',
    worseWhen: 'increase',
    observation: 'quantile',
    quantile,
    bounds: LATENCY_BOUNDS,
  }
}

function cost(metric: GuardrailMetric, label: string): MetricSpec {
  return { metric, label, valueUnit: 'usd', worseWhen: 'increase', observation: 'ratio', bounds: COST_BOUNDS }
}
