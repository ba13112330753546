import type { CellFieldName } from './cell-pool.ts'
import { CELL } from './cell-pool.ts'
import type { Evaluator, UnitExpr, UnitRules } from './unit-expressions.ts'
import {
  all,
  compileUnitRules,
  constant,
  equal,
  input,
  known,
  minus,
  over,
  plus,
  positive,
  UNKNOWN,
  when,
  zero,
} from './unit-expressions.ts'

/** One session's contribution to a metric group (an arm, an arm × agent, or one side of shadow pairs). */
export interface UnitMeasures {
  /** The session's latency value for the quantile sketch; undefined when it has none. */
  readonly latencyMs: number | undefined
  /** The session's mean time to first chunk. */
  readonly ttftMs: number | undefined
  readonly calls: number
  readonly errors: number
  /** Σ cost of the calls whose cost is known, and their number. */
  readonly costSumUsd: number
  readonly costCalls: number
  readonly costUnknown: number
  /** Runs (workflow spans), or agent invocations at the agent level. */
  readonly runs: number
  /** Failed runs; undefined when failures cannot be measured (shadow calls). */
  readonly runFailures: number | undefined
  /** The session's cost over its runs; undefined when unknown (an unpriced call, no runs). */
  readonly runCostUsd: number | undefined
  readonly accuracySum: number
  readonly accuracyCount: number
  readonly judgeSum: number
  readonly judgeCount: number
  readonly feedbackSum: number
  readonly feedbackCount: number
  readonly citationSum: number
  readonly citationPairs: number
}

/** The name of a session measure. */
export type MeasureName = keyof UnitMeasures

/** Every measure, in a fixed order (the SQL columns follow it). */
export const MEASURE_NAMES: readonly MeasureName[] = [
  'latencyMs',
  'ttftMs',
  'calls',
  'errors',
  'costSumUsd',
  'costCalls',
  'costUnknown',
  'runs',
  'runFailures',
  'runCostUsd',
  'accuracySum',
  'accuracyCount',
  'judgeSum',
  'judgeCount',
  'feedbackSum',
  'feedbackCount',
  'citationSum',
  'citationPairs',
]

/** The cell rows the measures read: `traffic` (the session's cells totalled), one agent's `cell`, or a shadow slot's two rows. */
type CellRowName = 'traffic' | 'cell' | 'candidate' | 'pairedControl'

/**
 * The input naming a field of a cell row: `traffic.calls`.
 *
 * @param row - Which row.
 * @param field - The `CELL` field.
 * @returns The input expression.
 */
function cellInput(row: CellRowName, field: CellFieldName): UnitExpr {
  return input(`${row}.${field}`)
}

/** The measures every level reads straight from its row; each level says how latency, runs and run cost are had. */
function measuresOf(
  row: CellRowName,
  level: Pick<UnitRules<MeasureName>, 'latencyMs' | 'runs' | 'runCostUsd'> & {
    readonly runFailures: UnitExpr | undefined
  },
): UnitRules<MeasureName> {
  const field = (name: CellFieldName): UnitExpr => cellInput(row, name)
  return {
    latencyMs: level.latencyMs,
    ttftMs: when(positive(field('ttftCount')), over(field('ttftSumMs'), field('ttftCount'))),
    calls: field('calls'),
    errors: field('errors'),
    costSumUsd: field('costSumUsd'),
    costCalls: field('costCalls'),
    costUnknown: field('costUnknown'),
    runs: level.runs,
    runFailures: level.runFailures ?? UNKNOWN,
    runCostUsd: level.runCostUsd,
    accuracySum: field('accuracySum'),
    accuracyCount: field('accuracyCount'),
    judgeSum: field('judgeSum'),
    judgeCount: field('judgeCount'),
    feedbackSum: field('feedbackSum'),
    feedbackCount: field('feedbackCount'),
    citationSum: field('citationSum'),
    citationPairs: field('citationPairs'),
  }
}

