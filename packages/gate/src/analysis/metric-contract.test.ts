import type { ArmObservations, GuardrailMetric, MetricObservations } from '@llm-canary/core'
import { estimateRatio, GUARDRAIL_METRIC_NAMES, GUARDRAIL_METRICS } from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import { readFigure } from '../report/agent-ranking.ts'
import { buildExperiment, TEST_START_MS } from './analysis.fixture.ts'
import { createInMemorySource } from './in-memory-source.fixture.ts'
import type { ObservationScope } from './observation-scope.ts'
import { summarizeSpans } from './summarize-spans.ts'
import { generateSyntheticSpans } from './synthetic-traces.fixture.ts'

// The core ↔ gate contract (issue 11, item 4): core reads each metric's observation kind and quantile
// level from GUARDRAIL_METRICS; the gate's accumulators must send that kind, and the figure the gate shows
// for the metric must be the value at that level. Checked on what the accumulators produce from spans,
// every metric, every accumulator (traffic, shadow, paired control), experiment-wide and per agent.

// A traffic candidate and a shadow-only one, so the shadow and paired-control accumulators fill too.
const experiment = buildExperiment({
  arms: {
    control: { model: 'openai:gpt-4.1', weight: 80 },
    candidate: { model: 'openai:gpt-5', weight: 20 },
    shadowed: { model: 'openai:gpt-5-mini', weight: 0, shadow: '50%' },
  },
  analysis: { max_units_per_arm: 100_000 },
})

async function foldSpans() {
  const spans = generateSyntheticSpans({
    experiment,
    sessions: 400,
    seed: 17,
    startMs: TEST_START_MS,
    judgeShare: 0.5,
    citationInputs: 20,
  })
  const until = new Date(TEST_START_MS + 10 * 86_400_000)
  const summary = await summarizeSpans(
    createInMemorySource(spans),
    {
      experiment,
      query: { experiment: experiment.id, since: new Date(TEST_START_MS), until },
      historyPoints: 1,
    },
    undefined,
  )
  const folded = summary.fold(() => {})
  return [
    { scope: 'experiment', observations: folded.arms },
    ...[...folded.agents].map(([agent, observations]) => ({ scope: `agent ${agent}`, observations })),
  ]
}

/** Every (metric, observation) an arm sends to `decideVerdict`, its paired control's included. */
function sentObservations(arm: ArmObservations): [string, GuardrailMetric, MetricObservations][] {
  const sides = [
    ['metrics', arm.metrics],
    ['pairedControl', arm.pairedControl ?? {}],
  ] as const
  return sides.flatMap(([side, metrics]) =>
    GUARDRAIL_METRIC_NAMES.flatMap((metric) => {
      const observation = metrics[metric]
      return observation === undefined ? [] : [[`${arm.arm} ${side}`, metric, observation] as const]
    }),
  ) as [string, GuardrailMetric, MetricObservations][]
}

/** The value the gate's figure shows for a metric, as core would estimate it from the observation. */
function valueAtTableLevel(metric: GuardrailMetric, observation: MetricObservations): number | undefined {
  const level = GUARDRAIL_METRICS[metric].quantile
  if (observation.kind === 'quantile')
    return level === undefined ? undefined : observation.summary.quantile(level)
  return observation.kind === 'ratio' ? estimateRatio(observation.summary).ratio : observation.summary.mean
}

describe('the observations the gate sends core, against GUARDRAIL_METRICS', () => {
  it('are of the kind the table names, for every metric and every accumulator', async () => {
    const scopes = await foldSpans()
    const seen = new Map<GuardrailMetric, Set<string>>()
    const mismatches: string[] = []
    for (const { scope, observations } of scopes) {
      for (const arm of observations.toVerdictArms()) {
        for (const [side, metric, observation] of sentObservations(arm)) {
          seen.set(metric, (seen.get(metric) ?? new Set()).add(side))
          const expected = GUARDRAIL_METRICS[metric].observation
          if (observation.kind !== expected)
            mismatches.push(
              `${scope}, ${side}: ${metric} sent as ${observation.kind}, the table says ${expected}`,
            )
        }
      }
    }
    expect(mismatches).toEqual([])
    // Every metric is covered on traffic; the shadow and paired-control accumulators send what shadow
    // pairs measure (calls, not runs: no run failure rate there).
    expect([...seen.keys()].sort()).toEqual([...GUARDRAIL_METRIC_NAMES].sort())
    for (const metric of GUARDRAIL_METRIC_NAMES)
      expect([...(seen.get(metric) ?? [])], metric).toEqual(
        expect.arrayContaining(['control metrics', 'candidate metrics']),
      )
    const shadowSides = (side: string) =>
      GUARDRAIL_METRIC_NAMES.filter((metric) => seen.get(metric)?.has(side))
    expect(shadowSides('shadowed metrics')).toEqual(expect.arrayContaining(['latency_p95_ms', 'error_rate']))
    expect(shadowSides('shadowed pairedControl')).toEqual(
      expect.arrayContaining(['latency_p95_ms', 'error_rate']),
    )
  })

  it("shows each metric's figure at the table's quantile level, the level core compares", async () => {
    const scopes = await foldSpans()
    const mismatches: string[] = []
    let checked = 0
    for (const { scope, observations } of scopes) {
      experiment.arms.forEach((arm, index) => {
        const accumulators = (observations as ObservationScope).reported(index)
        const figures = accumulators.figures()
        const sent = accumulators.observations()
        for (const metric of GUARDRAIL_METRIC_NAMES) {
          const observation = sent[metric]
          if (observation === undefined) continue
          checked += 1
          const expected = valueAtTableLevel(metric, observation)
          const shown = readFigure(figures, metric)
          if (
            expected === undefined ||
            shown === undefined ||
            Math.abs(shown - expected) > 1e-12 * Math.abs(expected)
          )
            mismatches.push(
              `${scope}, ${arm.name}: ${metric} shows ${shown}, the table's level gives ${expected}`,
            )
        }
      })
    }
    expect(mismatches).toEqual([])
    expect(checked).toBeGreaterThanOrEqual(GUARDRAIL_METRIC_NAMES.length * experiment.arms.length)
  })

  it('gives every quantile metric a level and no other metric one', () => {
    for (const metric of GUARDRAIL_METRIC_NAMES) {
      const spec = GUARDRAIL_METRICS[metric]
      expect(spec.quantile !== undefined, metric).toBe(spec.observation === 'quantile')
    }
  })
})
