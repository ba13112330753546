import type { Arm, ArmObservations, Experiment, SeededRandom, Verdict } from '@llm-canary/core'
import {
  computeQuantiles,
  createRandom,
  decideVerdict,
  exactQuantiles,
  loadExperiment,
  MeanAccumulator,
  RatioAccumulator,
} from '@llm-canary/core'
import type { AgentReport, AnalysisReport, ArmReport, IntervalHistoryPoint } from '../types.ts'

/**
 * Test fixtures: realistic `AnalysisReport`s for the report renderers. Sessions are simulated with a
 * seeded generator and the verdict and its history come from core's real `decideVerdict`, so the
 * guardrail intervals, p-values, SRM and samples needed are what the gate would print. Test support
 * only: not exported from the package.
 */

/** The verdicts the fixtures cover. */
export type FixtureScenario = 'pass' | 'fail' | 'inconclusive' | 'review' | 'suspected' | 'no-data'

/** Every scenario, for tests that run over all of them. */
export const FIXTURE_SCENARIOS: readonly FixtureScenario[] = [
  'pass',
  'fail',
  'inconclusive',
  'review',
  'suspected',
  'no-data',
]

/** How one arm's simulated sessions behave. */
interface ArmProfile {
  readonly sessions: number
  /** Median run latency in ms; log-normal with σ = 0.35. */
  readonly latencyMedianMs: number
  readonly costPerRunUsd: number
  readonly accuracy: number
  readonly errorRate: number
  /** Candidate only: mean Jaccard agreement of citations with control. */
  readonly citationStability?: number
}

interface Scenario {
  readonly control: ArmProfile
  readonly candidate: ArmProfile
  readonly observedDays: number
  readonly spansRead?: number
}

const CALLS_PER_SESSION = 4
const EXPERIMENT_ID = 'support-triage-2026-05'
const SINCE = Date.parse('2026-05-01T00:00:00.000Z')
const DAY_MS = 86_400_000
/** Looks of the interval history, as shares of the final sample. */
const LOOKS = [0.25, 0.5, 0.75, 1]

const BASE: ArmProfile = {
  sessions: 0,
  latencyMedianMs: 1_200,
  costPerRunUsd: 0.012,
  accuracy: 0.9,
  errorRate: 0.01,
  citationStability: 0.95,
}

const SCENARIOS: Readonly<Record<FixtureScenario, Scenario>> = {
  pass: {
    control: { ...BASE, sessions: 16_000 },
    candidate: { ...BASE, sessions: 4_000, latencyMedianMs: 1_150, costPerRunUsd: 0.0118, accuracy: 0.905 },
    observedDays: 6,
  },
  fail: {
    control: { ...BASE, sessions: 6_000 },
    candidate: { ...BASE, sessions: 1_500, latencyMedianMs: 1_650, costPerRunUsd: 0.0125 },
    observedDays: 3,
  },
  inconclusive: {
    control: { ...BASE, sessions: 480 },
    candidate: { ...BASE, sessions: 120, latencyMedianMs: 1_230 },
    observedDays: 1,
  },
  review: {
    control: { ...BASE, sessions: 8_000 },
    candidate: { ...BASE, sessions: 1_500 },
    observedDays: 4,
  },
  suspected: {
    control: { ...BASE, sessions: 4_000 },
    candidate: { ...BASE, sessions: 1_000, costPerRunUsd: 0.01464 },
    observedDays: 7,
  },
  'no-data': {
    control: { ...BASE, sessions: 0 },
    candidate: { ...BASE, sessions: 0 },
    observedDays: 2,
    spansRead: 0,
  },
}

/**
 * The experiment every fixture analyses: 80/20 control and candidate with the DESIGN.md guardrails.
 *
 * @returns The validated experiment.
 */
export function buildFixtureExperiment(): Experiment {
  return loadExperiment({
    experiment: EXPERIMENT_ID,
    unit: 'session',
    arms: {
      control: { model: 'openai:gpt-4.1', weight: 80 },
      candidate: { model: 'openai:gpt-5', weight: 20 },
    },
    guardrails: {
      latency_p95_ms: { max_increase: '10%' },
      cost_per_run_usd: { max_increase: '20%' },
      accuracy: { max_decrease: '2pp' },
      citation_stability: { min: 0.9 },
      error_rate: { max_increase: '1pp' },
    },
    analysis: { alpha: 0.05, min_units_per_arm: 100, horizon_days: 14, max_units_per_arm: 6_000 },
  })
}

/**
 * The experiment with each arm changed, `control` and `candidates` kept in step with `arms`.
 *
 * @param experiment - A loaded experiment.
 * @param change - Returns the arm as it should be (control stays first).
 * @returns A new experiment.
 */
