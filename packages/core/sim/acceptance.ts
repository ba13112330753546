/**
 * The report's acceptance statements, checked against the simulated shares: the A/A false-fail rate is at
 * most α (beside the naive test's), a fine candidate does not fail, a real regression fails before the
 * fixed-horizon size in most runs, and under `fail_rule: bound` a candidate within its tolerances fails in
 * at most α of experiments.
 */
import { formatCount, formatLook, formatPercent, formatRate } from './report-format.ts'
import type { ScenarioId } from './sim-model.ts'
import type { FixedHorizonSizes } from './sim-setup.ts'
import type { ScenarioSummary } from './summarize.ts'
import { computeShareBy } from './summarize.ts'

/** `met`, `missed`, or `not tested` when the run was too short to say. */
export type AcceptanceStatus = 'met' | 'missed' | 'not tested'

/** One acceptance statement and what the simulation says about it. */
export interface AcceptanceStatement {
  readonly claim: string
  readonly status: AcceptanceStatus
  /** The numbers behind the status, one sentence. */
  readonly evidence: string
}

/** Inputs of `checkAcceptance`. */
export interface AcceptanceInput {
  readonly summaries: readonly ScenarioSummary[]
  readonly sizes: readonly FixedHorizonSizes[]
  /** The family-wise α of the experiments. */
  readonly alpha: number
}

/**
 * Checks every acceptance statement.
 *
 * @param input - Scenario summaries, fixed-horizon sizes and α.
 * @returns The statements in report order.
 * @throws {Error} When a scenario or a size the statements need is missing from the input.
 */
export function checkAcceptance(input: AcceptanceInput): AcceptanceStatement[] {
  const { alpha } = input
  const find = (id: ScenarioId) => findSummary(input.summaries, id)
  const statements: AcceptanceStatement[] = []
  for (const [id, label] of [
    ['aa', 'cost per run and error rate'],
    ['p95-aa', 'P95 latency'],
  ] as const) {
    const summary = find(id)
    const strict = summary.ever.verdictSignificant
    statements.push({
      claim: `A/A on ${label}: the always-valid verdict's false-fail rate, read at its strictest (significantly worse by any amount), is at most α = ${formatPercent(alpha)} over ${formatCount(summary.experiments)} experiments and every look`,
      status: strict.rate <= alpha ? 'met' : 'missed',
      evidence: `verdict ${formatRate(strict)}; the naive test peeked at the same looks: ${formatRate(summary.ever.naiveSignificant)}`,
    })
    statements.push({
      claim: `A/A on ${label}: a fine candidate does not fail (verdict \`fail\` as configured, at most α)`,
      status: summary.ever.verdictFail.rate <= alpha ? 'met' : 'missed',
      evidence: `fails in ${formatRate(summary.ever.verdictFail)}; passes before any fail in ${formatPercent(summary.passedFirst.rate)}, median sessions to pass ${formatLook(summary.medianFirst.verdictPass)}`,
    })
  }
  for (const [id, metric] of [
    ['cost-regression', 'cost_per_run_usd'],
    ['error-rate-regression', 'error_rate'],
    ['p95-regression', 'latency_p95_ms'],
  ] as const) {
    statements.push(checkRegression(find(id), findSize(input.sizes, metric)))
  }
  statements.push(
    checkWithinToleranceUnderBound(find('within-tolerance-bound'), find('within-tolerance'), alpha),
  )
  return statements
}

function checkWithinToleranceUnderBound(
  bound: ScenarioSummary,
  estimate: ScenarioSummary,
  alpha: number,
): AcceptanceStatement {
  return {
    claim: `\`fail_rule: bound\`, ${bound.scenario.title}: a candidate within its tolerances fails in at most α = ${formatPercent(alpha)} of experiments, over every look`,
    status: bound.ever.verdictFail.rate <= alpha ? 'met' : 'missed',
    evidence: `fails in ${formatRate(bound.ever.verdictFail)}; the same sessions under \`fail_rule: estimate\`: ${formatRate(estimate.ever.verdictFail)}`,
  }
}

function checkRegression(summary: ScenarioSummary, size: FixedHorizonSizes): AcceptanceStatement {
  const { nControl, nTreatment } = size.atTolerance
  const fixedSessions = nControl + nTreatment
  const claim = `${summary.scenario.title}: fails before the fixed-horizon n in most runs (n planned for the tolerance: ${formatCount(nControl)} control + ${formatCount(nTreatment)} candidate = ${formatCount(fixedSessions)} sessions)`
  if (summary.lastLookSessions < fixedSessions) {
    return {
      claim,
      status: 'not tested',
      evidence: `the run stops at ${formatCount(summary.lastLookSessions)} sessions, before the fixed-horizon n`,
    }
  }
  const before = computeShareBy(summary, 'verdictFail', fixedSessions)
  return {
    claim,
    status: before.rate > 0.5 ? 'met' : 'missed',
    evidence: `fails by then in ${formatRate(before)}; median sessions to fail ${formatLook(summary.medianFirst.verdictFail)}`,
  }
}

/**
 * The summary of one scenario.
 *
 * @param summaries - All summaries.
 * @param id - The scenario.
 * @returns Its summary.
 * @throws {Error} When it was not simulated.
 */
export function findSummary(summaries: readonly ScenarioSummary[], id: ScenarioId): ScenarioSummary {
  const summary = summaries.find((candidate) => candidate.scenario.id === id)
  if (summary === undefined)
    throw new Error(`scenario ${id} was not simulated; run every scenario of sim-model.ts`)
  return summary
}

/**
 * The fixed-horizon sizes of one guardrail.
 *
 * @param sizes - All sizes.
 * @param metric - The guardrail's metric.
 * @returns Its sizes.
 * @throws {Error} When it was not sized.
 */
export function findSize(
  sizes: readonly FixedHorizonSizes[],
  metric: FixedHorizonSizes['metric'],
): FixedHorizonSizes {
  const size = sizes.find((candidate) => candidate.metric === metric)
  if (size === undefined)
    throw new Error(`no fixed-horizon size for ${metric}; computeFixedHorizonSizes must size it`)
  return size
}
