import { createHash } from 'node:crypto'
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager'
import type { BaseChatModelParams, LangSmithParams } from '@langchain/core/language_models/chat_models'
import { BaseChatModel } from '@langchain/core/language_models/chat_models'
import type { BaseMessage, UsageMetadata } from '@langchain/core/messages'
import { AIMessageChunk } from '@langchain/core/messages'
import type { ChatResult } from '@langchain/core/outputs'
import { ChatGenerationChunk } from '@langchain/core/outputs'
import { AsyncLocalStorageProviderSingleton } from '@langchain/core/singletons'
import type { ModelRef } from '@llm-canary/core'
import { readTask } from './invoice-prompts.ts'
import type { ModelProfile } from './model-profiles.ts'
import type { SeededRandom } from './seeded-random.ts'
import { createSeededRandom } from './seeded-random.ts'
import { writeAnswer } from './simulated-answers.ts'
import { startScaledTimeline } from './time-scale.ts'

/** Options of `SimulatedChatModel`. */
export interface SimulatedChatModelFields extends BaseChatModelParams {
  /** The model it stands for (`openai:gpt-5`): reported as provider and model name. */
  readonly modelRef: ModelRef
  readonly behaviour: ModelProfile
  /** The run's seed: same seed, same answers, usage and errors. */
  readonly seed: number
}

/** A simulated provider error; the name is what real OpenAI clients throw on HTTP 429. */
class RateLimitError extends Error {
  override name = 'RateLimitError'
  /** HTTP status of the simulated response. */
  readonly status = 429
}

/** How the answer streams. */
const CHUNKS_PER_ANSWER = 3
/** Characters per token, the usual rule of thumb for English and JSON. */
const CHARS_PER_TOKEN = 4

interface PlannedCall {
  readonly text: string
  readonly ttftMs: number
  readonly streamMs: number
  readonly usage: UsageMetadata
  readonly fails: boolean
}

/**
 * A LangChain chat model that simulates a provider from a profile: it waits a time to first token and
 * streams its answer in chunks (scaled-down real time), reports `usage_metadata` with cached input and
 * reasoning tokens, the provider and model name (`ls_provider`, `ls_model_name`, `response_metadata`),
 * and sometimes fails with a `RateLimitError`. Like a provider client with `streaming: true`, `invoke`
 * streams too, so the handler sees the first token.
 *
 * Its draws are seeded by the run's seed, the session (the graph's `thread_id`; for a shadow replay,
 * which runs outside the session's graph, the input itself), the task and the model: a run is reproducible.
 *
 * @example
 * const model = new SimulatedChatModel({ modelRef: { id: 'openai:gpt-5', provider: 'openai', name: 'gpt-5' }, behaviour, seed: 7 })
 * await model.invoke(messages, config)
 */
export class SimulatedChatModel extends BaseChatModel {
  readonly modelRef: ModelRef
  private readonly behaviour: ModelProfile
  private readonly seed: number

  /**
   * @param fields - The model it stands for, its profile and the run's seed.
   */
  constructor(fields: SimulatedChatModelFields) {
    super(fields)
    this.modelRef = fields.modelRef
    this.behaviour = fields.behaviour
    this.seed = fields.seed
  }

  _llmType(): string {
    return 'simulated'
  }

  /**
   * Reports the provider and model it stands for, as a provider integration does.
   *
   * @param options - The call options.
   * @returns LangSmith parameters with `ls_provider` and `ls_model_name`.
   */
  override getLsParams(options: this['ParsedCallOptions']): LangSmithParams {
    return {
      ...super.getLsParams(options),
      ls_provider: this.modelRef.provider,
      ls_model_name: this.modelRef.name,
    }
  }

  /**
   * Streams the answer and aggregates it (the path `invoke` takes).
   *
   * @param messages - The prompt.
   * @param options - Call options (the abort signal is honoured).
   * @param runManager - The run's callbacks (told of every chunk).
   * @returns One generation with the whole answer and its usage.
   */
  override async _generate(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    let aggregate: ChatGenerationChunk | undefined
    for await (const chunk of this._streamResponseChunks(messages, options, runManager)) {
      aggregate = aggregate === undefined ? chunk : aggregate.concat(chunk)
    }
    if (aggregate === undefined) throw new Error('the simulated model streamed nothing')
    return { generations: [{ text: aggregate.text, message: aggregate.message }] }
  }

