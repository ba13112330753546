import { ATTR_FEATURE_FLAG_KEY } from '@llm-canary/core'
import type { SpanQuery, SpanRecord } from '../types.ts'

/** A query with its window resolved to epoch milliseconds. */
export interface QueryWindow {
  readonly experiment: string
  /** Inclusive start, epoch ms. */
  readonly sinceMs: number
  /** Exclusive end, epoch ms. */
  readonly untilMs: number
}

/**
 * Resolves a query's window: `until` defaults to now.
 *
 * @param query - the span query.
 * @param nowMs - the current time, epoch ms (a parameter so tests are deterministic).
 * @returns the experiment and the window in epoch milliseconds.
 */
export function resolveWindow(query: SpanQuery, nowMs: number): QueryWindow {
  return {
    experiment: query.experiment,
    sinceMs: query.since.getTime(),
    untilMs: query.until === undefined ? nowMs : query.until.getTime(),
  }
}

/**
 * The client-side filter every source applies, whatever the backend did: keeps a span when it
 * starts in `[since, until)` and either carries `feature_flag.key` equal to the experiment or
 * carries no `feature_flag.key` at all. Spans without the key (an HTTP span inside an experiment
 * trace, say) are kept for the extraction step to attribute by trace; spans of another experiment
 * are dropped.
 *
 * @param span - the span.
 * @param window - the resolved query.
 * @returns true to keep the span.
 * @example
 * spans.filter((span) => matchesQuery(span, resolveWindow(query, Date.now())))
 */
export function matchesQuery(span: SpanRecord, window: QueryWindow): boolean {
  if (!(span.startTimeUnixMs >= window.sinceMs && span.startTimeUnixMs < window.untilMs)) return false
  const key = span.attributes[ATTR_FEATURE_FLAG_KEY]
  return key === undefined || key === window.experiment
}
