import type { TokenUsage } from '@llm-canary/core'
import {
  ATTR_CITATIONS,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_COST_CURRENCY,
  ATTR_GEN_AI_USAGE_COST_SOURCE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  EVENT_GEN_AI_EVALUATION_RESULT,
} from '@llm-canary/core'
import type { Attributes } from '@opentelemetry/api'
import { diag } from '@opentelemetry/api'
import { toEvaluationAttributes } from '../evaluation/evaluation-recorder.ts'
import type { EvaluationInput } from '../evaluation/evaluation-types.ts'
import { runEvaluators } from '../evaluation/run-evaluators.ts'
import type { RunRecord } from '../internal-types.ts'
import type { CallOutcome } from '../types.ts'
import { toErrorOutcome } from './chain-runs.ts'
import type { HandlerState } from './handler-state.ts'
import type { LlmResponse } from './llm-response.ts'
import { readLlmResponse } from './llm-response.ts'
import { toOtelMessages } from './message-content.ts'
import { completeLlmCall, endRun } from './run-lifecycle.ts'

/**
 * `handleLLMEnd`: records response model, usage (absent stays absent), time to first chunk, finish
 * reasons, cost, citations and synchronous evaluations, ends the span, books the call in its run's
 * totals, tells the observers, and lets promised evaluations land later.
 *
 * @param state - The handler state.
 * @param output - The `LLMResult`.
 * @param runId - The LLM run id.
 */
export function onLlmEnd(state: HandlerState, output: unknown, runId: string): void {
  const record = state.registry.get(runId)
  if (record === undefined) return
  const nowMs = state.clock()
  const llm = record.llm
  const span = record.span
  if (llm === undefined || span === undefined) {
    endRun(state, record, { kind: 'ok' }, nowMs)
    return
  }
  let costUsd: number | undefined
  try {
    const response = readLlmResponse(output)
    costUsd = state.costCall(
      {
        providerName: llm.providerName,
        rawProvider: llm.rawProvider,
        requestModel: llm.requestModel,
        responseModel: response.responseModel,
      },
      response.usage,
      nowMs,
    )
    span.setAttributes(toEndAttributes(state, record, response, costUsd))
    if (state.options.evaluators.length > 0) addEvaluations(state, record, response, nowMs)
  } catch (err) {
    diag.error('llm-canary: could not record the response of an LLM call; its span ends without it', err)
  }
  try {
    completeLlmCall(state, record, costUsd, false)
  } finally {
    endRun(state, record, { kind: 'ok' }, nowMs)
  }
  notifyObservers(state, record, nowMs, false)
}

/** Runs the evaluators: scores known now become events on the span, promised ones land later. */
function addEvaluations(state: HandlerState, record: RunRecord, response: LlmResponse, nowMs: number): void {
  const known = runEvaluators(state.options.evaluators, toEvaluationInput(record, response), {
    recordLate: (result) => state.recordEvaluation(record.runId, result),
    track: (pending) => trackEvaluation(state, pending),
  })
  for (const result of known) {
    record.span?.addEvent(EVENT_GEN_AI_EVALUATION_RESULT, toEvaluationAttributes(result), nowMs)
  }
}

/**
 * `handleLLMError`: the span is an error with `error.type`; the call counts in its run without a cost.
 *
 * @param state - The handler state.
 * @param err - The error.
 * @param runId - The LLM run id.
 */
export function onLlmError(state: HandlerState, err: unknown, runId: string): void {
  const record = state.registry.get(runId)
  if (record === undefined) return
  const nowMs = state.clock()
  const outcome = toErrorOutcome(state, err)
  try {
    completeLlmCall(state, record, undefined, outcome.kind === 'error')
  } finally {
    endRun(state, record, outcome, nowMs)
  }
  if (record.llm !== undefined) notifyObservers(state, record, nowMs, outcome.kind === 'error')
}

