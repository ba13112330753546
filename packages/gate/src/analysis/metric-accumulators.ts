import type {
  GuardrailMetric,
  MetricObservations,
  MetricObservationsByName,
  RatioSummary,
} from '@llm-canary/core'
import { RatioAccumulator } from '@llm-canary/core'
import type { MetricFigures } from '../types.ts'
import type { SketchHistogram } from './sketch-quantiles.ts'
import { SketchQuantiles } from './sketch-quantiles.ts'
import type { MeasureName, UnitMeasures } from './unit-measures.ts'

/** A ratio metric's accumulator in `MetricAccumulators`. */
export type RatioName =
  | 'errors'
  | 'costPerCall'
  | 'costPerRun'
  | 'runFailures'
  | 'accuracy'
  | 'judge'
  | 'feedback'
  | 'citations'

/**
 * What each ratio metric takes from a session: Σ over the session (`y`) and its count (`m`), added when
 * the count is positive and the sum known (one rule for every ratio; the SQL source applies it too).
 */
export const RATIO_INPUTS: readonly {
  readonly ratio: RatioName
  readonly y: MeasureName
  readonly m: MeasureName
}[] = [
  { ratio: 'errors', y: 'errors', m: 'calls' },
  { ratio: 'costPerCall', y: 'costSumUsd', m: 'costCalls' },
  { ratio: 'costPerRun', y: 'runCostUsd', m: 'runs' },
  { ratio: 'runFailures', y: 'runFailures', m: 'runs' },
  { ratio: 'accuracy', y: 'accuracySum', m: 'accuracyCount' },
  { ratio: 'judge', y: 'judgeSum', m: 'judgeCount' },
  { ratio: 'feedback', y: 'feedbackSum', m: 'feedbackCount' },
  { ratio: 'citations', y: 'citationSum', m: 'citationPairs' },
]

/**
 * A group's sufficient statistics summed elsewhere (the ClickHouse source sums them in SQL): what adding
 * its sessions one by one would have accumulated.
 */
export interface GroupStatistics {
  /** Units (sessions, users or threads per `experiment.unit`). */
  readonly units: number
  readonly runs: number
  readonly calls: number
  readonly callsWithUnknownCost: number
  readonly latency: SketchHistogram
  readonly ttft: SketchHistogram
  readonly ratios: Readonly<Record<RatioName, RatioSummary>>
}

/** An accumulator holding sums computed elsewhere, to merge them into another. */
class RatioSums extends RatioAccumulator {
  constructor(private readonly sums: RatioSummary) {
    super()
  }

  override summary(): RatioSummary {
    return this.sums
  }
}

/**
 * The sufficient statistics of one group of sessions (an arm, an arm × agent, one side of shadow pairs),
 * exactly as `decideVerdict` wants them, with the session as the unit (docs/statistics.md):
 * latency and TTFT as DDSketches of one value per session; error rate, cost per call, cost per run, run
 * failure, accuracy, judge score, feedback and citation stability as ratios (Σ over the session, count)
 * per session. Constant memory per group.
 *
 * @example
 * const control = new MetricAccumulators()
 * control.add(measureArmUnit(row))
 * decideVerdict({ experiment, arms: [{ arm: 'control', units: control.units, metrics: control.observations() }], observedDays })
 */
export class MetricAccumulators {
  /** Units added (sessions, users or threads per `experiment.unit`). */
  units = 0
  /** Runs (or agent invocations) of those sessions. */
  runs = 0
  /** LLM calls of those sessions. */
  calls = 0
  /** Calls whose cost is unknown. */
  callsWithUnknownCost = 0
  readonly latency = new SketchQuantiles()
  readonly ttft = new SketchQuantiles()
  readonly errors = new RatioAccumulator()
  readonly costPerCall = new RatioAccumulator()
  readonly costPerRun = new RatioAccumulator()
  readonly runFailures = new RatioAccumulator()
  readonly accuracy = new RatioAccumulator()
  readonly judge = new RatioAccumulator()
  readonly feedback = new RatioAccumulator()
  readonly citations = new RatioAccumulator()

  /**
   * Adds one session.
   *
   * @param m - The session's measures.
   */
  add(m: UnitMeasures): void {
    this.units += 1
    this.runs += m.runs
    this.calls += m.calls
    this.callsWithUnknownCost += m.costUnknown
    if (m.latencyMs !== undefined) this.latency.add(m.latencyMs)
    if (m.ttftMs !== undefined) this.ttft.add(m.ttftMs)
    for (const { ratio, y, m: count } of RATIO_INPUTS) {
      const sum = m[y]
      const units = m[count] ?? 0
      if (units > 0 && sum !== undefined) this[ratio].add(sum, units)
    }
  }

