/**
 * The closing sections of the simulation report: the simulated model and the method, with the numbers taken
 * from the constants and setups actually used.
 */
import { normalQuantile } from '../src/index.ts'
import { formatCount, formatPercent } from './report-format.ts'
import {
  BASE_ERROR_RATE,
  CANDIDATE_SHARE,
  COST_LOG_MEAN,
  COST_LOG_SD,
  LATENCY_LOG_SD,
  LATENCY_MEDIAN_MS,
  LATENCY_QUANTILE,
  SESSIONS_PER_DAY,
} from './sim-model.ts'
import type { SimSetup } from './sim-setup.ts'

/** What `describeModel` needs from the run. */
export interface ModelFacts {
  readonly maxSessions: number
  readonly meanSetup: SimSetup
  readonly quantileSetup: SimSetup
}

/**
 * The "Model" section: distributions, regressions, assignment, days and plans.
 *
 * @param facts - Sessions and the two setups.
 * @returns Markdown lines.
 */
export function describeModel(facts: ModelFacts): string[] {
  const costMean = Math.exp(COST_LOG_MEAN + COST_LOG_SD ** 2 / 2)
  const costSd = costMean * Math.sqrt(Math.expm1(COST_LOG_SD ** 2))
  const p95Ms = LATENCY_MEDIAN_MS * Math.exp(LATENCY_LOG_SD * normalQuantile(LATENCY_QUANTILE))
  const candidateUnits = facts.maxSessions * CANDIDATE_SHARE
  const reach = (setup: SimSetup) =>
    setup.plannedUnitsPerArm > candidateUnits
      ? `the candidate never gets there within ${formatCount(facts.maxSessions)} sessions`
      : `reached at about ${formatCount(Math.round(setup.plannedUnitsPerArm / CANDIDATE_SHARE))} sessions; undecided looks after it are \`review\`, counted as neither fail nor pass`
  return [
    '## Model',
    '',
    `- Cost per run: lognormal, ln(cost) ~ N(${COST_LOG_MEAN}, ${COST_LOG_SD}²), mean $${costMean.toFixed(4)} and sd $${costSd.toFixed(4)} per session. A regression`,
    "  multiplies the candidate's costs by a factor, which moves the mean by the same factor.",
    `- Errors: one 0/1 outcome per session (\`error_rate\` observations of kind \`mean\`), control ${formatPercent(BASE_ERROR_RATE)}.`,
    `- Latency: one run latency per session, lognormal with median ${formatCount(LATENCY_MEDIAN_MS)} ms and log-scale σ ${LATENCY_LOG_SD}`,
    `  (P${Math.round(LATENCY_QUANTILE * 100)} ≈ ${formatCount(Math.round(p95Ms))} ms). A regression multiplies the candidate's latencies by a factor, so every quantile moves by it.`,
    `- Assignment: each session goes to the candidate with probability ${CANDIDATE_SHARE}, independently (what a uniform hash gives), so`,
    '  the sample-ratio check sees ordinary binomial noise.',
    `- Days: \`observedDays\` = sessions / ${formatCount(SESSIONS_PER_DAY)}, so the 14-day horizon is never reached.`,
    `- Plans: \`plannedUnitsPerArm\` = ${formatCount(facts.meanSetup.plannedUnitsPerArm)} for cost and error rate (the error-rate guardrail's sequential size;`,
    `  ${reach(facts.meanSetup)}) and ${formatCount(facts.quantileSetup.plannedUnitsPerArm)} for P95 latency (${reach(facts.quantileSetup)}).`,
    '',
  ]
}

/**
 * The "Method" section: sizes, naive tests, intervals, speed, seeds and cross-checks.
 *
 * @returns Markdown lines.
 */
export function describeMethod(): string[] {
  return [
    '## Method',
    '',
    '- Fixed-horizon n: `computeSampleSizeForMeans` (two-sample t, noncentral t) for cost per run,',
    "  `computeSampleSizeForProportions` (Cohen's h) for the error rate, and for P95 the plan's lognormal approximation",
    '  through `computeSampleSizeForMeans` (a relative change c of the quantile is a shift of ln(1 + c), sd σ·√(p(1 − p))/φ(z_p)',
    '  per unit); power 0.8, allocation 1:4, two-sided at α/m as `planExperiment` uses (0.025 with two guardrails, 0.05',
    "  with one). The sizes at the tolerance equal `planExperiment`'s fixed-horizon sizes; the runner checks it.",
    '  "For the tolerance" is what a fixed-horizon gate has to wait for, since the size of a regression is unknown when',
    '  planning; "for the simulated effect" is what it would need had it known the regression in advance.',
    "- The naive P95 test: a z-test on Q̂_B/Q̂_A − 1 with the sample quantiles x₍⌈n·p⌉₎, each arm's standard error read off",
    '  the order statistics at ranks n·p ± 1.96·√(n·p(1 − p)) as (x_hi − x_lo)/3.92, combined by the delta method.',
    '- Intervals: Clopper–Pearson, by inverting the binomial tails (core exports no beta quantile; the inversion is the',
    '  same interval as the beta-quantile form).',
    "- Speed: every summary is incremental (Welford's `MeanAccumulator` for cost, counts for errors, a sorted array",
    "  merged batch by batch for latency), so a look never re-reads the sessions; Welch's t comes from the summaries.",
    '  Each rule stops looking at its first fail; the last look is always evaluated for the "final look only" columns.',
    '  Batches of experiments run on worker threads.',
    '- Seeds: experiment i of scenario s draws from `createRandom(murmur3X86_32("s#i", seed))`, so results do not',
    '  depend on how experiments are split between workers. A `fail_rule: bound` scenario uses the seeds of its',
    '  `estimate` twin, so both rules judge the very same sessions. The plan (and so the tuning) does not depend on',
    '  the fail rule.',
    '- Cross-checks: experiment 0 of every scenario keeps its raw values and checks the shortcuts at its last look',
    "  against core's `welchTTest`, `MeanAccumulator` and `exactQuantiles` (to 1e-9 relative); a mismatch stops the run.",
    '',
  ]
}
