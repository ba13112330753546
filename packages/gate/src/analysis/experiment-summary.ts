import type { Experiment } from '@llm-canary/core'
import type { ExtractionStats, SpanQuery, TraceSource } from '../types.ts'
import type { ExtractionLimits } from './extraction-types.ts'
import type { FoldedUnits } from './fold-units.ts'
import type { HorizonCut } from './horizon-cut.ts'
import type { ObservationScope } from './observation-scope.ts'
import type { ImplausibleTally } from './plausibility.ts'

/** What a summary is asked for: one experiment's units in a window. */
export interface SummaryRequest {
  readonly experiment: Experiment
  /** The experiment id, the window (its end resolved) and the service. */
  readonly query: SpanQuery & { readonly until: Date }
  /** Looks of the interval history (`planLooks`). */
  readonly historyPoints: number
  /** The caller's planned units per arm (else the experiment's `max_units_per_arm`): where the horizon is. */
  readonly plannedUnitsPerArm?: number
  readonly limits?: ExtractionLimits
  readonly signal?: AbortSignal
}

/** Called at each look of the interval history with the experiment-level accumulators as they are then. */
type LookHandler = (scope: ObservationScope, look: { readonly lastFirstSeenMs: number }) => void

/**
 * What the analysis decides from, however it was computed: the extraction's counts, the implausible
 * values, the time the data covers, and the fold into per-arm and per-agent accumulators. The file path
 * builds it from the spans it reads (`summarizeSpans`); a source that can aggregate where the data is
 * (ClickHouse) builds it from the sufficient statistics its query returns.
 */
export interface ExperimentSummary {
  /** Spans read, skipped, ignored, LLM spans, sessions with an arm, warnings (implausible ones excepted). */
  readonly stats: Omit<ExtractionStats, 'implausibleValues'>
  /** Implausible values; complete once `fold` has run (it adds the sessions' outliers). */
  readonly implausible: ImplausibleTally
  /** Earliest and latest start of an analysed span, epoch ms; NaN without spans. */
  readonly firstSpanMs: number
  readonly lastSpanMs: number
  /**
   * The experiment's horizon when the units reach past it (horizon-cut.ts): only the units up to it are
   * folded. `arrivedUnits` counts every unit in the window.
   */
  readonly horizon: { readonly cut: HorizonCut; readonly arrivedUnits: number } | undefined
  /** First-seen time of the first unit folded, epoch ms; NaN without units. */
  readonly firstUnitSeenMs: number
  /**
   * Folds the units into accumulators, calling `onLook` at each look of the interval history (the units
   * in the order they were first seen). Call once.
   */
  fold(onLook: LookHandler): FoldedUnits
}

/** A trace source that computes the experiment's summary itself, where the data is. */
export interface SummarizingSource extends TraceSource {
  /**
   * Computes the summary of an experiment's spans in a window.
   *
   * @throws GateError `SOURCE_INVALID` for a configuration the backend refuses (credentials, a missing
   *   table or column); `BACKEND_*` when it cannot be read.
   */
  summarize(request: SummaryRequest): Promise<ExperimentSummary>
}

/**
 * Tells a source that aggregates where the data is from one that streams spans.
 *
 * @param source - A trace source.
 * @returns True when it has `summarize`.
 */
export function canSummarize(source: TraceSource): source is SummarizingSource {
  return typeof (source as Partial<SummarizingSource>).summarize === 'function'
}