/** Mean call latency of a row, when it has calls. */
function meanCallLatency(row: CellRowName): UnitExpr {
  return when(
    positive(cellInput(row, 'calls')),
    over(cellInput(row, 'latencySumMs'), cellInput(row, 'calls')),
  )
}

/** The mean duration of a row's runs (or invocations) when it has any, else its mean call latency. */
function meanDurationElseCalls(row: CellRowName, sum: CellFieldName, count: CellFieldName): UnitExpr {
  return when(
    positive(cellInput(row, count)),
    over(cellInput(row, sum), cellInput(row, count)),
    meanCallLatency(row),
  )
}

/** The session's cost over all its runs: the runs' own totals when every run carries one, else its calls' costs when all are known. */
function totalRunCost(row: CellRowName): UnitExpr {
  return when(
    equal(cellInput(row, 'runCostCount'), cellInput(row, 'runs')),
    cellInput(row, 'runCostSumUsd'),
    when(zero(cellInput(row, 'costUnknown')), cellInput(row, 'costSumUsd')),
  )
}

/**
 * A session's traffic (its cells totalled, inputs `traffic.*`): latency is its mean run duration when
 * workflow spans exist, else its mean LLM call latency; TTFT its mean TTFT; cost per run the runs' own
 * `llm_canary.run.cost_usd` when every run carries it, else the sum of its calls' costs when all are known.
 */
export const ARM_MEASURES: UnitRules<MeasureName> = measuresOf('traffic', {
  latencyMs: meanDurationElseCalls('traffic', 'runDurationSumMs', 'runs'),
  runs: cellInput('traffic', 'runs'),
  runFailures: cellInput('traffic', 'runFailures'),
  runCostUsd: when(positive(cellInput('traffic', 'runs')), totalRunCost('traffic')),
})

/**
 * One agent of a session (inputs `cell.*`): latency is its mean `invoke_agent` duration when agent spans
 * exist, else its mean LLM call latency; runs are its invocations, and cost per run the cost of its calls
 * per invocation.
 */
export const AGENT_MEASURES: UnitRules<MeasureName> = measuresOf('cell', {
  latencyMs: meanDurationElseCalls('cell', 'agentDurationSumMs', 'agentSpans'),
  runs: cellInput('cell', 'agentSpans'),
  runFailures: cellInput('cell', 'agentFailures'),
  runCostUsd: when(
    all(positive(cellInput('cell', 'agentSpans')), zero(cellInput('cell', 'costUnknown'))),
    cellInput('cell', 'costSumUsd'),
  ),
})

/** Both sides of one session's shadow pairs for one candidate. */
export interface ShadowMeasureRules {
  readonly candidate: UnitRules<MeasureName>
  readonly pairedControl: UnitRules<MeasureName>
}

function shadowMeasures(withTraffic: boolean): ShadowMeasureRules {
  const runs = withTraffic ? cellInput('traffic', 'runs') : constant(0)
  const runCost = withTraffic ? when(positive(runs), totalRunCost('traffic')) : UNKNOWN
  const pricedPairs = all(
    zero(cellInput('candidate', 'costUnknown')),
    zero(cellInput('pairedControl', 'costUnknown')),
  )
  const candidateRunCost = when(
    all(known(runCost), pricedPairs),
    plus(minus(runCost, cellInput('pairedControl', 'costSumUsd')), cellInput('candidate', 'costSumUsd')),
  )
  return {
    candidate: measuresOf('candidate', {
      latencyMs: meanCallLatency('candidate'),
      runs,
      runFailures: undefined,
      runCostUsd: candidateRunCost,
    }),
    pairedControl: measuresOf('pairedControl', {
      latencyMs: meanCallLatency('pairedControl'),
      runs,
      runFailures: undefined,
      runCostUsd: when(known(candidateRunCost), runCost),
    }),
  }
}

