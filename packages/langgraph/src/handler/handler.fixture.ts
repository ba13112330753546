/**
 * Test helpers of the handler, evaluation and export tests: an experiment, sessions built with core's
 * `assignArm`, an in-memory OpenTelemetry pipeline and a scriptable chat model. Not exported.
 */
import { createHmac } from 'node:crypto'
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager'
import type { BaseChatModelParams } from '@langchain/core/language_models/chat_models'
import { BaseChatModel } from '@langchain/core/language_models/chat_models'
import type { Serialized } from '@langchain/core/load/serializable'
import type { BaseMessage, UsageMetadata } from '@langchain/core/messages'
import { AIMessage, AIMessageChunk } from '@langchain/core/messages'
import type { ChatResult } from '@langchain/core/outputs'
import { ChatGenerationChunk } from '@langchain/core/outputs'
import type { Experiment } from '@llm-canary/core'
import { assignArm, loadExperiment } from '@llm-canary/core'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import type { UnitArm } from '../types.ts'

/** A `Serialized` runnable for tests that call the handler's callbacks directly. */
export const SERIALIZED: Serialized = { lc: 1, type: 'not_implemented', id: ['langchain', 'test', 'Thing'] }

/** Key of the test conversation ids. */
const TEST_SESSION_KEY = 'test-session-key'

/**
 * A validated experiment: control `openai:gpt-4.1`, candidate `openai:gpt-5`, with price overrides.
 *
 * @param overrides - Fields of the raw experiment file to replace.
 * @returns The experiment.
 */
export function makeExperiment(overrides: Record<string, unknown> = {}): Experiment {
  return loadExperiment({
    experiment: 'exp-test',
    arms: {
      control: { model: 'openai:gpt-4.1', weight: 50 },
      candidate: { model: 'openai:gpt-5', weight: 50, shadow: '50%' },
    },
    pricing: {
      'openai:gpt-4.1': { input: 2, output: 8 },
      'openai:gpt-5': { input: 10, output: 40 },
    },
    ...overrides,
  })
}

/**
 * The session of a unit id, as the router would write it into graph state.
 *
 * @param experiment - The experiment.
 * @param unitId - The raw unit id (never exported: only its keyed hash is).
 * @returns The unit's arm.
 */
export function makeUnitArm(experiment: Experiment, unitId: string): UnitArm {
  const assignment = assignArm(experiment, unitId)
  const unitHash = createHmac('sha256', TEST_SESSION_KEY).update(unitId).digest('hex').slice(0, 32)
  return { ...assignment, unitHash, killSwitch: false }
}

/**
 * Finds a unit id that lands on an arm (and, optionally, with or without shadow arms).
 *
 * @param experiment - The experiment.
 * @param arm - The wanted arm.
 * @param withShadow - When set, the session must (true) or must not (false) have shadow arms.
 * @returns The first `user-<n>` id that fits.
 */
export function findUnitOnArm(experiment: Experiment, arm: string, withShadow?: boolean): string {
  for (let n = 0; n < 100_000; n++) {
    const unitId = `user-${n}`
    const assignment = assignArm(experiment, unitId)
    if (assignment.arm !== arm) continue
    if (withShadow !== undefined && assignment.shadowArms.length > 0 !== withShadow) continue
    return unitId
  }
  throw new Error(`no unit lands on ${arm}`)
}

/** An in-memory OpenTelemetry pipeline. */
export interface TestTracing {
  readonly exporter: InMemorySpanExporter
  readonly provider: BasicTracerProvider
  /** Finished spans, in end order. */
  spans(): ReadableSpan[]
  /** The finished spans with this name. */
  named(name: string): ReadableSpan[]
  /** The one finished span with this name (throws when there are none or several). */
  one(name: string): ReadableSpan
  /** The parent span of a span, among the finished ones. */
  parentOf(span: ReadableSpan): ReadableSpan | undefined
}

/**
 * A tracer provider with a simple processor into an in-memory exporter.
 *
 * @returns The pipeline and lookups over its finished spans.
 */
