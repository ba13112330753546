/**
 * Test-only helpers for the verdict tests: experiments from file-shaped objects and observations from
 * summary figures. Not exported from the package.
 */
import { loadExperiment } from '../config/parse.ts'
import { exactQuantiles } from '../sequential/quantile-summary.ts'
import type { Experiment } from '../types.ts'
import type { ArmObservations, MetricObservations, MetricObservationsByName } from './verdict-types.ts'

/**
 * Builds a validated experiment the way the gate does, from the file's shape.
 *
 * @param file - `arms`, `guardrails` and `analysis` as written in experiment.yaml; defaults: control 50 /
 *   candidate 50, no guardrails.
 * @returns The experiment.
 */
export function buildExperiment(file: {
  readonly arms?: Record<string, unknown>
  readonly guardrails?: Record<string, unknown>
  readonly analysis?: Record<string, unknown>
}): Experiment {
  return loadExperiment({
    experiment: 'verdict-test',
    arms: file.arms ?? {
      control: { model: 'openai:gpt-4.1', weight: 50 },
      candidate: { model: 'openai:gpt-5', weight: 50 },
    },
    guardrails: file.guardrails ?? {},
    analysis: file.analysis ?? {},
  })
}

/**
 * The analysis settings the verdict tests written for the open-ended confidence sequences use: `method:
 * open_ended` and the fail rule that was the default then (`estimate`), so they keep testing what they did.
 */
export const OPEN_ENDED_ESTIMATE = { method: 'open_ended', fail_rule: 'estimate' } as const

/**
 * `buildExperiment` with `OPEN_ENDED_ESTIMATE` under whatever `analysis` the test gives.
 *
 * @param file - As for `buildExperiment`.
 * @returns The experiment.
 */
export function buildOpenEndedExperiment(file: Parameters<typeof buildExperiment>[0]): Experiment {
  return buildExperiment({ ...file, analysis: { ...OPEN_ENDED_ESTIMATE, ...file.analysis } })
}

/**
 * Mean observations from summary figures.
 *
 * @param n - Sessions.
 * @param mean - Mean per session.
 * @param sd - Standard deviation per session.
 * @returns `{ kind: 'mean', summary }`.
 */
export function meanOf(n: number, mean: number, sd: number): MetricObservations {
  return { kind: 'mean', summary: { n, mean, variance: sd * sd } }
}

/**
 * Mean observations of a 0/1 metric with `events` ones among `n` sessions.
 *
 * @param events - Sessions with the event.
 * @param n - Sessions.
 * @returns `{ kind: 'mean', summary }` with the unbiased variance of the 0/1 values.
 */
export function rateOf(events: number, n: number): MetricObservations {
  const p = events / n
  return { kind: 'mean', summary: { n, mean: p, variance: (n / (n - 1)) * p * (1 - p) } }
}

/**
 * Quantile observations of raw values.
 *
 * @param values - One value per session.
 * @returns `{ kind: 'quantile', summary }` with exact quantiles.
 */
export function quantilesFrom(values: readonly number[]): MetricObservations {
  return { kind: 'quantile', summary: exactQuantiles(values) }
}

/**
 * One arm's observations.
 *
 * @param arm - Arm name.
 * @param units - Units observed.
 * @param metrics - Metric observations.
 * @param extra - `source` / `pairedControl` for shadow pairs.
 * @returns The observations.
 */
export function armObservations(
  arm: string,
  units: number,
  metrics: MetricObservationsByName,
  extra: Pick<ArmObservations, 'source' | 'pairedControl'> = {},
): ArmObservations {
  return { arm, units, metrics, ...extra }
}

/**
 * The Holm fixture: control 50% and two candidates `a` and `b` at 25% each, with three guardrails
 * (cost per run +10%, judge score -10%, run failure +2pp), and an arm builder whose only free figure
 * is the mean cost per run.
 *
 * @param analysis - The `analysis:` section (e.g. `{ fail_rule: 'bound' }`).
 */
export function buildHolmFixture(analysis: Record<string, unknown> = {}): {
  readonly experiment: Experiment
  readonly arm: (name: string, units: number, cost: number) => ArmObservations
} {
  const experiment = buildExperiment({
    arms: {
      control: { model: 'openai:gpt-4.1', weight: 50 },
      a: { model: 'openai:gpt-5', weight: 25 },
      b: { model: 'anthropic:claude-4', weight: 25 },
    },
    guardrails: {
      cost_per_run_usd: { max_increase: '10%' },
      judge_score: { max_decrease: '10%' },
      run_failure_rate: { max_increase: '2pp' },
    },
    analysis,
  })
  const arm = (name: string, units: number, cost: number) =>
    armObservations(name, units, {
      cost_per_run_usd: meanOf(units, cost, 0.03),
      judge_score: meanOf(units, 4, 0.8),
      run_failure_rate: rateOf(units / 20, units),
    })
  return { experiment, arm }
}