  /**
   * Adds a group's statistics summed elsewhere, as if its sessions had been added one by one.
   *
   * @param stats - The group's counts, histograms and ratio sums.
   */
  merge(stats: GroupStatistics): void {
    this.units += stats.units
    this.runs += stats.runs
    this.calls += stats.calls
    this.callsWithUnknownCost += stats.callsWithUnknownCost
    this.latency.addHistogram(stats.latency)
    this.ttft.addHistogram(stats.ttft)
    for (const { ratio } of RATIO_INPUTS) this[ratio].merge(new RatioSums(stats.ratios[ratio]))
  }

  /**
   * Adds citation pairs without a session (a traffic candidate's shadow pairs, which belong to control
   * sessions but measure the candidate).
   *
   * @param sum - Σ Jaccard scores.
   * @param pairs - Number of pairs.
   */
  addCitations(sum: number, pairs: number): void {
    if (pairs > 0) this.citations.add(sum, pairs)
  }

  /**
   * The observations `decideVerdict` takes; a metric without data is left out (the verdict then says
   * `no_data` for its guardrails).
   *
   * @returns Observations by guardrail metric.
   */
  observations(): MetricObservationsByName {
    const metrics: Partial<Record<GuardrailMetric, MetricObservations>> = {}
    if (this.latency.count > 0) {
      const latency = { kind: 'quantile', summary: this.latency } as const
      metrics.latency_p50_ms = latency
      metrics.latency_p95_ms = latency
      metrics.latency_p99_ms = latency
    }
    if (this.ttft.count > 0) {
      const ttft = { kind: 'quantile', summary: this.ttft } as const
      metrics.ttft_p50_ms = ttft
      metrics.ttft_p95_ms = ttft
      metrics.ttft_p99_ms = ttft
    }
    const ratios = [
      ['error_rate', this.errors],
      ['cost_per_call_usd', this.costPerCall],
      ['cost_per_run_usd', this.costPerRun],
      ['run_failure_rate', this.runFailures],
      ['accuracy', this.accuracy],
      ['judge_score', this.judge],
      ['citation_stability', this.citations],
    ] as const
    for (const [metric, accumulator] of ratios) {
      const summary = accumulator.summary()
      if (summary.sumM > 0) metrics[metric] = { kind: 'ratio', summary }
    }
    return metrics
  }

  /**
   * The figures the reports show.
   *
   * @returns Counts, rates, costs, quantiles and scores; a figure without data is absent.
   */
  figures(): MetricFigures {
    const citations = this.citations.summary()
    return {
      units: this.units,
      runs: this.runs,
      calls: this.calls,
      callsWithUnknownCost: this.callsWithUnknownCost,
      ...optional('errorRate', ratioOf(this.errors.summary())),
      ...optional('runFailureRate', ratioOf(this.runFailures.summary())),
      ...optional('costPerCallUsd', ratioOf(this.costPerCall.summary())),
      ...optional('costPerRunUsd', ratioOf(this.costPerRun.summary())),
      ...optional('latencyMs', quantilesOf(this.latency)),
      ...optional('ttftMs', quantilesOf(this.ttft)),
      ...optional('accuracy', ratioOf(this.accuracy.summary())),
      ...optional('judgeScore', ratioOf(this.judge.summary())),
      ...optional('citationStability', ratioOf(citations)),
      ...(citations.sumM > 0 ? { citationPairs: citations.sumM } : {}),
    }
  }

  /**
   * Mean user feedback score (not a guardrail metric; the report types have no field for it yet).
   *
   * @returns The mean and the number of scores, or undefined without feedback.
   */
  feedbackScore(): { readonly mean: number; readonly count: number } | undefined {
    const summary = this.feedback.summary()
    const mean = ratioOf(summary)
    return mean === undefined ? undefined : { mean, count: summary.sumM }
  }
}

function ratioOf(summary: RatioSummary): number | undefined {
  return summary.sumM > 0 ? summary.sumY / summary.sumM : undefined
}

function quantilesOf(sketch: SketchQuantiles): MetricFigures['latencyMs'] {
  if (sketch.count === 0) return undefined
  return { p50: sketch.quantile(0.5), p95: sketch.quantile(0.95), p99: sketch.quantile(0.99) }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}