export function withArms(experiment: Experiment, change: (arm: Arm) => Arm): Experiment {
  const arms = experiment.arms.map(change)
  return { ...experiment, arms, control: change(experiment.control), candidates: arms.slice(1) }
}

const cache = new Map<FixtureScenario, AnalysisReport>()

/**
 * Builds (once, then from a cache) the report of one scenario.
 *
 * @param scenario - `pass`, `fail` (P95 latency +35%), `inconclusive` (too few sessions), `review`
 *   (sample-ratio mismatch), `suspected` (cost per run +22% against a 20% tolerance: significantly worse
 *   than control, not yet significantly beyond the tolerance) or `no-data` (an empty fetch).
 * @returns The report, with the verdict and history computed by core.
 */
export function buildFixtureReport(scenario: FixtureScenario): AnalysisReport {
  const cached = cache.get(scenario)
  if (cached !== undefined) return cached
  const report = simulateReport(SCENARIOS[scenario])
  cache.set(scenario, report)
  return report
}

interface SimulatedArm {
  readonly name: string
  readonly model: string
  readonly weight: number
  readonly latenciesMs: number[]
  readonly ttftsMs: number[]
  readonly costsUsd: number[]
  readonly correct: number[]
  readonly errors: number[]
  readonly citations: number[]
}

function simulateReport(scenario: Scenario): AnalysisReport {
  const experiment = buildFixtureExperiment()
  const random = createRandom(20260501)
  const arms = [
    simulateArm({ name: 'control', model: 'openai:gpt-4.1', weight: 80 }, scenario.control, random),
    simulateArm({ name: 'candidate', model: 'openai:gpt-5', weight: 20 }, scenario.candidate, random),
  ]
  const history: IntervalHistoryPoint[] = []
  let verdict: Verdict | undefined
  for (const share of LOOKS) {
    const days = scenario.observedDays * share
    verdict = decideVerdict({
      experiment,
      arms: arms.flatMap((arm) => observe(arm, share)),
      observedDays: days,
    })
    const at = new Date(SINCE + days * DAY_MS).toISOString()
    for (const result of verdict.guardrails) {
      history.push({
        at,
        units: Math.min(result.units.control, result.units.candidate),
        metric: result.metric,
        arm: result.arm,
        ...(result.estimate === undefined ? {} : { estimate: result.estimate }),
        ...(result.interval === undefined
          ? {}
          : { lower: result.interval.lower, upper: result.interval.upper }),
        limit: result.limit,
      })
    }
  }
  if (verdict === undefined) throw new Error('LOOKS is empty')
  const units = arms.reduce((sum, arm) => sum + arm.latenciesMs.length, 0)
  const llmSpans = units * CALLS_PER_SESSION
  const spansRead = scenario.spansRead ?? llmSpans + units * 4
  return {
    schemaVersion: 3,
    generatedAt: new Date(SINCE + scenario.observedDays * DAY_MS).toISOString(),
    experiment: {
      id: EXPERIMENT_ID,
      unit: 'session',
      arms: arms.map((arm) => ({ name: arm.name, model: arm.model, weight: arm.weight })),
    },
    source: 'jaeger:http://127.0.0.1:16686',
    window: {
      since: new Date(SINCE).toISOString(),
      until: new Date(SINCE + scenario.observedDays * DAY_MS).toISOString(),
      observedDays: scenario.observedDays,
    },
    verdict,
    arms: arms.map(summarizeArm),
    agents: units === 0 ? [] : arms.flatMap(summarizeAgents),
    history: units === 0 ? [] : history,
    extraction: {
      spansRead,
      spansSkipped: spansRead === 0 ? 0 : 3,
      spansIgnored: spansRead === 0 ? 0 : 41,
      llmSpans: spansRead === 0 ? 0 : llmSpans,
      units,
      warnings:
        spansRead === 0
          ? []
          : [
              'otlp line 1042: not valid JSON, skipped',
              'no price for model openai:gpt-5-mini-2026-04 (12 calls): cost unknown',
            ],
    },
  }
}