/**
 * Both sides of a session's shadow pairs at the arm level (inputs `candidate.*`, `pairedControl.*` and the
 * session's `traffic.*`). Latency is the mean call latency on each side (a shadow call has no run of its
 * own). Cost per run substitutes the candidate's calls for the control calls they replay in the session's
 * run cost: (run cost − paired control cost + shadow cost) / runs, against the run cost itself. Run
 * failures are not measured: shadow calls never fail a user's run.
 */
export const SHADOW_ARM_MEASURES: ShadowMeasureRules = shadowMeasures(true)

/** Both sides of one agent's shadow pairs (no traffic row: runs are 0, cost per run unknown). */
export const SHADOW_AGENT_MEASURES: ShadowMeasureRules = shadowMeasures(false)

/** The rows one session level reads, by name. */
type CellRows = Partial<Readonly<Record<CellRowName, Float64Array | undefined>>>

function resolveCell(name: string): Evaluator<CellRows> {
  const dot = name.indexOf('.')
  const row = name.slice(0, dot) as CellRowName
  const index = CELL[name.slice(dot + 1) as CellFieldName]
  return (rows) => rows[row]?.[index] ?? 0
}

/**
 * Compiles a rule set over cell rows into a function returning `UnitMeasures`.
 *
 * @param rules - The measures' rules.
 * @returns The measuring function.
 */
function compileMeasures(rules: UnitRules<MeasureName>): (rows: CellRows) => UnitMeasures {
  const compiled = compileUnitRules(rules, resolveCell)
  return (rows) => {
    const measures = {} as Record<MeasureName, number | undefined>
    for (const name of MEASURE_NAMES) measures[name] = compiled[name](rows)
    return measures as unknown as UnitMeasures
  }
}

const measureArm = compileMeasures(ARM_MEASURES)
const measureAgent = compileMeasures(AGENT_MEASURES)
const measureShadowArm = {
  candidate: compileMeasures(SHADOW_ARM_MEASURES.candidate),
  pairedControl: compileMeasures(SHADOW_ARM_MEASURES.pairedControl),
}
const measureShadowAgent = {
  candidate: compileMeasures(SHADOW_AGENT_MEASURES.candidate),
  pairedControl: compileMeasures(SHADOW_AGENT_MEASURES.pairedControl),
}

/**
 * Measures a session's traffic (its cells totalled) with `ARM_MEASURES`.
 *
 * @param row - The session's cells totalled (`CELL` fields).
 * @returns The measures.
 */
export function measureArmUnit(row: Float64Array): UnitMeasures {
  return measureArm({ traffic: row })
}

/**
 * Measures one agent of a session (one cell) with `AGENT_MEASURES`.
 *
 * @param row - The session × agent cell.
 * @returns The measures.
 */
export function measureAgentUnit(row: Float64Array): UnitMeasures {
  return measureAgent({ cell: row })
}

/** The rows behind one session's shadow pairs for one candidate. */
export interface ShadowRows {
  /** The candidate's shadow calls. */
  readonly candidate: Float64Array
  /** The control calls they replay. */
  readonly pairedControl: Float64Array
  /**
   * The session's own traffic totals, for cost per run (undefined at the agent level, where runs are the
   * agent's invocations).
   */
  readonly traffic: Float64Array | undefined
}

/**
 * Measures both sides of a session's shadow pairs (`SHADOW_ARM_MEASURES`, or `SHADOW_AGENT_MEASURES`
 * without a traffic row).
 *
 * @param rows - Candidate, paired control and (arm level) traffic rows.
 * @returns The candidate's and the paired control's measures.
 */
export function measureShadowUnit(rows: ShadowRows): {
  readonly candidate: UnitMeasures
  readonly pairedControl: UnitMeasures
} {
  const measure = rows.traffic === undefined ? measureShadowAgent : measureShadowArm
  const cells = { candidate: rows.candidate, pairedControl: rows.pairedControl, traffic: rows.traffic }
  return { candidate: measure.candidate(cells), pairedControl: measure.pairedControl(cells) }
}
