import {
  ATTR_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_EVALUATION_SCORE_VALUE,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  EVENT_GEN_AI_EVALUATION_RESULT,
} from '@llm-canary/core'
import type { Attributes, SpanRecord } from '../types.ts'
import type { MalformedTally } from './attribute-readers.ts'
import { readNonNegative, readNumber, readString } from './attribute-readers.ts'
import type { CellPool } from './cell-pool.ts'
import { CELL } from './cell-pool.ts'
import type { CostResolver } from './cost-resolver.ts'
import type { EvaluationKind } from './evaluation-kind.ts'
import { classifyEvaluation, isScoreInRange } from './evaluation-kind.ts'
import type { ImplausibleTally } from './plausibility.ts'
import { PLAUSIBILITY_LIMITS } from './plausibility.ts'

/** Evaluation scores read from one span, summed by kind. */
export interface EvaluationTotals {
  accuracySum: number
  accuracyCount: number
  judgeSum: number
  judgeCount: number
  feedbackSum: number
  feedbackCount: number
}

/** What one LLM call contributes to its cell, kept whole for shadow pairs until both halves are seen. */
export interface CallObservation {
  readonly latencyMs: number
  readonly error: boolean
  /** Time to first chunk in ms; undefined when the span does not report it. */
  readonly ttftMs: number | undefined
  /** Cost in USD; undefined when unknown. */
  readonly costUsd: number | undefined
  /** Scores of `gen_ai.evaluation.result` events on the span. */
  readonly evaluations: EvaluationTotals | undefined
}

/** Where the readers report what they could not use. */
export interface ReadContext {
  readonly tally: MalformedTally
  readonly costs: CostResolver
  /** Where values beyond `PLAUSIBILITY_LIMITS` are counted. */
  readonly implausible: ImplausibleTally
  /** Evaluation names the analysis does not use, with counts. */
  readonly unknownEvaluations: Map<string, number>
}

const SECONDS_TO_MS = 1000
const UNKNOWN_NAME_CAP = 20

/**
 * Reads an LLM span: latency (its duration), error (status 2), TTFT (`gen_ai.response.time_to_first_chunk`,
 * seconds, converted to ms; set aside beyond `maxDurationMs`), cost, and the evaluation events on it.
 *
 * @param span - The LLM span (duration already checked finite and ≥ 0).
 * @param context - Malformed-value tally, cost resolver, unknown evaluation names.
 * @returns The observation.
 */
export function readCall(span: SpanRecord, context: ReadContext): CallObservation {
  const { attributes } = span
  const ttftSeconds = readNonNegative(attributes, ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, context.tally)
  let ttftMs = ttftSeconds === undefined ? undefined : ttftSeconds * SECONDS_TO_MS
  if (ttftMs !== undefined && ttftMs > PLAUSIBILITY_LIMITS.maxDurationMs) {
    context.implausible.add('ttft')
    ttftMs = undefined
  }
  return {
    latencyMs: span.durationMs,
    error: span.status.code === 2,
    ttftMs,
    costUsd: context.costs.costOf(attributes, span.startTimeUnixMs),
    evaluations: readEvaluationEvents(span, context),
  }
}

/**
 * Adds one call to a cell.
 *
 * @param pool - The cell pool.
 * @param cell - The cell id.
 * @param call - The call.
 */
export function addCallToCell(pool: CellPool, cell: number, call: CallObservation): void {
  pool.add(cell, CELL.calls, 1)
  if (call.error) pool.add(cell, CELL.errors, 1)
  pool.add(cell, CELL.latencySumMs, call.latencyMs)
  if (call.ttftMs !== undefined) {
    pool.add(cell, CELL.ttftSumMs, call.ttftMs)
    pool.add(cell, CELL.ttftCount, 1)
  }
  if (call.costUsd === undefined) pool.add(cell, CELL.costUnknown, 1)
  else {
    pool.add(cell, CELL.costSumUsd, call.costUsd)
    pool.add(cell, CELL.costCalls, 1)
  }
  if (call.evaluations !== undefined) addEvaluationsToCell(pool, cell, call.evaluations)
}

/**
 * Adds one graph run (a workflow span) to a session's cell.
 *
 * @param pool - The cell pool.
 * @param cell - The cell id (the session's cell without agent).
 * @param run - Its duration, whether it failed (status ERROR), and `llm_canary.run.cost_usd` when present.
 */
