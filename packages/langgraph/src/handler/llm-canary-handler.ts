import { env } from 'node:process'
import { BaseCallbackHandler } from '@langchain/core/callbacks/base'
import type { Serialized } from '@langchain/core/load/serializable'
import { OPERATION_TEXT_COMPLETION } from '@llm-canary/core'
import { diag, ProxyTracerProvider, trace } from '@opentelemetry/api'
import type { RecordedAs } from '../evaluation/evaluation-recorder.ts'
import { recordEvaluationResult } from '../evaluation/evaluation-recorder.ts'
import type { EvaluationResult } from '../evaluation/evaluation-types.ts'
import type { EndedLlmSpan } from '../internal-types.ts'
import { MARK_ROUTER_RUN } from '../routing/router-mark.ts'
import { BoundedLru } from './bounded-lru.ts'
import { createCallCoster } from './call-cost.ts'
import type { RunStart } from './chain-runs.ts'
import { onChainEnd, onChainStart, onLeafStart, onRetrieverEnd, onRunEnd, onRunError } from './chain-runs.ts'
import { createAnchoredClock } from './clock.ts'
import type { LlmCanaryHandlerOptions } from './handler-options.ts'
import { resolveHandlerOptions } from './handler-options.ts'
import type { HandlerState } from './handler-state.ts'
import { createInputHasher } from './input-hash.ts'
import { onLlmEnd, onLlmError } from './llm-end.ts'
import type { LlmStart } from './llm-start.ts'
import { onLlmChunk, onLlmStart } from './llm-start.ts'
import { RunRegistry } from './run-registry.ts'
import { TRACER_NAME, VERSION } from './version.ts'

type Metadata = Record<string, unknown> | undefined

/** Ended run ids remembered (at least the last half) to drop a duplicate start that arrives after its run ended. */
const RECENT_RUN_IDS = 2_000
/** Router marks remembered (at least the last half): with background callbacks a mark may precede its run's start. */
const RECENT_ROUTER_RUNS = 1_000

/**
 * LangChain callback handler that turns LangGraph runs into OpenTelemetry spans for llm-canary: one
 * trace per root graph run (`invoke_workflow`), a span per node (`invoke_agent`), LLM call (`chat`),
 * tool and retriever, each carrying the session's experiment, arm and keyed conversation id. Parents
 * come from LangChain's run ids; the top span of a run joins the caller's active context (the HTTP
 * request's trace). It writes through the global tracer provider unless given a tracer, and warns once,
 * through the OpenTelemetry diagnostic logger, when no provider is registered. It never throws into the
 * graph: every callback is guarded and failures go to the diagnostic logger.
 *
 * @example
 * const handler = new LlmCanaryHandler({ experiment, hashKey: process.env.LLM_CANARY_HASH_KEY! })
 * await graph.invoke(input, { callbacks: [handler], configurable: { thread_id } })
 */
export class LlmCanaryHandler extends BaseCallbackHandler {
  name = 'llm_canary_handler'
  private readonly state: HandlerState
  /** Whether to look, at the first start callback, for a registered tracer provider (no tracer given). */
  private checkProvider: boolean

  /**
   * @param options - Experiment, hash key, and optional tracer, content capture, citation extractor,
   *   observers, shadow runner, evaluators and bounds.
   * @throws {CanaryError} `INVALID_OPTION` when the experiment or the hash key is missing, or a bound
   *   is not a positive number. (Only the constructor throws; callbacks never do.)
   */
  constructor(options: LlmCanaryHandlerOptions) {
    const resolved = resolveHandlerOptions(options, env)
    // Only the await flag goes to LangChain: it keeps its input as `lc_kwargs`, which it may serialise.
    super({ _awaitHandler: resolved.awaitHandlers })
    const clock = createAnchoredClock()
    this.checkProvider = options.tracer === undefined
    const tracer = options.tracer ?? trace.getTracer(TRACER_NAME, VERSION)
    const endedSpans = new BoundedLru<EndedLlmSpan>(resolved.endedSpanCacheSize)
    const registry = new RunRegistry(
      { runTtlMs: resolved.runTtlMs, maxOpenRuns: resolved.maxOpenRuns, recentRunIds: RECENT_RUN_IDS },
      clock(),
    )
    this.state = {
      options: resolved,
      tracer,
      clock,
      registry,
      costCall: createCallCoster(resolved.experiment),
      hashInput: createInputHasher(resolved.hashKey),
      endedSpans,
      routerRuns: new BoundedLru<true>(RECENT_ROUTER_RUNS),
      pendingEvaluations: new Set(),
      recordEvaluation: (runId, result) =>
        recordEvaluationResult(
          {
            tracer,
            clock,
            findOpenLlmSpan: (id) => {
              const record = registry.get(id)
              return record?.llm === undefined ? undefined : record.span
            },
            endedSpans,
          },
          runId,
          result,
        ),
    }
  }