export function createTestTracing(): TestTracing {
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
  const spans = () => exporter.getFinishedSpans()
  const named = (name: string) => spans().filter((span) => span.name === name)
  return {
    exporter,
    provider,
    spans,
    named,
    one(name) {
      const found = named(name)
      if (found.length !== 1) throw new Error(`expected one span ${name}, found ${found.length}`)
      return found[0]!
    },
    parentOf(span) {
      const parentId = span.parentSpanContext?.spanId
      return parentId === undefined ? undefined : spans().find((s) => s.spanContext().spanId === parentId)
    },
  }
}

/** One scripted answer. */
export interface ScriptedAnswer {
  readonly text: string
  /** LangChain usage metadata of the answer; omitted means "the provider reported no usage". */
  readonly usage?: UsageMetadata
  readonly responseModel?: string
  readonly finishReason?: string
  /** Throw this instead of answering. */
  readonly error?: Error
}

/** Options of `ScriptedChatModel`. */
export interface ScriptedChatModelFields extends BaseChatModelParams {
  readonly answers: readonly ScriptedAnswer[]
  /** `ls_provider` the model reports. */
  readonly provider?: string
  /** `ls_model_name` the model reports. */
  readonly modelName?: string
  /** Milliseconds to wait before answering (before the first chunk when streaming). */
  readonly delayMs?: number
}

/**
 * A chat model that answers from a script, with the usage, response model and finish reason a real
 * provider integration would report, and streams its answer in two chunks.
 */
export class ScriptedChatModel extends BaseChatModel {
  private readonly answers: readonly ScriptedAnswer[]
  private readonly provider: string
  private readonly modelName: string | undefined
  private readonly delayMs: number
  private next = 0

  constructor(fields: ScriptedChatModelFields) {
    super(fields)
    this.answers = fields.answers
    this.provider = fields.provider ?? 'openai'
    this.modelName = fields.modelName
    this.delayMs = fields.delayMs ?? 0
  }

  _llmType(): string {
    return 'scripted'
  }

  override getLsParams(options: this['ParsedCallOptions']) {
    const params = super.getLsParams(options)
    return this.modelName === undefined
      ? { ...params, ls_provider: this.provider }
      : { ...params, ls_provider: this.provider, ls_model_name: this.modelName }
  }

  private take(): ScriptedAnswer {
    const answer = this.answers[this.next % this.answers.length]
    this.next++
    if (answer === undefined) throw new Error('ScriptedChatModel has no answers')
    return answer
  }

  private async pause(signal: AbortSignal | undefined): Promise<void> {
    if (this.delayMs <= 0) return
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, this.delayMs)
      signal?.addEventListener('abort', () => {
        clearTimeout(timer)
        reject(signal.reason)
      })
    })
  }

  async _generate(_messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<ChatResult> {
    const answer = this.take()
    await this.pause(options.signal)
    if (answer.error !== undefined) throw answer.error
    const message = new AIMessage(answer.text)
    if (answer.usage !== undefined)
      (message as unknown as { usage_metadata?: UsageMetadata }).usage_metadata = answer.usage
    if (answer.responseModel !== undefined) message.response_metadata.model_name = answer.responseModel
    if (answer.finishReason !== undefined) message.response_metadata.finish_reason = answer.finishReason
    return { generations: [{ text: answer.text, message }] }
  }

  override async *_streamResponseChunks(
    _messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const answer = this.take()
    await this.pause(options.signal)
    if (answer.error !== undefined) throw answer.error
    const half = Math.ceil(answer.text.length / 2)
    const pieces = [answer.text.slice(0, half), answer.text.slice(half)]
    for (const [index, piece] of pieces.entries()) {
      const last = index === pieces.length - 1
      const message = new AIMessageChunk(piece)
      if (last && answer.usage !== undefined)
        (message as unknown as { usage_metadata?: UsageMetadata }).usage_metadata = answer.usage
      if (last && answer.responseModel !== undefined)
        message.response_metadata.model_name = answer.responseModel
      const chunk = new ChatGenerationChunk({ text: piece, message })
      yield chunk
      await runManager?.handleLLMNewToken(piece, undefined, undefined, undefined, undefined, { chunk })
    }
  }
}