export function addRunToCell(
  pool: CellPool,
  cell: number,
  run: { readonly durationMs: number; readonly failed: boolean; readonly costUsd: number | undefined },
): void {
  pool.add(cell, CELL.runs, 1)
  pool.add(cell, CELL.runDurationSumMs, run.durationMs)
  if (run.failed) pool.add(cell, CELL.runFailures, 1)
  if (run.costUsd !== undefined) {
    pool.add(cell, CELL.runCostSumUsd, run.costUsd)
    pool.add(cell, CELL.runCostCount, 1)
  }
}

/**
 * Adds one agent invocation (an `invoke_agent` span) to the session × agent cell.
 *
 * @param pool - The cell pool.
 * @param cell - The cell id.
 * @param durationMs - The invocation's duration.
 * @param failed - Whether its status is ERROR.
 */
export function addInvocationToCell(pool: CellPool, cell: number, durationMs: number, failed: boolean): void {
  pool.add(cell, CELL.agentSpans, 1)
  pool.add(cell, CELL.agentDurationSumMs, durationMs)
  if (failed) pool.add(cell, CELL.agentFailures, 1)
}

/**
 * Adds evaluation scores to a cell.
 *
 * @param pool - The cell pool.
 * @param cell - The cell id.
 * @param totals - The scores.
 */
export function addEvaluationsToCell(pool: CellPool, cell: number, totals: EvaluationTotals): void {
  pool.add(cell, CELL.accuracySum, totals.accuracySum)
  pool.add(cell, CELL.accuracyCount, totals.accuracyCount)
  pool.add(cell, CELL.judgeSum, totals.judgeSum)
  pool.add(cell, CELL.judgeCount, totals.judgeCount)
  pool.add(cell, CELL.feedbackSum, totals.feedbackSum)
  pool.add(cell, CELL.feedbackCount, totals.feedbackCount)
}

/**
 * Reads the `gen_ai.evaluation.result` events of a span.
 *
 * @param span - Any span.
 * @param context - Where unusable scores and names are counted.
 * @returns The scores, or undefined when the span has none.
 */
export function readEvaluationEvents(span: SpanRecord, context: ReadContext): EvaluationTotals | undefined {
  let totals: EvaluationTotals | undefined
  for (const event of span.events) {
    if (event.name !== EVENT_GEN_AI_EVALUATION_RESULT) continue
    totals = addScore(totals, event.attributes, undefined, context)
  }
  return totals
}

/**
 * Reads an `evaluate {name}` span: a score that arrived after its LLM span ended.
 *
 * @param span - The evaluation span.
 * @param fallbackName - The name from the span name, used when `gen_ai.evaluation.name` is absent.
 * @param context - Where unusable scores and names are counted.
 * @returns The score, or undefined when it is unusable.
 */
export function readEvaluationSpan(
  span: SpanRecord,
  fallbackName: string | undefined,
  context: ReadContext,
): EvaluationTotals | undefined {
  return addScore(undefined, span.attributes, fallbackName, context)
}

function addScore(
  totals: EvaluationTotals | undefined,
  attributes: Attributes,
  fallbackName: string | undefined,
  context: ReadContext,
): EvaluationTotals | undefined {
  const name = readString(attributes, ATTR_GEN_AI_EVALUATION_NAME, context.tally) ?? fallbackName
  if (name === undefined) return totals
  const kind = classifyEvaluation(name)
  if (kind === undefined) {
    countUnknownName(context.unknownEvaluations, name)
    return totals
  }
  const score = readNumber(attributes, ATTR_GEN_AI_EVALUATION_SCORE_VALUE, context.tally)
  if (score === undefined) return totals
  if (!isScoreInRange(kind, score)) {
    context.tally.add(`${ATTR_GEN_AI_EVALUATION_SCORE_VALUE} (${kind} out of range)`)
    return totals
  }
  const result = totals ?? emptyTotals()
  addKind(result, kind, score)
  return result
}

function addKind(totals: EvaluationTotals, kind: EvaluationKind, score: number): void {
  switch (kind) {
    case 'accuracy':
      totals.accuracySum += score
      totals.accuracyCount += 1
      return
    case 'judge':
      totals.judgeSum += score
      totals.judgeCount += 1
      return
    case 'feedback':
      totals.feedbackSum += score
      totals.feedbackCount += 1
      return
  }
}

function emptyTotals(): EvaluationTotals {
  return { accuracySum: 0, accuracyCount: 0, judgeSum: 0, judgeCount: 0, feedbackSum: 0, feedbackCount: 0 }
}

function countUnknownName(names: Map<string, number>, name: string): void {
  const count = names.get(name)
  if (count !== undefined) names.set(name, count + 1)
  else if (names.size < UNKNOWN_NAME_CAP) names.set(name, 1)
}
