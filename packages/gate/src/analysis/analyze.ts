import { decideVerdict } from '@llm-canary/core'
import { GateError } from '../errors.ts'
import type { AnalysisReport, IntervalHistoryPoint } from '../types.ts'
import type { AgentVerdict, AnalyzeSpansOptions, DetailedAnalysis } from './analysis-types.ts'
import { checkAnalysisWindow } from './analysis-window.ts'
import { buildAgentReports, buildArmReports, buildFeedback } from './build-reports.ts'
import type { SummaryRequest } from './experiment-summary.ts'
import { canSummarize } from './experiment-summary.ts'
import { describeHorizonCut } from './horizon-cut.ts'
import { DEFAULT_HISTORY_POINTS, toHistoryPoints } from './interval-history.ts'
import { summarizeSpans } from './summarize-spans.ts'

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
  // The resolved end goes to the source too, so the source and the analysis agree on the window.
  const request: SummaryRequest = {
    experiment,
    query: {
      experiment: experiment.id,
      since: options.since,
      until,
      ...(options.serviceName === undefined ? {} : { serviceName: options.serviceName }),
    },
    historyPoints,
    ...(options.plannedUnitsPerArm === undefined ? {} : { plannedUnitsPerArm: options.plannedUnitsPerArm }),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  }
  const summary = canSummarize(source)
    ? await source.summarize(request)
    : await summarizeSpans(source, request, onProgress)
  const { stats } = summary
  onProgress?.({
    phase: 'deciding',
    spansRead: stats.spansRead,
    llmSpans: stats.llmSpans,
    units: stats.units,
  })
  const cut = summary.horizon?.cut
  const observedDays =
    cut !== undefined
      ? cut.days
      : Number.isFinite(summary.lastSpanMs)
        ? (summary.lastSpanMs - summary.firstSpanMs) / DAY_MS
        : 0
  const plan =
    options.plannedUnitsPerArm === undefined ? {} : { plannedUnitsPerArm: options.plannedUnitsPerArm }
  const history: IntervalHistoryPoint[] = []
  const { implausible } = summary
  const folded = summary.fold((scope, look) => {
    const lookDays = (look.lastFirstSeenMs - summary.firstUnitSeenMs) / DAY_MS
    const verdict = decideVerdict({
      experiment,
      arms: scope.toVerdictArms(),
      observedDays: lookDays,
      ...plan,
    })
    history.push(...toHistoryPoints(verdict, new Date(look.lastFirstSeenMs).toISOString()))
  })
  const trafficUnits = cut === undefined ? stats.units : cut.units
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
    schemaVersion: 3,
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
      ...stats,
      implausibleValues: implausible.total,
      warnings: [
        ...stats.warnings,
        ...(implausibleNote === undefined ? [] : [implausibleNote]),
        ...(summary.horizon === undefined
          ? []
          : [describeHorizonCut(summary.horizon.cut, summary.horizon.arrivedUnits)]),
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
  checkAnalysisWindow(options.since, options.until)
  const points = options.historyPoints ?? DEFAULT_HISTORY_POINTS
  if (!(Number.isSafeInteger(points) && points >= 1)) {
    throw new GateError(
      'USAGE',
      `historyPoints is ${points}; pass a whole number of looks, 1 or more (default 12)`,
    )
  }
  return points
}
