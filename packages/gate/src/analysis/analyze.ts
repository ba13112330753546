import { decideVerdict } from '@llm-canary/core'
import { GateError } from '../errors.ts'
import type { AnalysisReport, IntervalHistoryPoint, SpanQuery } from '../types.ts'
import type { AgentVerdict, AnalyzeSpansOptions, DetailedAnalysis } from './analysis-types.ts'
import { buildAgentReports, buildArmReports, buildFeedback } from './build-reports.ts'
import { foldSessions } from './fold-sessions.ts'
import { describeHorizonCut, findHorizonCut } from './horizon-cut.ts'
import { DEFAULT_HISTORY_POINTS, planLooks, toHistoryPoints } from './interval-history.ts'
import type { SessionEntry } from './session-table.ts'
import { SpanExtractor } from './span-extractor.ts'

const DAY_MS = 86_400_000

/**
 * Reads an experiment's spans from a trace source and decides: extraction (spans → per-session sums,
 * memory bounded by sessions), per-arm and per-agent sufficient statistics with the session as the unit,
 * `decideVerdict`, and the interval history (the guardrails' always-valid intervals replayed at evenly
 * spaced looks over the sessions in the order they arrived). No data is never a pass.
 *
 * @param options - Experiment, source, window, clock, progress callback, history looks.
 * @returns The analysis report (`AnalysisReport`, schema version 2).
 * @throws GateError `USAGE` for an invalid window or `historyPoints`; the source's `BACKEND_*` and
 *   `FILE_UNREADABLE` errors as they come.
 * @example
 * const report = await analyzeSpans({ experiment, source: openTraceSource('file:./traces'), since: new Date('2026-05-01') })
 * report.verdict.status // 'pass' | 'fail' | 'inconclusive' | 'review'
 */
export async function analyzeSpans(options: AnalyzeSpansOptions): Promise<AnalysisReport> {
  return (await analyzeSpansInDetail(options)).report
}

/**
 * `analyzeSpans`, plus what the report schema has no field for yet: the verdict run per agent (which node
 * regressed) and mean user feedback per arm and agent.
 *
 * @param options - As for `analyzeSpans`.
 * @returns The report, the per-agent verdicts and the feedback figures.
 * @throws GateError as `analyzeSpans`.
 * @example
 * const { report, agentVerdicts } = await analyzeSpansInDetail({ experiment, source, since })
 */
export async function analyzeSpansInDetail(options: AnalyzeSpansOptions): Promise<DetailedAnalysis> {
  const { experiment, source, onProgress } = options
  const historyPoints = checkOptions(options)
  const now = options.now ?? (() => new Date())
  const until = options.until ?? now()
  const extractor = new SpanExtractor(
    experiment,
    { sinceMs: options.since.getTime(), untilMs: until.getTime() },
    options.limits,
  )
  // The resolved end goes to the source too, so the source and the analysis agree on the window.
  const query: SpanQuery = {
    experiment: experiment.id,
    since: options.since,
    until,
    ...(options.serviceName === undefined ? {} : { serviceName: options.serviceName }),
  }
  for await (const batch of source.spans(
    query,
    options.signal === undefined ? {} : { signal: options.signal },
  )) {
    extractor.addBatch(batch)
    onProgress?.({ phase: 'reading', ...extractor.progress() })
  }
  onProgress?.({ phase: 'deciding', ...extractor.progress() })
  const extraction = extractor.finish()
  const arrived = [...extraction.table.values()]
    .filter((session) => session.arm >= 0 || session.shadowKeys !== undefined)
    .sort((a, b) => a.firstSeenMs - b.firstSeenMs)
  // Past the horizon the verdict is the horizon's: the units after it are not analysed (horizon-cut.ts).
  const cut = findHorizonCut(experiment, arrived, options.plannedUnitsPerArm)
  const sessions = cut === undefined ? arrived : arrived.slice(0, cut.units)
  const observedDays =
    cut !== undefined
      ? cut.days
      : Number.isFinite(extraction.lastSpanMs)
        ? (extraction.lastSpanMs - extraction.firstSpanMs) / DAY_MS
        : 0
  const plan =
    options.plannedUnitsPerArm === undefined ? {} : { plannedUnitsPerArm: options.plannedUnitsPerArm }
  const history: IntervalHistoryPoint[] = []
  const { implausible } = extraction
  const folded = foldSessions({
    experiment,
    table: extraction.table,
    sessions,
    implausible,
    looks: planLooks(sessions.length, historyPoints),
    onLook(scope, _folded, last: SessionEntry) {
      const lookDays = (last.firstSeenMs - (sessions[0]?.firstSeenMs ?? last.firstSeenMs)) / DAY_MS
      const verdict = decideVerdict({
        experiment,
        arms: scope.toVerdictArms(),
        observedDays: lookDays,
        ...plan,
      })
      history.push(...toHistoryPoints(verdict, new Date(last.firstSeenMs).toISOString()))
    },
  })
  const trafficUnits = cut === undefined ? extraction.stats.sessions : cut.units
  const verdict = decideVerdict({
    experiment,
    arms: folded.arms.toVerdictArms(),
    observedDays,
    ...(observedDays > 0 ? { unitsPerDay: trafficUnits / observedDays } : {}),
    ...plan,
    setAside: Object.fromEntries(
      experiment.arms.map((arm, index) => [arm.name, implausible.inArms([index])]),
    ),
  })
  const implausibleNote = implausible.describe()
  const report: AnalysisReport = {
    schemaVersion: 2,
    generatedAt: now().toISOString(),
    experiment: {
      id: experiment.id,
      unit: experiment.unit,
      arms: experiment.arms.map((arm) => ({ name: arm.name, model: arm.model.id, weight: arm.weight })),
    },
    source: source.description,
    window: { since: options.since.toISOString(), until: until.toISOString(), observedDays },
    verdict,
    arms: buildArmReports(experiment, folded.arms),
    agents: buildAgentReports(experiment, folded.agents),
    history,
    extraction: {
      ...extraction.stats,
      implausibleValues: implausible.total,
      warnings: [
        ...extraction.stats.warnings,
        ...(implausibleNote === undefined ? [] : [implausibleNote]),
        ...(cut === undefined ? [] : [describeHorizonCut(cut, arrived.length)]),
      ],
    },
  }
  const agentVerdicts: AgentVerdict[] = [...folded.agents].map(([agent, scope]) => ({
    agent,
    verdict: decideVerdict({ experiment, arms: scope.toVerdictArms(), observedDays, ...plan }),
  }))
  return { report, agentVerdicts, feedback: buildFeedback(experiment, folded.arms, folded.agents) }
}

function checkOptions(options: AnalyzeSpansOptions): number {
  const { since, until } = options
  if (Number.isNaN(since.getTime())) {
    throw new GateError(
      'USAGE',
      'the analysis start (since) is not a valid date; pass an ISO date such as 2026-05-01',
    )
  }
  if (until !== undefined && !(until.getTime() > since.getTime())) {
    throw new GateError(
      'USAGE',
      `the analysis window ends (${describeDate(until)}) before it starts (${since.toISOString()}); pass an until after since`,
    )
  }
  const points = options.historyPoints ?? DEFAULT_HISTORY_POINTS
  if (!(Number.isSafeInteger(points) && points >= 1)) {
    throw new GateError(
      'USAGE',
      `historyPoints is ${points}; pass a whole number of looks, 1 or more (default 12)`,
    )
  }
  return points
}

function describeDate(date: Date): string {
  return Number.isNaN(date.getTime()) ? 'an invalid date' : date.toISOString()
}