  /**
   * Waits the time to first token, then yields the answer in chunks; usage and the response model come
   * with the last chunk, as OpenAI's streaming API sends them.
   *
   * @param messages - The prompt.
   * @param options - Call options (the abort signal is honoured).
   * @param runManager - The run's callbacks.
   * @returns The chunks.
   * @throws {RateLimitError} On the profile's share of calls.
   */
  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const call = this.planCall(messages)
    const at = startScaledTimeline()
    await at(call.ttftMs, options.signal)
    if (call.fails) throw new RateLimitError(`429 Rate limit reached for ${this.modelRef.name} (simulated)`)
    const pieces = splitText(call.text, CHUNKS_PER_ANSWER)
    const chunkMs = call.streamMs / Math.max(1, pieces.length - 1)
    for (const [index, piece] of pieces.entries()) {
      const last = index === pieces.length - 1
      const message = new AIMessageChunk({ content: piece })
      if (last) {
        // The chunk type's usage field depends on the message structure; every structure accepts usage.
        ;(message as unknown as { usage_metadata?: UsageMetadata }).usage_metadata = call.usage
        message.response_metadata = { model_name: this.modelRef.name, finish_reason: 'stop' }
      }
      const chunk = new ChatGenerationChunk({ text: piece, message })
      yield chunk
      await runManager?.handleLLMNewToken(piece, undefined, undefined, undefined, undefined, { chunk })
      if (!last) await at(call.ttftMs + (index + 1) * chunkMs, options.signal)
    }
  }

  private planCall(messages: BaseMessage[]): PlannedCall {
    const task = readTask(messages)
    const random = createSeededRandom(`${this.seed}|${sessionKeyOf(messages)}|${task}|${this.modelRef.id}`)
    const profile = this.behaviour
    const fails = random.chance(profile.errorRate)
    const prompt = messages.at(-1)?.text ?? ''
    const { text } = writeAnswer({ task, prompt, profile, random })
    const reasoningTokens =
      profile.reasoningTokens > 0 ? Math.round(random.logNormal(profile.reasoningTokens, 0.35)) : 0
    const ttftMs =
      random.logNormal(profile.ttftMs, profile.ttftSpread) +
      (1000 * reasoningTokens) / profile.reasoningTokensPerSecond
    const visibleTokens = Math.ceil(text.length / CHARS_PER_TOKEN)
    const streamMs = (1000 * visibleTokens) / (profile.tokensPerSecond * random.logNormal(1, 0.1))
    return {
      text,
      ttftMs,
      streamMs,
      usage: countUsage({ messages, visibleTokens, reasoningTokens, random, profile }),
      fails,
    }
  }
}

function countUsage(input: {
  readonly messages: readonly BaseMessage[]
  readonly visibleTokens: number
  readonly reasoningTokens: number
  readonly random: SeededRandom
  readonly profile: ModelProfile
}): UsageMetadata {
  const { messages, visibleTokens, reasoningTokens, random, profile } = input
  const inputTokens = messages.reduce(
    (sum, message) => sum + Math.ceil(message.text.length / CHARS_PER_TOKEN),
    0,
  )
  const instructionTokens = Math.ceil((messages[0]?.text.length ?? 0) / CHARS_PER_TOKEN)
  const cacheRead = random.chance(profile.cacheHitRate) ? instructionTokens : 0
  const outputTokens = visibleTokens + reasoningTokens
  return {
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    total_tokens: inputTokens + outputTokens,
    input_token_details: { cache_read: cacheRead },
    ...(reasoningTokens > 0 ? { output_token_details: { reasoning: reasoningTokens } } : {}),
  }
}

/**
 * The session a call belongs to: the graph's `thread_id` from LangChain's async-local config when the
 * call runs inside the session's graph; else (a shadow replay) a digest of the input, so replays of the
 * same input draw the same way.
 */
function sessionKeyOf(messages: readonly BaseMessage[]): string {
  const config = AsyncLocalStorageProviderSingleton.getRunnableConfig() as
    | { configurable?: Record<string, unknown> }
    | undefined
  const threadId = config?.configurable?.thread_id
  if (typeof threadId === 'string') return threadId
  const digest = createHash('sha256')
  for (const message of messages) digest.update(message.text).update('\u0000')
  return `input:${digest.digest('hex').slice(0, 16)}`
}

function splitText(text: string, pieces: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / pieces))
  const parts: string[] = []
  for (let start = 0; start < text.length; start += size) parts.push(text.slice(start, start + size))
  return parts.length === 0 ? [''] : parts
}
