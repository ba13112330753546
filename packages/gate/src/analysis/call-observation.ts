import {
  ATTR_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_EVALUATION_SCORE_VALUE,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  EVENT_GEN_AI_EVALUATION_RESULT,
} from '@llm-canary/core'
import type { Attributes, SpanRecord } from '../types.ts'
import type { MalformedTally } from './attribute-readers.ts'
import { readNonNegative, readNumber, readString } from './attribute-readers.ts'
import type { CellFieldName, CellPool } from './cell-pool.ts'
import { CELL } from './cell-pool.ts'
import type { CostResolver } from './cost-resolver.ts'
import type { EvaluationKind } from './evaluation-kind.ts'
import { classifyEvaluation, isScoreInRange } from './evaluation-kind.ts'
import type { ImplausibleTally } from './plausibility.ts'
import { PLAUSIBILITY_LIMITS } from './plausibility.ts'
import type { UnitExpr, UnitRules } from './unit-expressions.ts'
import { compileUnitExpr, constant, input, known, when } from './unit-expressions.ts'

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

/** What a span contributes to its cell: the fields it adds to, each as a rule over the span's readings. */
export type CellRules = Partial<UnitRules<CellFieldName>>

const reading = (name: string): UnitExpr => input(name)
const ONE = constant(1)
const NONE = constant(0)
/** The value when known, else 0. */
const orZero = (expr: UnitExpr): UnitExpr => when(known(expr), expr, NONE)
/** 1 when known, else 0. */
const countKnown = (expr: UnitExpr): UnitExpr => when(known(expr), ONE, NONE)

/**
 * Evaluation scores (inputs `evaluation.accuracySum`, `evaluation.accuracyCount`, ... : 0 when the span
 * has none of a kind).
 */
export const EVALUATION_CELL: CellRules = {
  accuracySum: reading('evaluation.accuracySum'),
  accuracyCount: reading('evaluation.accuracyCount'),
  judgeSum: reading('evaluation.judgeSum'),
  judgeCount: reading('evaluation.judgeCount'),
  feedbackSum: reading('evaluation.feedbackSum'),
  feedbackCount: reading('evaluation.feedbackCount'),
}

/**
 * One LLM call (inputs `call.latencyMs`, `call.error` 1 or 0, `call.ttftMs` and `call.costUsd`, unknown
 * when the span has none, and its evaluation scores): a call, its error, latency, TTFT when known, cost
 * when known (counted as unknown otherwise, never as 0).
 */
export const CALL_CELL: CellRules = {
  calls: ONE,
  errors: reading('call.error'),
  latencySumMs: reading('call.latencyMs'),
  ttftSumMs: orZero(reading('call.ttftMs')),
  ttftCount: countKnown(reading('call.ttftMs')),
  costUnknown: when(known(reading('call.costUsd')), NONE, ONE),
  costSumUsd: orZero(reading('call.costUsd')),
  costCalls: countKnown(reading('call.costUsd')),
  ...EVALUATION_CELL,
}

/**
 * One graph run, a workflow span (inputs `run.durationMs`, `run.failed` 1 or 0, `run.costUsd` from
 * `llm_canary.run.cost_usd`, unknown when absent).
 */
export const RUN_CELL: CellRules = {
  runs: ONE,
  runDurationSumMs: reading('run.durationMs'),
  runFailures: reading('run.failed'),
  runCostSumUsd: orZero(reading('run.costUsd')),
  runCostCount: countKnown(reading('run.costUsd')),
}

/** One agent invocation, an `invoke_agent` span (inputs `invocation.durationMs`, `invocation.failed` 1 or 0). */
export const INVOCATION_CELL: CellRules = {
  agentSpans: ONE,
  agentDurationSumMs: reading('invocation.durationMs'),
  agentFailures: reading('invocation.failed'),
}

/** One citation pair scored for this cell (input `citation.score`, the Jaccard agreement). */
export const CITATION_CELL: CellRules = {
  citationSum: reading('citation.score'),
  citationPairs: ONE,
}

/** Readings of one span, by input name. */
type Readings = (name: string) => number | undefined

/** Compiles cell rules into a function adding a span's contribution to a cell. */
function compileCellRules(rules: CellRules): (pool: CellPool, cell: number, readings: Readings) => void {
  const fields = (Object.keys(rules) as CellFieldName[]).map((name) => ({
    field: CELL[name],
    value: compileUnitExpr(rules[name] as UnitExpr, (key) => (readings: Readings) => readings(key)),
  }))
  return (pool, cell, readings) => {
    for (const { field, value } of fields) {
      const amount = value(readings)
      if (amount !== undefined && amount !== 0) pool.add(cell, field, amount)
    }
  }
}

const addCall = compileCellRules(CALL_CELL)
const addRun = compileCellRules(RUN_CELL)
const addInvocation = compileCellRules(INVOCATION_CELL)
const addEvaluations = compileCellRules(EVALUATION_CELL)
const addCitation = compileCellRules(CITATION_CELL)

function evaluationReading(totals: EvaluationTotals | undefined, name: string): number | undefined {
  const key = name.slice('evaluation.'.length) as keyof EvaluationTotals
  return totals === undefined ? 0 : totals[key]
}

/**
 * Adds one call to a cell (`CALL_CELL`).
 *
 * @param pool - The cell pool.
 * @param cell - The cell id.
 * @param call - The call.
 */
export function addCallToCell(pool: CellPool, cell: number, call: CallObservation): void {
  addCall(pool, cell, (name) => {
    switch (name) {
      case 'call.latencyMs':
        return call.latencyMs
      case 'call.error':
        return call.error ? 1 : 0
      case 'call.ttftMs':
        return call.ttftMs
      case 'call.costUsd':
        return call.costUsd
      default:
        return evaluationReading(call.evaluations, name)
    }
  })
}

/**
 * Adds one graph run (a workflow span) to a session's cell (`RUN_CELL`).
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
  addRun(pool, cell, (name) =>
    name === 'run.durationMs' ? run.durationMs : name === 'run.failed' ? (run.failed ? 1 : 0) : run.costUsd,
  )
}

/**
 * Adds one agent invocation (an `invoke_agent` span) to the session × agent cell (`INVOCATION_CELL`).
 *
 * @param pool - The cell pool.
 * @param cell - The cell id.
 * @param durationMs - The invocation's duration.
 * @param failed - Whether its status is ERROR.
 */
export function addInvocationToCell(pool: CellPool, cell: number, durationMs: number, failed: boolean): void {
  addInvocation(pool, cell, (name) => (name === 'invocation.durationMs' ? durationMs : failed ? 1 : 0))
}

/**
 * Adds evaluation scores to a cell (`EVALUATION_CELL`).
 *
 * @param pool - The cell pool.
 * @param cell - The cell id.
 * @param totals - The scores.
 */
export function addEvaluationsToCell(pool: CellPool, cell: number, totals: EvaluationTotals): void {
  addEvaluations(pool, cell, (name) => evaluationReading(totals, name))
}

/**
 * Adds one scored citation pair to a cell (`CITATION_CELL`).
 *
 * @param pool - The cell pool.
 * @param cell - The cell id.
 * @param score - The pair's Jaccard agreement.
 */
export function addCitationToCell(pool: CellPool, cell: number, score: number): void {
  addCitation(pool, cell, () => score)
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
