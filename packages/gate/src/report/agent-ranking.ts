import type { GuardrailBound, GuardrailMetric, Tolerance } from '@llm-canary/core'
import { GUARDRAIL_METRICS, parseTolerance } from '@llm-canary/core'
import type { AgentReport, AnalysisReport, MetricFigures } from '../types.ts'
import { formatScore } from './format-units.ts'
import { formatDegradation } from './guardrail-format.ts'
import { findControlArmName } from './verdict-summary.ts'

/**
 * Ranks the per-agent figures so reports can show the worst regressions first. Each candidate agent is
 * compared with the same agent in control on every metric a guardrail of that candidate watches, plus
 * a reference set (P95 latency +10%, P95 TTFT +15%, cost per call +20%, error rate +1pp, accuracy -2pp)
 * for metrics no guardrail covers. A change's severity is its degradation divided by the tolerance (1 =
 * as much as tolerated); for a `min` / `max` threshold, 1 plus the relative distance past it. These are
 * point estimates from one agent's slice, not tests: they say where to look, the guardrails decide.
 */

/** One metric of one agent compared with control. */
interface AgentChange {
  readonly metric: GuardrailMetric
  /** δ on the tolerance's scale, positive = worse. */
  readonly degradation: number
  /** Degradation over tolerance: ≥ 1 means at least as bad as the guardrail tolerates. */
  readonly severity: number
  /**
   * The change as a reader expects it, in the metric's own direction (accuracy down 3pp reads `-3.00pp`,
   * latency up 32% reads `+32.1%`), or for a threshold the value and its bound (`0.8 (min 0.90)`).
   */
  readonly text: string
}

/** One candidate agent with its changes versus the same agent in control. */
export interface AgentRegression {
  readonly agent: AgentReport
  /** The same agent in control, when control has it. */
  readonly control?: AgentReport
  /** Every comparable metric, worst first. */
  readonly changes: readonly AgentChange[]
  /** The worst change, when any metric could be compared. */
  readonly worst?: AgentChange
}

interface Rule {
  readonly metric: GuardrailMetric
  readonly bound: GuardrailBound
  readonly tolerance: Tolerance
}

/** The reference set, written as in an experiment file and parsed by core's tolerance parser. */
const REFERENCE_RULES: readonly Rule[] = (
  [
    ['latency_p95_ms', 'max_increase', '10%'],
    ['ttft_p95_ms', 'max_increase', '15%'],
    ['cost_per_call_usd', 'max_increase', '20%'],
    ['error_rate', 'max_increase', '1pp'],
    ['accuracy', 'max_decrease', '2pp'],
  ] as const
).map(([metric, bound, written]) => {
  const parsed = parseTolerance(written, { metric, bound })
  if (!parsed.ok) throw new Error(`reference tolerance ${metric} ${written}: ${parsed.message}`)
  return { metric, bound, tolerance: parsed.tolerance }
})

/**
 * Compares every candidate agent with the same agent in control and sorts them worst first.
 *
 * @param report - The analysis report.
 * @returns One entry per agent of an arm other than control: the most severe first, then by calls;
 *   agents with nothing to compare last.
 */
export function rankAgentRegressions(report: AnalysisReport): AgentRegression[] {
  const controlArm = findControlArmName(report)
  const controlByAgent = new Map<string, AgentReport>()
  for (const agent of report.agents) if (agent.arm === controlArm) controlByAgent.set(agent.agent, agent)
  const rulesByArm = new Map<string, readonly Rule[]>()
  const ranked = report.agents
    .filter((agent) => agent.arm !== controlArm)
    .map((agent) => {
      let rules = rulesByArm.get(agent.arm)
      if (rules === undefined) {
        rules = collectRules(report, agent.arm)
        rulesByArm.set(agent.arm, rules)
      }
      return compareAgent(agent, controlByAgent.get(agent.agent), rules)
    })
  return ranked.sort(compareRegressions)
}