function toEndAttributes(
  state: HandlerState,
  record: RunRecord,
  response: LlmResponse,
  costUsd: number | undefined,
): Attributes {
  const attributes: Attributes = {}
  if (response.responseModel !== undefined) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = response.responseModel
  if (response.responseId !== undefined) attributes[ATTR_GEN_AI_RESPONSE_ID] = response.responseId
  addUsage(attributes, response.usage)
  const firstChunkMs = record.llm?.firstChunkMs
  // Streamed when a chunk came (LangChain's invocation parameters say stream: false even then).
  attributes[ATTR_GEN_AI_REQUEST_STREAM] = firstChunkMs !== undefined
  if (firstChunkMs !== undefined) {
    attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] = Math.max(0, firstChunkMs - record.startMs) / 1000
  }
  if (response.finishReasons.length > 0)
    attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = [...response.finishReasons]
  if (costUsd !== undefined) {
    attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT] = costUsd
    attributes[ATTR_GEN_AI_USAGE_COST_CURRENCY] = 'USD'
    attributes[ATTR_GEN_AI_USAGE_COST_SOURCE] = 'local'
  }
  const citations = findCitations(state, record, response.text)
  if (citations !== undefined) attributes[ATTR_CITATIONS] = citations
  if (state.options.captureMessageContent) {
    const reason = response.finishReasons[0]
    const messages =
      response.message === undefined
        ? [{ role: 'assistant', parts: [{ type: 'text', content: response.text }], finish_reason: reason }]
        : toOtelMessages([response.message], reason)
    attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] = JSON.stringify(messages)
  }
  return attributes
}

function addUsage(attributes: Attributes, usage: TokenUsage): void {
  if (usage.inputTokens !== undefined) attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] = usage.inputTokens
  if (usage.outputTokens !== undefined) attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] = usage.outputTokens
  if (usage.cacheReadTokens !== undefined) {
    attributes[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] = usage.cacheReadTokens
  }
  if (usage.cacheWriteTokens !== undefined) {
    attributes[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS] = usage.cacheWriteTokens
  }
  if (usage.reasoningTokens !== undefined) {
    attributes[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS] = usage.reasoningTokens
  }
}

/**
 * The call's cited sources: the extractor's answer when it gives one, else the ids of the documents
 * retrieved in the same node run (for a shadow call: in its primary's node run).
 */
function findCitations(state: HandlerState, record: RunRecord, answer: string): string[] | undefined {
  const llm = record.llm
  const primary =
    llm?.shadow === true && llm.pairId !== undefined ? state.registry.get(llm.pairId) : undefined
  const scope = (primary ?? record).agent ?? state.registry.get(record.root.rootRunId)
  const extractor = state.options.citationExtractor
  if (scope?.retrievedIds === undefined && extractor === undefined) return undefined
  const retrieved = [...new Set(scope?.retrievedIds ?? [])]
  if (extractor !== undefined) {
    try {
      const cited = extractor(answer, { retrievedSourceIds: retrieved, agent: llm?.agentName })
      if (cited !== undefined) return [...new Set(cited.filter((id) => typeof id === 'string'))]
    } catch (err) {
      diag.error('llm-canary: the citation extractor threw; llm_canary.citations left unset', err)
      return undefined
    }
  }
  return retrieved.length > 0 ? retrieved : undefined
}

function toEvaluationInput(record: RunRecord, response: LlmResponse): EvaluationInput {
  const llm = record.llm
  return {
    runId: record.runId,
    agent: llm?.agentName,
    unitArm: llm?.shadowUnitArm ?? record.root.unitArm,
    servedArm: llm?.servedArm,
    shadow: llm?.shadow ?? false,
    messages: llm?.messages ?? [],
    output: response.message,
    outputText: response.text,
    state: record.agent?.state,
  }
}

function trackEvaluation(state: HandlerState, pending: Promise<void>): void {
  state.pendingEvaluations.add(pending)
  void pending.finally(() => state.pendingEvaluations.delete(pending))
}

function notifyObservers(state: HandlerState, record: RunRecord, nowMs: number, error: boolean): void {
  const observers = state.options.observers
  const llm = record.llm
  const unitArm = llm?.shadowUnitArm ?? record.root.unitArm
  if (observers.length === 0 || llm === undefined || unitArm === undefined) return
  const outcome: CallOutcome = {
    experiment: unitArm.experiment,
    arm: unitArm.arm,
    servedArm: llm.servedArm ?? unitArm.arm,
    model: llm.servedModel ?? llm.requestModel ?? unitArm.model,
    latencyMs: nowMs - record.startMs,
    error,
    shadow: llm.shadow,
  }
  for (const observer of observers) {
    try {
      observer(outcome)
    } catch (err) {
      diag.error('llm-canary: a call observer threw; the other observers still ran', err)
    }
  }
}
