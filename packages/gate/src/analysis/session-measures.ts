import { CELL } from './cell-pool.ts'

/** One session's contribution to a metric group (an arm, an arm × agent, or one side of shadow pairs). */
export interface SessionMeasures {
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

/**
 * Measures a session's traffic (its cells totalled): latency is its mean run duration when workflow
 * spans exist, else its mean LLM call latency; TTFT its mean TTFT; cost per run the runs' own
 * `llm_canary.run.cost_usd` when every run carries it, else the sum of its calls' costs when all are known.
 *
 * @param row - The session's cells totalled (`CELL` fields).
 * @returns The measures.
 */
export function measureArmSession(row: Float64Array): SessionMeasures {
  const runs = field(row, CELL.runs)
  const calls = field(row, CELL.calls)
  const latencyMs =
    runs > 0
      ? field(row, CELL.runDurationSumMs) / runs
      : calls > 0
        ? field(row, CELL.latencySumMs) / calls
        : undefined
  const runCostUsd = runs > 0 ? totalRunCost(row) : undefined
  return buildMeasures(row, { latencyMs, runs, runFailures: field(row, CELL.runFailures), runCostUsd })
}

/**
 * Measures one agent of a session (one cell): latency is its mean `invoke_agent` duration when agent spans
 * exist, else its mean LLM call latency; runs are its invocations, and cost per run the cost of its calls
 * per invocation.
 *
 * @param row - The session × agent cell.
 * @returns The measures.
 */
export function measureAgentSession(row: Float64Array): SessionMeasures {
  const invocations = field(row, CELL.agentSpans)
  const calls = field(row, CELL.calls)
  const latencyMs =
    invocations > 0
      ? field(row, CELL.agentDurationSumMs) / invocations
      : calls > 0
        ? field(row, CELL.latencySumMs) / calls
        : undefined
  const runCostUsd =
    invocations > 0 && field(row, CELL.costUnknown) === 0 ? field(row, CELL.costSumUsd) : undefined
  return buildMeasures(row, {
    latencyMs,
    runs: invocations,
    runFailures: field(row, CELL.agentFailures),
    runCostUsd,
  })
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
 * Measures both sides of a session's shadow pairs. Latency is the mean call latency on each side (a
 * shadow call has no run of its own). Cost per run substitutes the candidate's calls for the control calls
 * they replay in the session's run cost: (run cost − paired control cost + shadow cost) / runs, against the
 * run cost itself. Run failures are not measured: shadow calls never fail a user's run.
 *
 * @param rows - Candidate, paired control and (arm level) traffic rows.
 * @returns The candidate's and the paired control's measures.
 */
export function measureShadowSession(rows: ShadowRows): {
  readonly candidate: SessionMeasures
  readonly pairedControl: SessionMeasures
} {
  const { candidate, pairedControl, traffic } = rows
  const runs = traffic === undefined ? 0 : field(traffic, CELL.runs)
  const runCost = traffic === undefined || runs === 0 ? undefined : totalRunCost(traffic)
  const pricedPairs = field(candidate, CELL.costUnknown) === 0 && field(pairedControl, CELL.costUnknown) === 0
  const candidateRunCost =
    runCost === undefined || !pricedPairs
      ? undefined
      : runCost - field(pairedControl, CELL.costSumUsd) + field(candidate, CELL.costSumUsd)
  return {
    candidate: buildMeasures(candidate, {
      latencyMs: meanCallLatency(candidate),
      runs,
      runFailures: undefined,
      runCostUsd: candidateRunCost,
    }),
    pairedControl: buildMeasures(pairedControl, {
      latencyMs: meanCallLatency(pairedControl),
      runs,
      runFailures: undefined,
      runCostUsd: candidateRunCost === undefined ? undefined : runCost,
    }),
  }
}

type LevelMeasures = Pick<SessionMeasures, 'latencyMs' | 'runs' | 'runFailures' | 'runCostUsd'>

function buildMeasures(row: Float64Array, level: LevelMeasures): SessionMeasures {
  const ttftCount = field(row, CELL.ttftCount)
  return {
    latencyMs: level.latencyMs,
    ttftMs: ttftCount > 0 ? field(row, CELL.ttftSumMs) / ttftCount : undefined,
    calls: field(row, CELL.calls),
    errors: field(row, CELL.errors),
    costSumUsd: field(row, CELL.costSumUsd),
    costCalls: field(row, CELL.costCalls),
    costUnknown: field(row, CELL.costUnknown),
    runs: level.runs,
    runFailures: level.runFailures,
    runCostUsd: level.runCostUsd,
    accuracySum: field(row, CELL.accuracySum),
    accuracyCount: field(row, CELL.accuracyCount),
    judgeSum: field(row, CELL.judgeSum),
    judgeCount: field(row, CELL.judgeCount),
    feedbackSum: field(row, CELL.feedbackSum),
    feedbackCount: field(row, CELL.feedbackCount),
    citationSum: field(row, CELL.citationSum),
    citationPairs: field(row, CELL.citationPairs),
  }
}

function meanCallLatency(row: Float64Array): number | undefined {
  const calls = field(row, CELL.calls)
  return calls > 0 ? field(row, CELL.latencySumMs) / calls : undefined
}

/** The session's cost over all its runs, or undefined when some part of it is unknown. */
function totalRunCost(row: Float64Array): number | undefined {
  const runs = field(row, CELL.runs)
  if (field(row, CELL.runCostCount) === runs) return field(row, CELL.runCostSumUsd)
  return field(row, CELL.costUnknown) === 0 ? field(row, CELL.costSumUsd) : undefined
}

function field(row: Float64Array, index: number): number {
  return row[index] ?? 0
}
