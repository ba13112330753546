import type { BenchReport, NsRow } from '@llm-canary/bench-kit'
import { loadExperiment } from '../src/config/parse.ts'
import { computeSpendingBoundaries } from '../src/group-sequential/boundaries.ts'
import { computeMonitoringCriticalValue } from '../src/group-sequential/monitoring-boundary.ts'
import { MeanAccumulator } from '../src/sequential/mean-accumulator.ts'
import { exactQuantiles } from '../src/sequential/quantile-summary.ts'
import { createRandom } from '../src/sequential/seeded-random.ts'
import { decideVerdict } from '../src/verdict/decide.ts'
import type { ArmObservations } from '../src/verdict/verdict-types.ts'
import { measureRow } from './bench-report.ts'

/** A gate run decides from one look; this is the budget for that look's statistics. */
const TARGET_LOOK_NS = 1_000_000
const CONTROL_SESSIONS = 8_000
const CANDIDATE_SESSIONS = 2_000

function simulateArm(name: string, sessions: number, seed: number): ArmObservations {
  const random = createRandom(seed)
  const latencies: number[] = []
  const cost = new MeanAccumulator()
  const errors = new MeanAccumulator()
  for (let i = 0; i < sessions; i += 1) {
    latencies.push(2000 * Math.exp(0.5 * random.normal()))
    cost.add(Math.exp(-3.2 + 0.5 * random.normal()))
    errors.add(random.uniform() < 0.02 ? 1 : 0)
  }
  return {
    arm: name,
    units: sessions,
    metrics: {
      latency_p95_ms: { kind: 'quantile', summary: exactQuantiles(latencies) },
      cost_per_run_usd: { kind: 'mean', summary: cost.summary() },
      error_rate: { kind: 'mean', summary: errors.summary() },
    },
  }
}

/**
 * The cost of one look of the verdict: `decideVerdict` on three guardrails (P95 latency, cost per run,
 * error rate) of an 80/20 experiment with 8,000 + 2,000 sessions, under the default group-sequential
 * design and under the open-ended confidence sequences it replaces without a horizon; and the boundary
 * itself, closed form, beside the recursive integration a design with a fixed schedule of looks would need.
 *
 * @returns The report `bench/run.ts` writes to `docs/bench/verdict-look.md`.
 */
export async function runBench(): Promise<BenchReport<NsRow>> {
  const file = {
    experiment: 'bench',
    arms: {
      control: { model: 'openai:gpt-4.1', weight: 80 },
      candidate: { model: 'openai:gpt-5', weight: 20 },
    },
    guardrails: {
      latency_p95_ms: { max_increase: '10%' },
      cost_per_run_usd: { max_increase: '10%' },
      error_rate: { max_increase: '1pp' },
    },
  }
  const sequential = loadExperiment(file)
  const openEnded = loadExperiment({ ...file, analysis: { method: 'open_ended' } })
  const arms = [simulateArm('control', CONTROL_SESSIONS, 1), simulateArm('candidate', CANDIDATE_SESSIONS, 2)]
  const look = (experiment: typeof sequential) =>
    decideVerdict({ experiment, arms, observedDays: 3, plannedUnitsPerArm: 4_000 })
  const schedule = Array.from({ length: 10 }, (_, i) => (i + 1) / 10)
  const rows = [
    await measureRow(
      'decideVerdict, group-sequential (default)',
      () => look(sequential),
      'one look, 3 guardrails',
    ),
    await measureRow(
      'decideVerdict, method: open_ended',
      () => look(openEnded),
      'peer: the confidence sequences (P95 p-values bisect)',
    ),
    await measureRow(
      'computeMonitoringCriticalValue(α/m, t)',
      () => computeMonitoringCriticalValue(0.0167, 0.5),
      'the boundary at a look: closed form, no cache',
    ),
    await measureRow(
      'computeSpendingBoundaries(10 looks, continuous)',
      () =>
        computeSpendingBoundaries({
          looks: schedule,
          alpha: 0.025,
          spending: { kind: 'obrien-fleming' },
          continuous: true,
        }),
      'the recursion the closed form replaces',
    ),
  ]
  const lookNs = rows[0]!.avgNs
  return {
    slug: 'verdict-look',
    title: 'One look of the verdict',
    description: [
      `Three guardrails of an 80/20 experiment with ${CONTROL_SESSIONS.toLocaleString('en-US')} control and ${CANDIDATE_SESSIONS.toLocaleString('en-US')} candidate sessions (seeded), summaries built once: the rows time the statistics of one look, not the span extraction.`,
      'Times are mitata 1.0 measurements, in nanoseconds per operation.',
      'The gate is stateless: every run is one look from scratch, so this is the statistics cost of a gate run.',
    ],
    rows,
    conclusions: [
      `one look: ${(lookNs / 1e3).toFixed(0)} µs, target at most ${TARGET_LOOK_NS / 1e6} ms: ${lookNs <= TARGET_LOOK_NS ? 'met' : 'MISSED'}.`,
      `the open-ended sequences take ${(rows[1]!.avgNs / lookNs).toFixed(1)}x the time of the group-sequential look.`,
    ],
  }
}