function collectRules(report: AnalysisReport, arm: string): Rule[] {
  const rules: Rule[] = []
  const seen = new Set<GuardrailMetric>()
  for (const result of report.verdict.guardrails) {
    if (result.arm !== arm || seen.has(result.metric)) continue
    seen.add(result.metric)
    rules.push({ metric: result.metric, bound: result.bound, tolerance: result.tolerance })
  }
  for (const rule of REFERENCE_RULES) if (!seen.has(rule.metric)) rules.push(rule)
  return rules
}

function compareAgent(
  agent: AgentReport,
  control: AgentReport | undefined,
  rules: readonly Rule[],
): AgentRegression {
  const changes: AgentChange[] = []
  for (const rule of rules) {
    const change = compareMetric(rule, agent, control)
    if (change !== undefined) changes.push(change)
  }
  changes.sort((a, b) => compareDescending(a.severity, b.severity))
  const [worst] = changes
  return {
    agent,
    ...(control === undefined ? {} : { control }),
    changes,
    ...(worst === undefined ? {} : { worst }),
  }
}

function compareMetric(
  rule: Rule,
  agent: AgentReport,
  control: AgentReport | undefined,
): AgentChange | undefined {
  const value = readFigure(agent, rule.metric)
  if (value === undefined) return undefined
  const { tolerance } = rule
  if (tolerance.kind === 'threshold') {
    const degradation = rule.bound === 'min' ? tolerance.value - value : value - tolerance.value
    const severity =
      degradation > 0 ? 1 + degradation / Math.max(Math.abs(tolerance.value), Number.EPSILON) : 0
    const text = `${formatScore(value)} (${rule.bound} ${tolerance.text})`
    return { metric: rule.metric, degradation, severity, text }
  }
  const base = control === undefined ? undefined : readFigure(control, rule.metric)
  if (base === undefined) return undefined
  const worseWhenUp = GUARDRAIL_METRICS[rule.metric].worseWhen === 'increase'
  let degradation: number
  if (tolerance.kind === 'relative') {
    if (base === 0) return undefined
    degradation = worseWhenUp ? value / base - 1 : 1 - value / base
  } else {
    degradation = worseWhenUp ? value - base : base - value
  }
  const severity = tolerance.value > 0 ? degradation / tolerance.value : degradation > 0 ? Infinity : 0
  const change = worseWhenUp ? degradation : -degradation
  return { metric: rule.metric, degradation, severity, text: formatDegradation(change, rule) }
}

/**
 * Reads the figure a guardrail metric watches from an arm's or agent's figures.
 *
 * @param figures - The figures.
 * @param metric - The guardrail metric.
 * @returns The value, or undefined when absent.
 */
export function readFigure(figures: MetricFigures, metric: GuardrailMetric): number | undefined {
  switch (metric) {
    case 'latency_p50_ms':
      return figures.latencyMs?.p50
    case 'latency_p95_ms':
      return figures.latencyMs?.p95
    case 'latency_p99_ms':
      return figures.latencyMs?.p99
    case 'ttft_p50_ms':
      return figures.ttftMs?.p50
    case 'ttft_p95_ms':
      return figures.ttftMs?.p95
    case 'ttft_p99_ms':
      return figures.ttftMs?.p99
    case 'cost_per_call_usd':
      return figures.costPerCallUsd
    case 'cost_per_run_usd':
      return figures.costPerRunUsd
    case 'error_rate':
      return figures.errorRate
    case 'run_failure_rate':
      return figures.runFailureRate
    case 'accuracy':
      return figures.accuracy
    case 'judge_score':
      return figures.judgeScore
    case 'citation_stability':
      return figures.citationStability
  }
}

function compareRegressions(a: AgentRegression, b: AgentRegression): number {
  const bySeverity = compareDescending(
    a.worst?.severity ?? Number.NEGATIVE_INFINITY,
    b.worst?.severity ?? Number.NEGATIVE_INFINITY,
  )
  if (bySeverity !== 0) return bySeverity
  if (a.agent.calls !== b.agent.calls) return b.agent.calls - a.agent.calls
  return a.agent.agent < b.agent.agent ? -1 : a.agent.agent > b.agent.agent ? 1 : 0
}

/** Orders larger first without subtracting, so two infinite severities compare equal instead of NaN. */
function compareDescending(a: number, b: number): number {
  return a === b ? 0 : a > b ? -1 : 1
}
