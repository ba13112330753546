import type { Tracer } from '@opentelemetry/api'
import type { RecordedAs } from '../evaluation/evaluation-recorder.ts'
import type { EvaluationResult } from '../evaluation/evaluation-types.ts'
import type { EndedLlmSpan } from '../internal-types.ts'
import type { BoundedLru } from './bounded-lru.ts'
import type { CallCoster } from './call-cost.ts'
import type { Clock } from './clock.ts'
import type { ResolvedHandlerOptions } from './handler-options.ts'
import type { RunRegistry } from './run-registry.ts'

/** Everything the handler's callbacks share: options, tracer, clock and the run bookkeeping. */
export interface HandlerState {
  readonly options: ResolvedHandlerOptions
  readonly tracer: Tracer
  readonly clock: Clock
  readonly registry: RunRegistry
  readonly costCall: CallCoster
  /** `hashInput` with the handler's key, prepared once. */
  readonly hashInput: (messages: readonly unknown[]) => string
  /** Recently ended LLM spans (bounded), for late evaluations and late shadow calls. */
  readonly endedSpans: BoundedLru<EndedLlmSpan>
  /** Node runs that said they are the router (bounded): a mark may come before its run's start callback. */
  readonly routerRuns: BoundedLru<true>
  /** Promised evaluator scores not settled yet; each removes itself when it settles. */
  readonly pendingEvaluations: Set<Promise<void>>
  /** Records a score on an LLM call (event while open, `evaluate {name}` span after). */
  readonly recordEvaluation: (runId: string, result: EvaluationResult) => RecordedAs
}