function simulateArm(
  arm: { readonly name: string; readonly model: string; readonly weight: number },
  profile: ArmProfile,
  random: SeededRandom,
): SimulatedArm {
  const simulated: SimulatedArm = {
    ...arm,
    latenciesMs: [],
    ttftsMs: [],
    costsUsd: [],
    correct: [],
    errors: [],
    citations: [],
  }
  for (let i = 0; i < profile.sessions; i += 1) {
    const latencyMs = profile.latencyMedianMs * Math.exp(0.35 * random.normal())
    simulated.latenciesMs.push(latencyMs)
    simulated.ttftsMs.push(latencyMs * (0.18 + 0.04 * random.uniform()))
    simulated.costsUsd.push(Math.max(0, profile.costPerRunUsd * (1 + 0.3 * random.normal())))
    simulated.correct.push(random.uniform() < profile.accuracy ? 1 : 0)
    let errors = 0
    for (let call = 0; call < CALLS_PER_SESSION; call += 1)
      if (random.uniform() < profile.errorRate) errors += 1
    simulated.errors.push(errors)
    if (arm.name !== 'control' && profile.citationStability !== undefined) {
      simulated.citations.push(Math.min(1, Math.max(0, profile.citationStability + 0.08 * random.normal())))
    }
  }
  return simulated
}

function observe(arm: SimulatedArm, share: number): ArmObservations[] {
  const n = Math.round(arm.latenciesMs.length * share)
  if (n === 0) return []
  const errors = new RatioAccumulator()
  for (const y of arm.errors.slice(0, n)) errors.add(y, CALLS_PER_SESSION)
  const citations = arm.citations.slice(0, n)
  return [
    {
      arm: arm.name,
      units: n,
      metrics: {
        latency_p95_ms: { kind: 'quantile', summary: exactQuantiles(arm.latenciesMs.slice(0, n)) },
        cost_per_run_usd: { kind: 'mean', summary: MeanAccumulator.of(arm.costsUsd.slice(0, n)).summary() },
        accuracy: { kind: 'mean', summary: MeanAccumulator.of(arm.correct.slice(0, n)).summary() },
        error_rate: { kind: 'ratio', summary: errors.summary() },
        ...(citations.length === 0
          ? {}
          : { citation_stability: { kind: 'mean', summary: MeanAccumulator.of(citations).summary() } }),
      },
    },
  ]
}

function summarizeArm(arm: SimulatedArm): ArmReport {
  const units = arm.latenciesMs.length
  const base = { arm: arm.name, model: arm.model, weight: arm.weight, source: 'traffic' as const }
  if (units === 0) return { ...base, units: 0, runs: 0, calls: 0, callsWithUnknownCost: 0 }
  const calls = units * CALLS_PER_SESSION
  const costPerRunUsd = mean(arm.costsUsd)
  return {
    ...base,
    units,
    runs: units,
    calls,
    errorRate: sum(arm.errors) / calls,
    runFailureRate: arm.errors.filter((e) => e > 0).length / units,
    costPerCallUsd: costPerRunUsd / CALLS_PER_SESSION,
    costPerRunUsd,
    callsWithUnknownCost: arm.name === 'control' ? 0 : 12,
    latencyMs: percentiles(arm.latenciesMs),
    ttftMs: percentiles(arm.ttftsMs),
    accuracy: mean(arm.correct),
    judgeScore: 3.6 + mean(arm.correct),
    ...(arm.citations.length === 0
      ? {}
      : { citationStability: mean(arm.citations), citationPairs: Math.round(arm.citations.length * 0.3) }),
  }
}

/** Three graph nodes; the extractor makes two of the session's four calls. */
const AGENTS = [
  { agent: 'router', callShare: 0.25, latencyShare: 0.15, costShare: 0.1 },
  { agent: 'extractor', callShare: 0.5, latencyShare: 0.3, costShare: 0.6 },
  { agent: 'summarizer', callShare: 0.25, latencyShare: 0.4, costShare: 0.3 },
]

function summarizeAgents(arm: SimulatedArm): AgentReport[] {
  const figures = summarizeArm(arm)
  return AGENTS.map(({ agent, callShare, latencyShare, costShare }) => {
    const calls = Math.round(figures.calls * callShare)
    const scale = (q: { p50: number; p95: number; p99: number } | undefined) =>
      q === undefined
        ? undefined
        : { p50: q.p50 * latencyShare, p95: q.p95 * latencyShare, p99: q.p99 * latencyShare }
    const latencyMs = scale(figures.latencyMs)
    const costPerCallUsd =
      figures.costPerRunUsd === undefined
        ? undefined
        : (figures.costPerRunUsd * costShare) / (CALLS_PER_SESSION * callShare)
    return {
      arm: arm.name,
      agent,
      servedModel: arm.model,
      units: figures.units,
      runs: figures.runs,
      calls,
      callsWithUnknownCost: 0,
      ...(figures.errorRate === undefined ? {} : { errorRate: figures.errorRate }),
      ...(latencyMs === undefined ? {} : { latencyMs }),
      ...(costPerCallUsd === undefined ? {} : { costPerCallUsd }),
      ...(figures.accuracy === undefined ? {} : { accuracy: figures.accuracy }),
    }
  })
}

