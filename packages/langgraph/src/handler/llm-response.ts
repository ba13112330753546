import type { TokenUsage } from '@llm-canary/core'
import { textOfContent } from './message-content.ts'

/** What the handler reads from an `LLMResult` at `handleLLMEnd`. */
export interface LlmResponse {
  /** Token counts; a count LangChain did not report is undefined, never 0. */
  readonly usage: TokenUsage
  /** The model the provider says answered (`response_metadata.model_name` / `model`). */
  readonly responseModel: string | undefined
  /** The provider's id of the response (`chatcmpl-…`, `msg_…`): the message's id unless LangChain made it up. */
  readonly responseId: string | undefined
  /** One entry per generation that reported one. */
  readonly finishReasons: readonly string[]
  /** The first generation's message (a `BaseMessage`), or undefined for completion models. */
  readonly message: unknown
  /** The first generation's text. */
  readonly text: string
}

type Loose = Record<string, unknown>

function asRecord(value: unknown): Loose | undefined {
  return typeof value === 'object' && value !== null ? (value as Loose) : undefined
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/**
 * Reads usage, response model, finish reasons and text from an LLM run's output. Usage comes from the
 * message's `usage_metadata` (with cache and reasoning details), else from `llmOutput.tokenUsage`;
 * whatever neither reports stays undefined.
 *
 * @param output - The `LLMResult` passed to `handleLLMEnd`.
 * @returns The parts of the response the span records.
 * @example
 * readLlmResponse(result).usage // { inputTokens: 1200, outputTokens: 300, cacheReadTokens: 1000 }
 */
export function readLlmResponse(output: unknown): LlmResponse {
  const result = asRecord(output)
  const generations = Array.isArray(result?.generations) ? (result.generations as unknown[]) : []
  const flat = generations.flatMap((batch) => (Array.isArray(batch) ? (batch as unknown[]) : [batch]))
  const first = asRecord(flat[0])
  const message = first?.message
  const llmOutput = asRecord(result?.llmOutput)
  return {
    usage: readUsage(flat, llmOutput),
    responseModel: readResponseModel(message, llmOutput),
    responseId: readResponseId(message),
    finishReasons: readFinishReasons(flat),
    message,
    text: typeof first?.text === 'string' ? first.text : textOfContent(asRecord(message)?.content),
  }
}

function readUsage(generations: readonly unknown[], llmOutput: Loose | undefined): TokenUsage {
  for (const generation of generations) {
    const usage = asRecord(asRecord(asRecord(generation)?.message)?.usage_metadata)
    if (usage !== undefined) return fromUsageMetadata(usage)
  }
  const tokenUsage = asRecord(llmOutput?.tokenUsage) ?? asRecord(llmOutput?.estimatedTokenUsage)
  if (tokenUsage !== undefined) {
    return { inputTokens: count(tokenUsage.promptTokens), outputTokens: count(tokenUsage.completionTokens) }
  }
  return {}
}

function fromUsageMetadata(usage: Loose): TokenUsage {
  const input = asRecord(usage.input_token_details)
  const output = asRecord(usage.output_token_details)
  return {
    inputTokens: count(usage.input_tokens),
    outputTokens: count(usage.output_tokens),
    cacheReadTokens: count(input?.cache_read),
    cacheWriteTokens: count(input?.cache_creation),
    reasoningTokens: count(output?.reasoning),
  }
}

function readResponseModel(message: unknown, llmOutput: Loose | undefined): string | undefined {
  const metadata = asRecord(asRecord(message)?.response_metadata)
  return (
    text(metadata?.model_name) ??
    text(metadata?.model) ??
    text(llmOutput?.model_name) ??
    text(llmOutput?.model)
  )
}

/** Ids LangChain gives messages a provider left without one (`run-<uuid>`, `lc_run--<uuid>`). */
const LANGCHAIN_MESSAGE_ID = /^(?:lc_)?run-/

function readResponseId(message: unknown): string | undefined {
  const record = asRecord(message)
  const id = text(record?.id) ?? text(asRecord(record?.response_metadata)?.id)
  return id === undefined || LANGCHAIN_MESSAGE_ID.test(id) ? undefined : id
}

function readFinishReasons(generations: readonly unknown[]): string[] {
  const reasons: string[] = []
  for (const generation of generations) {
    const record = asRecord(generation)
    const info = asRecord(record?.generationInfo)
    const metadata = asRecord(asRecord(record?.message)?.response_metadata)
    const reason =
      text(info?.finish_reason) ??
      text(metadata?.finish_reason) ??
      text(metadata?.stop_reason) ??
      text(metadata?.finishReason)
    if (reason !== undefined) reasons.push(reason)
  }
  return reasons
}
