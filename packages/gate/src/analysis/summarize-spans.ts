import type { TraceSource } from '../types.ts'
import type { AnalysisProgress } from './analysis-types.ts'
import type { ExperimentSummary, SummaryRequest } from './experiment-summary.ts'
import { foldUnits } from './fold-units.ts'
import { findHorizonCut } from './horizon-cut.ts'
import { planLooks } from './interval-history.ts'
import { SpanExtractor } from './span-extractor.ts'
import type { UnitEntry } from './unit-table.ts'

/**
 * The file path (and every source that streams spans): reads the spans batch by batch into per-session
 * cells (memory bounded by sessions), then folds the sessions in the order they were first seen, up to
 * the experiment's horizon.
 *
 * @param source - Where the spans come from.
 * @param request - Experiment, window, looks, limits, abort signal.
 * @param onProgress - Called after each batch.
 * @returns The summary the analysis decides from.
 * @throws The source's `GateError`s as they come.
 */
export async function summarizeSpans(
  source: TraceSource,
  request: SummaryRequest,
  onProgress: ((progress: AnalysisProgress) => void) | undefined,
): Promise<ExperimentSummary> {
  const { experiment, query } = request
  const extractor = new SpanExtractor(
    experiment,
    { sinceMs: query.since.getTime(), untilMs: query.until.getTime() },
    request.limits,
  )
  for await (const batch of source.spans(
    query,
    request.signal === undefined ? {} : { signal: request.signal },
  )) {
    extractor.addBatch(batch)
    onProgress?.({ phase: 'reading', ...extractor.progress() })
  }
  const extraction = extractor.finish()
  const arrived = [...extraction.table.values()]
    .filter((unit) => unit.arm >= 0 || unit.shadowKeys !== undefined)
    .sort((a, b) => a.firstSeenMs - b.firstSeenMs)
  // Past the horizon the verdict is the horizon's: the units after it are not analysed (horizon-cut.ts).
  const cut = findHorizonCut(experiment, arrived, request.plannedUnitsPerArm)
  const sessions = cut === undefined ? arrived : arrived.slice(0, cut.units)
  return {
    stats: extraction.stats,
    implausible: extraction.implausible,
    firstSpanMs: extraction.firstSpanMs,
    lastSpanMs: extraction.lastSpanMs,
    horizon: cut === undefined ? undefined : { cut, arrivedUnits: arrived.length },
    firstUnitSeenMs: sessions[0]?.firstSeenMs ?? Number.NaN,
    fold: (onLook) =>
      foldUnits({
        experiment,
        table: extraction.table,
        sessions,
        implausible: extraction.implausible,
        looks: planLooks(sessions.length, request.historyPoints),
        onLook(scope, _folded, last: UnitEntry) {
          onLook(scope, { lastFirstSeenMs: last.firstSeenMs })
        },
      }),
  }
}
