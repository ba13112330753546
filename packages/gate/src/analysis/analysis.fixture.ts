/**
 * Test-only builders for the analysis tests: an experiment from the file's shape, and hand-made spans.
 * Nothing in the package imports this file.
 */
import type { Experiment } from '@llm-canary/core'
import { loadExperiment } from '@llm-canary/core'
import type { Attributes, SpanEventRecord, SpanRecord } from '../types.ts'

/** The experiment id the builders use. */
export const TEST_EXPERIMENT_ID = 'analysis-test'

/** Start of the test data, epoch ms. */
export const TEST_START_MS = Date.UTC(2026, 4, 1)

/**
 * Builds a validated experiment, 50/50 by default.
 *
 * @param file - `arms`, `guardrails`, `pricing`, `scope`, `analysis` as written in experiment.yaml.
 * @returns The experiment.
 */
export function buildExperiment(file: Record<string, unknown> = {}): Experiment {
  return loadExperiment({
    experiment: TEST_EXPERIMENT_ID,
    arms: {
      control: { model: 'openai:gpt-4.1', weight: 50 },
      candidate: { model: 'openai:gpt-5', weight: 50 },
    },
    ...file,
  })
}

let counter = 0

/** What `buildSpan` takes; everything has a default. */
export interface SpanOptions {
  readonly name?: string
  readonly arm?: string
  readonly session?: string
  readonly traceId?: string
  readonly spanId?: string
  readonly startMs?: number
  readonly durationMs?: number
  readonly error?: boolean
  /** Attributes added to (or, when undefined, removed from) the defaults. */
  readonly attributes?: Readonly<Record<string, Attributes[string] | undefined>>
  readonly events?: readonly SpanEventRecord[]
}

/**
 * Builds a span of the test experiment: `feature_flag.key`, the arm and the session set, a fresh span id.
 *
 * @param options - What differs from the defaults (an LLM call `chat gpt-4.1` of 100 ms, control).
 * @returns The span.
 */
export function buildSpan(options: SpanOptions = {}): SpanRecord {
  counter += 1
  const attributes: Record<string, Attributes[string]> = {
    'feature_flag.key': TEST_EXPERIMENT_ID,
    'feature_flag.result.variant': options.arm ?? 'control',
    'gen_ai.conversation.id': options.session ?? 'session-1',
    'gen_ai.operation.name': 'chat',
  }
  for (const [key, value] of Object.entries(options.attributes ?? {})) {
    if (value === undefined) delete attributes[key]
    else attributes[key] = value
  }
  return {
    traceId: options.traceId ?? 'a'.repeat(32),
    spanId: options.spanId ?? counter.toString(16).padStart(16, '0'),
    parentSpanId: undefined,
    name: options.name ?? 'chat gpt-4.1',
    kind: 3,
    startTimeUnixMs: options.startMs ?? TEST_START_MS + counter,
    durationMs: options.durationMs ?? 100,
    attributes,
    events: options.events ?? [],
    status: options.error === true ? { code: 2, message: 'failed' } : { code: 0 },
    resource: { 'service.name': 'test' },
  }
}

/**
 * An evaluation event as the handler records it on an LLM span.
 *
 * @param name - `gen_ai.evaluation.name`.
 * @param score - `gen_ai.evaluation.score.value` (any value, to test malformed ones).
 * @returns The event.
 */
export function evaluationEvent(name: string, score: Attributes[string]): SpanEventRecord {
  return {
    name: 'gen_ai.evaluation.result',
    timeUnixMs: TEST_START_MS,
    attributes: { 'gen_ai.evaluation.name': name, 'gen_ai.evaluation.score.value': score },
  }
}