  /**
   * The handler is shared, not copied: LangChain may call `copy()`, and every copy must see the same runs.
   *
   * @returns This handler.
   */
  override copy(): BaseCallbackHandler {
    return this
  }

  /**
   * Records a score for an LLM call: an event on its span while it is open, else a short
   * `evaluate {name}` span in the same trace (within the last `endedSpanCacheSize` calls). Use it for
   * late judges and user feedback (`name: 'feedback'`). Never throws; an unknown run id is logged.
   *
   * @param runId - The LLM (chat model) run id.
   * @param result - Name, score, optional label and explanation.
   * @returns How it was recorded: `event`, `span`, or `dropped`.
   * @example
   * handler.recordEvaluation(llmRunId, { name: 'feedback', score: 1, label: 'thumbs_up' })
   */
  recordEvaluation(runId: string, result: EvaluationResult): RecordedAs {
    try {
      return this.state.recordEvaluation(runId, result)
    } catch (err) {
      diag.error('llm-canary: recordEvaluation failed', err)
      return 'dropped'
    }
  }

  /**
   * Waits for the evaluators' pending (promised) scores, e.g. before flushing the span processor.
   *
   * @returns A promise that settles when every score promised so far has been recorded or dropped.
   */
  async flushEvaluations(): Promise<void> {
    while (this.state.pendingEvaluations.size > 0) {
      await Promise.allSettled([...this.state.pendingEvaluations])
    }
  }

  /**
   * Diagnostic: open runs plus root-run states the handler holds. 0 when no run is in flight; a value
   * that keeps growing means end callbacks are not arriving (the TTL sweep will end those runs).
   *
   * @returns The number of entries in the handler's run maps.
   */
  openRunCount(): number {
    return this.state.registry.openCount
  }

  /**
   * The router node's mark (`markRouterRun`): its run gets no `invoke_agent` span. Internal; never throws.
   *
   * @param runId - The router node's run id.
   */
  [MARK_ROUTER_RUN](runId: string): void {
    this.guard('markRouterRun', () => {
      const record = this.state.registry.get(runId)
      if (record !== undefined) record.router = true
      else this.state.routerRuns.set(runId, true)
    })
  }

  // LangChain's manager passes (chain, inputs, runId, parentRunId, tags, metadata, runType, runName):
  // the parameters are named in that runtime order, which differs from the declared one.
  override handleChainStart(
    chain: Serialized,
    inputs: Record<string, unknown>,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    metadata?: Metadata,
    _runType?: string,
    runName?: string,
  ): void {
    if (this.checkProvider) this.warnWithoutProvider()
    this.guard('handleChainStart', () =>
      onChainStart(this.state, toStart(chain, runId, parentRunId, tags, metadata, runName), inputs),
    )
  }

  override handleChainEnd(outputs: Record<string, unknown>, runId: string): void {
    this.guard('handleChainEnd', () => onChainEnd(this.state, outputs, runId))
  }

  override handleChainError(err: unknown, runId: string): void {
    this.guard('handleChainError', () => onRunError(this.state, err, runId))
  }

  override handleChatModelStart(llm: Serialized, messages: unknown[][], ...rest: LlmStartRest): void {
    if (this.checkProvider) this.warnWithoutProvider()
    this.guard('handleChatModelStart', () =>
      onLlmStart(this.state, toLlmStart('chat', messages?.[0] ?? [], llm, rest)),
    )
  }

