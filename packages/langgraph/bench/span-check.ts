import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'

/** What one configuration recorded for one operation (a direct call or a graph run). */
export interface SpanCheck {
  /** Spans recorded. */
  readonly spans: number
  /** Spans without a parent: 1 when the operation is one trace. */
  readonly roots: number
  /** Spans naming a parent that is not among the recorded spans. */
  readonly dangling: number
  /** Distinct trace ids. */
  readonly traces: number
  /** Spans of LLM calls, in any of the peers' conventions. */
  readonly llmSpans: number
  /** LLM spans that carry the call's input token count. */
  readonly llmSpansWithUsage: number
}

/**
 * Checks the spans one operation produced, whatever convention the tracer follows: an LLM span is one
 * with `gen_ai.operation.name` `chat` / `text_completion` (GenAI conventions: llm-canary, OpenLLMetry),
 * `openinference.span.kind` `LLM` (OpenInference) or `langfuse.observation.type` `generation`
 * (Langfuse); its usage is `gen_ai.usage.input_tokens`, `llm.token_count.prompt` or the `input` of
 * `langfuse.observation.usage_details`.
 *
 * @param spans - Every span the operation recorded.
 * @returns Counts of spans, roots, dangling parents, traces, LLM spans and LLM spans with usage.
 */
export function checkSpans(spans: readonly ReadableSpan[]): SpanCheck {
  const ids = new Set(spans.map((span) => span.spanContext().spanId))
  let roots = 0
  let dangling = 0
  let llmSpans = 0
  let llmSpansWithUsage = 0
  for (const span of spans) {
    const parentId = span.parentSpanContext?.spanId
    if (parentId === undefined) roots++
    else if (!ids.has(parentId)) dangling++
    if (isLlmSpan(span)) {
      llmSpans++
      if (reportsInputTokens(span)) llmSpansWithUsage++
    }
  }
  const traces = new Set(spans.map((span) => span.spanContext().traceId)).size
  return { spans: spans.length, roots, dangling, traces, llmSpans, llmSpansWithUsage }
}

/**
 * Whether an operation's spans are complete and parented: one trace with one root, no dangling parent,
 * and one LLM span with its token usage per LLM call.
 *
 * @param check - The operation's counts.
 * @param llmCalls - LLM calls the operation made.
 * @returns Undefined when complete and parented, else what is wrong, as a short phrase.
 */
export function findSpanProblem(check: SpanCheck, llmCalls: number): string | undefined {
  if (check.spans === 0) return 'records nothing'
  const problems: string[] = []
  if (check.roots !== 1) problems.push(`${check.roots} root spans per operation: unparented`)
  if (check.dangling > 0) problems.push(`${check.dangling} spans with a parent it never recorded`)
  if (check.llmSpans !== llmCalls) problems.push(`${check.llmSpans} LLM spans for ${llmCalls} calls`)
  if (check.llmSpansWithUsage < check.llmSpans) {
    problems.push(`${check.llmSpans - check.llmSpansWithUsage} LLM spans without token usage`)
  }
  return problems.length === 0 ? undefined : problems.join('; ')
}

function isLlmSpan(span: ReadableSpan): boolean {
  const attributes = span.attributes
  const operation = attributes['gen_ai.operation.name']
  return (
    operation === 'chat' ||
    operation === 'text_completion' ||
    attributes['openinference.span.kind'] === 'LLM' ||
    attributes['langfuse.observation.type'] === 'generation'
  )
}

function reportsInputTokens(span: ReadableSpan): boolean {
  const attributes = span.attributes
  if (typeof attributes['gen_ai.usage.input_tokens'] === 'number') return true
  if (typeof attributes['llm.token_count.prompt'] === 'number') return true
  const details = attributes['langfuse.observation.usage_details']
  if (typeof details !== 'string') return false
  try {
    return typeof (JSON.parse(details) as { input?: unknown }).input === 'number'
  } catch {
    return false
  }
}
