import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_EVALUATION_EXPLANATION,
  ATTR_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_EVALUATION_SCORE_LABEL,
  ATTR_GEN_AI_EVALUATION_SCORE_VALUE,
  EVENT_GEN_AI_EVALUATION_RESULT,
  OPERATION_EVALUATE,
} from '@llm-canary/core'
import type { Attributes, Span, Tracer } from '@opentelemetry/api'
import { diag, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api'
import type { BoundedLru } from '../handler/bounded-lru.ts'
import type { Clock } from '../handler/clock.ts'
import type { EndedLlmSpan } from '../internal-types.ts'
import type { EvaluationResult } from './evaluation-types.ts'

/** Where the recorder finds the LLM spans it scores. */
export interface EvaluationRecorderDeps {
  readonly tracer: Tracer
  readonly clock: Clock
  /** The open LLM span of a run id, if the call is still running. */
  readonly findOpenLlmSpan: (runId: string) => Span | undefined
  /** Recently ended LLM spans by run id (bounded). */
  readonly endedSpans: BoundedLru<EndedLlmSpan>
}

/** How a score was recorded: on the open span, as a late span, or not at all. */
export type RecordedAs = 'event' | 'span' | 'dropped'

/**
 * The attributes of one evaluation result (event or span).
 *
 * @param result - The score.
 * @returns `gen_ai.evaluation.*` attributes.
 */
export function toEvaluationAttributes(result: EvaluationResult): Attributes {
  const attributes: Attributes = {
    [ATTR_GEN_AI_EVALUATION_NAME]: result.name,
    [ATTR_GEN_AI_EVALUATION_SCORE_VALUE]: result.score,
  }
  if (result.label !== undefined) attributes[ATTR_GEN_AI_EVALUATION_SCORE_LABEL] = result.label
  if (result.explanation !== undefined) attributes[ATTR_GEN_AI_EVALUATION_EXPLANATION] = result.explanation
  return attributes
}

/**
 * Records a score for an LLM call: an event `gen_ai.evaluation.result` on its span while the call runs
 * (or is ending), else a short `evaluate {name}` span in the same trace, child of the ended LLM span, with
 * the session's attributes. An unknown run id (never seen, or dropped from the bounded cache) or a
 * malformed result is logged as a warning and dropped; nothing throws.
 *
 * @param deps - Tracer, clock and span lookups.
 * @param runId - The LLM run id (`handleLLMStart`'s run id; with LangGraph, the chat model run's id).
 * @param result - Name, score, optional label and explanation.
 * @returns How the score was recorded.
 */
export function recordEvaluationResult(
  deps: EvaluationRecorderDeps,
  runId: string,
  result: EvaluationResult,
): RecordedAs {
  if (!isValidResult(result)) {
    diag.warn(
      `llm-canary: evaluation for run ${String(runId)} dropped: expected { name: non-empty string, score: finite number }, got ${describe(result)}`,
    )
    return 'dropped'
  }
  const open = deps.findOpenLlmSpan(runId)
  if (open !== undefined) {
    open.addEvent(EVENT_GEN_AI_EVALUATION_RESULT, toEvaluationAttributes(result), deps.clock())
    return 'event'
  }
  const ended = deps.endedSpans.get(runId)
  if (ended === undefined) {
    diag.warn(
      `llm-canary: evaluation ${JSON.stringify(result.name)} for unknown LLM run ${String(runId)} dropped; ` +
        'pass the run id of a chat model run this handler traced, within its endedSpanCacheSize most recent calls',
    )
    return 'dropped'
  }
  const nowMs = deps.clock()
  // No gen_ai.operation.name: the conventions define no evaluation operation, and inventing one would
  // mislead tools that read it. The span is named `evaluate {name}` and carries the event's attributes.
  const attributes: Attributes = { ...ended.sessionAttributes, ...toEvaluationAttributes(result) }
  if (ended.agentName !== undefined) attributes[ATTR_GEN_AI_AGENT_NAME] = ended.agentName
  const parent = trace.setSpan(ROOT_CONTEXT, trace.wrapSpanContext(ended.spanContext))
  const span = deps.tracer.startSpan(
    `${OPERATION_EVALUATE} ${result.name}`,
    { kind: SpanKind.INTERNAL, attributes, startTime: nowMs },
    parent,
  )
  span.end(nowMs)
  return 'span'
}

function isValidResult(result: unknown): result is EvaluationResult {
  if (typeof result !== 'object' || result === null) return false
  const { name, score, label, explanation } = result as Record<string, unknown>
  return (
    typeof name === 'string' &&
    name.trim() !== '' &&
    typeof score === 'number' &&
    Number.isFinite(score) &&
    (label === undefined || typeof label === 'string') &&
    (explanation === undefined || typeof explanation === 'string')
  )
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