  override handleLLMStart(llm: Serialized, prompts: string[], ...rest: LlmStartRest): void {
    if (this.checkProvider) this.warnWithoutProvider()
    this.guard('handleLLMStart', () =>
      onLlmStart(this.state, toLlmStart(OPERATION_TEXT_COMPLETION, prompts?.slice(0, 1) ?? [], llm, rest)),
    )
  }

  override handleLLMNewToken(_token: string, _idx: unknown, runId: string): void {
    this.guard('handleLLMNewToken', () => onLlmChunk(this.state, runId))
  }

  override handleChatModelStreamEvent(_event: unknown, runId: string): void {
    this.guard('handleChatModelStreamEvent', () => onLlmChunk(this.state, runId))
  }

  override handleLLMEnd(output: unknown, runId: string): void {
    this.guard('handleLLMEnd', () => onLlmEnd(this.state, output, runId))
  }

  override handleLLMError(err: unknown, runId: string): void {
    this.guard('handleLLMError', () => onLlmError(this.state, err, runId))
  }

  override handleToolStart(
    tool: Serialized,
    _input: string,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    metadata?: Metadata,
    runName?: string,
    toolCallId?: string,
  ): void {
    if (this.checkProvider) this.warnWithoutProvider()
    this.guard('handleToolStart', () =>
      onLeafStart(
        this.state,
        { ...toStart(tool, runId, parentRunId, tags, metadata, runName), toolCallId },
        'tool',
      ),
    )
  }

  override handleToolEnd(_output: unknown, runId: string): void {
    this.guard('handleToolEnd', () => onRunEnd(this.state, runId))
  }

  override handleToolError(err: unknown, runId: string): void {
    this.guard('handleToolError', () => onRunError(this.state, err, runId))
  }

  override handleRetrieverStart(
    retriever: Serialized,
    _query: string,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    metadata?: Metadata,
    name?: string,
  ): void {
    this.guard('handleRetrieverStart', () =>
      onLeafStart(this.state, toStart(retriever, runId, parentRunId, tags, metadata, name), 'retrieval'),
    )
  }

  override handleRetrieverEnd(documents: unknown[], runId: string): void {
    this.guard('handleRetrieverEnd', () => onRetrieverEnd(this.state, documents, runId))
  }

  override handleRetrieverError(err: unknown, runId: string): void {
    this.guard('handleRetrieverError', () => onRunError(this.state, err, runId))
  }

  /** Warns once when spans would go nowhere: no tracer given, and no tracer provider registered. */
  private warnWithoutProvider(): void {
    this.checkProvider = false
    const provider = trace.getTracerProvider()
    if (
      !(provider instanceof ProxyTracerProvider) ||
      provider.getDelegateTracer(TRACER_NAME, VERSION) !== undefined
    ) {
      return
    }
    diag.warn(
      'llm-canary: no OpenTelemetry tracer provider is registered, so LlmCanaryHandler records nothing; ' +
        "start the SDK first (new NodeSDK({ traceExporter }).start(), from '@opentelemetry/sdk-node') or pass options.tracer",
    )
  }

  private guard(callback: string, body: () => void): void {
    try {
      body()
    } catch (err) {
      diag.error(`llm-canary: ${callback} failed; the graph carries on without this span data`, err)
    }
  }
}

function toStart(
  serialized: unknown,
  runId: string,
  parentRunId: string | undefined,
  tags: string[] | undefined,
  metadata: Metadata,
  runName: string | undefined,
): RunStart {
  return { serialized, runId, parentRunId, tags, metadata, runName }
}

/** The arguments of `handleChatModelStart` / `handleLLMStart` after the model and its input. */
type LlmStartRest = [
  runId: string,
  parentRunId?: string,
  extraParams?: Record<string, unknown>,
  tags?: string[],
  metadata?: Metadata,
  runName?: string,
]

/** The LLM start callbacks' arguments as one object, built in one literal (the hot path: no spread). */
function toLlmStart(
  operation: string,
  messages: readonly unknown[],
  serialized: unknown,
  [runId, parentRunId, extraParams, tags, metadata, runName]: LlmStartRest,
): LlmStart {
  return { serialized, runId, parentRunId, tags, metadata, runName, operation, messages, extraParams }
}
