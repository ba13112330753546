import type { Experiment } from '@llm-canary/core'
import { loadExperiment } from '@llm-canary/core'

/**
 * The experiment of the benchmark: 80/20 with a 5% shadow and the guardrails of DESIGN.md's example. The
 * candidate's price override equals control's table price, so the synthetic data (same behaviour in both
 * arms) should not fail on cost.
 */
export const BENCH_EXPERIMENT: Experiment = loadExperiment({
  experiment: 'bench-support-triage',
  arms: {
    control: { model: 'openai:gpt-4.1', weight: 80 },
    candidate: { model: 'openai:gpt-5', weight: 20, shadow: '5%' },
  },
  pricing: { 'openai:gpt-5': { input: 2, output: 8 } },
  guardrails: {
    latency_p95_ms: { max_increase: '10%' },
    ttft_p95_ms: { max_increase: '15%' },
    cost_per_run_usd: { max_increase: '20%' },
    accuracy: { max_decrease: '2pp' },
    citation_stability: { min: 0.9 },
    error_rate: { max_increase: '1pp' },
  },
})

/** Start of the synthetic data: the analysis window opens here. */
export const BENCH_START_MS = Date.UTC(2026, 4, 1)