/**
 * Copies a report with `count` extra agents per candidate, for size tests.
 *
 * @param report - A fixture report.
 * @param count - Agents to add.
 * @returns A report with `count` more candidate agent rows and their control counterparts.
 */
export function withManyAgents(report: AnalysisReport, count: number): AnalysisReport {
  const extra: AgentReport[] = []
  for (let i = 0; i < count; i += 1) {
    const agent = `tool-node-${String(i).padStart(5, '0')}`
    const figures = { units: 10, runs: 10, calls: 20, callsWithUnknownCost: 0, errorRate: 0.01 }
    extra.push({ ...figures, arm: 'control', agent, servedModel: 'openai:gpt-4.1', latencyMs: lat(400) })
    extra.push({
      ...figures,
      arm: 'candidate',
      agent,
      servedModel: 'openai:gpt-5',
      latencyMs: lat(400 + (i % 97)),
    })
  }
  return { ...report, agents: [...report.agents, ...extra] }
}

/** Names an attacker could put in spans or an experiment file, for escaping tests. */
export const HOSTILE = {
  agent: '<img src=x onerror=alert(1)>',
  row: '| fake | row |',
  link: '[click](javascript:alert(1)) ](javascript:alert(2)) @everyone #1 `code` **bold** _x_ ~s~ $x$',
  heading: 'line\n## injected heading\r\n<!-- -->',
  model: '<script>alert(1)</script>',
  arm: 'cand|<b>@here</b>',
  source: 'otlp:./traces/<b>x</b>',
  ansi: '\u001b[31mred\u001b[0m\u202eevil',
} as const

/**
 * Copies a report with hostile agent, model, arm and source names and warnings, as spans or an
 * experiment file could carry them.
 *
 * @param report - A fixture report with a `candidate` arm and agents.
 * @returns The report with every name replaced by one of `HOSTILE`.
 */
export function withHostileNames(report: AnalysisReport): AnalysisReport {
  const agentNames = [HOSTILE.agent, HOSTILE.row, HOSTILE.link, HOSTILE.heading, HOSTILE.ansi]
  const names = new Map(AGENTS.map(({ agent }, i) => [agent, agentNames[i % agentNames.length] ?? agent]))
  const renamed = renameArm(report, 'candidate', HOSTILE.arm)
  return {
    ...renamed,
    experiment: { ...renamed.experiment, id: `exp${HOSTILE.link}` },
    source: HOSTILE.source,
    agents: renamed.agents.map((agent) => ({
      ...agent,
      agent: names.get(agent.agent) ?? agent.agent,
      servedModel: HOSTILE.model,
    })),
    extraction: { ...renamed.extraction, warnings: [...agentNames, HOSTILE.model] },
  }
}

function renameArm(report: AnalysisReport, from: string, to: string): AnalysisReport {
  const rename = (arm: string) => (arm === from ? to : arm)
  const renameKeys = <T>(record: Readonly<Record<string, T>>) =>
    Object.fromEntries(Object.entries(record).map(([key, value]) => [rename(key), value]))
  const { verdict } = report
  return {
    ...report,
    experiment: {
      ...report.experiment,
      arms: report.experiment.arms.map((arm) => ({ ...arm, name: rename(arm.name), model: HOSTILE.model })),
    },
    verdict: {
      ...verdict,
      reasons: verdict.reasons.map((reason) => reason.replaceAll(from, to)),
      guardrails: verdict.guardrails.map((result) => ({ ...result, arm: rename(result.arm) })),
      srm: {
        ...verdict.srm,
        observed: renameKeys(verdict.srm.observed),
        expected: renameKeys(verdict.srm.expected),
      },
      ...(verdict.samplesNeeded === undefined
        ? {}
        : { samplesNeeded: { ...verdict.samplesNeeded, perArm: renameKeys(verdict.samplesNeeded.perArm) } }),
    },
    arms: report.arms.map((arm) => ({ ...arm, arm: rename(arm.arm), model: HOSTILE.model })),
    agents: report.agents.map((agent) => ({ ...agent, arm: rename(agent.arm) })),
    history: report.history.map((point) => ({ ...point, arm: rename(point.arm) })),
  }
}

function lat(p50: number): { p50: number; p95: number; p99: number } {
  return { p50, p95: p50 * 2, p99: p50 * 3 }
}

function percentiles(values: readonly number[]): { p50: number; p95: number; p99: number } {
  const [p50 = Number.NaN, p95 = Number.NaN, p99 = Number.NaN] = computeQuantiles(values, [0.5, 0.95, 0.99])
  return { p50, p95, p99 }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0)
}

function mean(values: readonly number[]): number {
  return sum(values) / values.length
}
