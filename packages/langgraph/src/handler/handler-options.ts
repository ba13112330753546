import type { KeyObject } from 'node:crypto'
import { createSecretKey } from 'node:crypto'
import type { Experiment } from '@llm-canary/core'
import type { Tracer } from '@opentelemetry/api'
import { CanaryError } from '../errors.ts'
import type { Evaluator } from '../evaluation/evaluation-types.ts'
import type { CallObserver, ShadowRunner } from '../types.ts'

/** What a citation extractor gets besides the answer. */
export interface CitationContext {
  /** Normalised source ids of the documents retrievers returned in the same agent (node) run. */
  readonly retrievedSourceIds: readonly string[]
  /** The graph node that made the call. */
  readonly agent: string | undefined
}

/**
 * Reads the source ids an answer cites (`[1]` markers mapped to documents, URLs, ...). Its result is
 * the call's `llm_canary.citations`; undefined means "no opinion", and the retrieved ids are used.
 */
export type CitationExtractor = (answer: string, context: CitationContext) => readonly string[] | undefined

/** Options of `LlmCanaryHandler`. */
export interface LlmCanaryHandlerOptions {
  /** The validated experiment: its id, arms and agent scope (served arm), and `pricing` overrides. */
  readonly experiment: Experiment
  /** Secret key of the input hash (`llm_canary.input_hash`, HMAC-SHA256). Share it across processes. */
  readonly hashKey: string | Uint8Array
  /** Tracer to create spans with. Default: `trace.getTracer('@llm-canary/langgraph', VERSION)`. */
  readonly tracer?: Tracer | undefined
  /**
   * Record prompts and completions (`gen_ai.input.messages` / `gen_ai.output.messages`) and error
   * messages. Default: `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT === 'true'`, read once.
   */
  readonly captureMessageContent?: boolean | undefined
  /**
   * Record the retrieved documents' ids and scores on retrieval spans (`gen_ai.retrieval.documents`, an
   * opt-in attribute of the conventions). Default: as `captureMessageContent`. Citations
   * (`llm_canary.citations`) use the retrieved ids either way.
   */
  readonly recordRetrievalDocuments?: boolean | undefined
  /** Cited source ids of an answer. Default: the ids of the documents retrieved in the same node run. */
  readonly citationExtractor?: CitationExtractor | undefined
  /** Told about every finished LLM call of a known session (the kill switch is one). */
  readonly observers?: readonly CallObserver[] | undefined
  /** Starts shadow calls for control sessions that have `shadowArms`. */
  readonly shadowRunner?: ShadowRunner | undefined
  /** Score calls when they end (`exactMatchEvaluator`, `fuzzyMatchEvaluator`, `judgeEvaluator`). */
  readonly evaluators?: readonly Evaluator[] | undefined
  /**
   * Let LangChain await each callback (default true) so span times are taken when events happen. With
   * false, LangChain queues callbacks in the background (one global queue): spans are still correct
   * and complete, but their timestamps are when the queue reached them, late by the queue's backlog.
   */
  readonly awaitHandlers?: boolean | undefined
  /** A root run with no callback for this long is ended by the sweep. Default 30 minutes. */
  readonly runTtlMs?: number | undefined
  /** Open runs past which the oldest root run is ended. Default 10,000. */
  readonly maxOpenRuns?: number | undefined
  /**
   * Ended LLM spans remembered for late evaluations (`recordEvaluation`): at most this many, and always
   * at least the most recent half. Default 1,000.
   */
  readonly endedSpanCacheSize?: number | undefined
}

/** The options with every default applied. */
export interface ResolvedHandlerOptions {
  readonly experiment: Experiment
  /** The hash key, prepared once for HMAC. */
  readonly hashKey: KeyObject
  readonly captureMessageContent: boolean
  readonly recordRetrievalDocuments: boolean
  readonly citationExtractor: CitationExtractor | undefined
  readonly observers: readonly CallObserver[]
  readonly shadowRunner: ShadowRunner | undefined
  readonly evaluators: readonly Evaluator[]
  readonly awaitHandlers: boolean
  readonly runTtlMs: number
  readonly maxOpenRuns: number
  readonly endedSpanCacheSize: number
}

const DEFAULT_RUN_TTL_MS = 30 * 60_000
const DEFAULT_MAX_OPEN_RUNS = 10_000
const DEFAULT_ENDED_SPAN_CACHE_SIZE = 1_000

/**
 * Applies defaults and checks the options (this runs when the application builds the handler, before
 * any graph runs, so it may throw).
 *
 * @param options - The handler's options.
 * @param env - Environment variables (for the content-capture default).
 * @returns The resolved options.
 * @throws {CanaryError} `INVALID_OPTION` for an empty `hashKey`, a missing experiment, or a
 *   non-positive `runTtlMs` / `maxOpenRuns` / negative `endedSpanCacheSize`.
 */
export function resolveHandlerOptions(
  options: LlmCanaryHandlerOptions,
  env: Readonly<Record<string, string | undefined>>,
): ResolvedHandlerOptions {
  if (typeof options?.experiment?.id !== 'string') {
    throw new CanaryError(
      'INVALID_OPTION',
      'LlmCanaryHandler needs options.experiment, the validated experiment (loadExperiment / parseExperiment)',
    )
  }
  if (options.hashKey === undefined || options.hashKey.length === 0) {
    throw new CanaryError(
      'INVALID_OPTION',
      'LlmCanaryHandler options.hashKey is empty; pass a secret (string or bytes) shared by every process of the experiment',
    )
  }
  const captureMessageContent =
    options.captureMessageContent ?? env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT === 'true'
  return {
    experiment: options.experiment,
    hashKey: createSecretKey(
      typeof options.hashKey === 'string' ? Buffer.from(options.hashKey, 'utf8') : options.hashKey,
    ),
    captureMessageContent,
    recordRetrievalDocuments: options.recordRetrievalDocuments ?? captureMessageContent,
    citationExtractor: options.citationExtractor,
    observers: options.observers ?? [],
    shadowRunner: options.shadowRunner,
    evaluators: options.evaluators ?? [],
    awaitHandlers: options.awaitHandlers ?? true,
    runTtlMs: checkCount('runTtlMs', options.runTtlMs ?? DEFAULT_RUN_TTL_MS, 1),
    maxOpenRuns: checkCount('maxOpenRuns', options.maxOpenRuns ?? DEFAULT_MAX_OPEN_RUNS, 1),
    endedSpanCacheSize: checkCount(
      'endedSpanCacheSize',
      options.endedSpanCacheSize ?? DEFAULT_ENDED_SPAN_CACHE_SIZE,
      0,
    ),
  }
}

function checkCount(name: string, value: number, min: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new CanaryError(
      'INVALID_OPTION',
      `LlmCanaryHandler options.${name} is ${String(value)}; pass a finite number of at least ${min}`,
    )
  }
  return value
}
