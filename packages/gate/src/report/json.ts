import type { GuardrailResult, Verdict } from '@llm-canary/core'
import type {
  AgentReport,
  AnalysisReport,
  ArmReport,
  ExtractionStats,
  IntervalHistoryPoint,
  MetricFigures,
} from '../types.ts'

/**
 * The JSON report: `AnalysisReport` projected field by field onto the schema documented in
 * docs/report-schema.md (`schemaVersion: 2`), so the output holds exactly the documented fields, in the
 * documented order, whatever else the in-memory objects carry. JSON has no infinity: a non-finite
 * number (an unbounded side of a quantile interval) is written as `null`.
 */

/** A JSON value as `renderJson` writes it. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue }

/** A JSON object. */
export type JsonObject = { readonly [key: string]: JsonValue }

/**
 * Renders the report as the stable JSON document (two-space indent, trailing newline).
 *
 * @param report - The analysis report.
 * @returns The JSON text.
 * @example
 * await writeFile('report.json', renderJson(report))
 */
export function renderJson(report: AnalysisReport): string {
  return `${JSON.stringify(toReportJson(report), null, 2)}\n`
}

/**
 * Projects the report onto the documented schema without serialising it.
 *
 * @param report - The analysis report.
 * @returns A plain object holding only documented fields; non-finite numbers are `null`, absent
 *   optional fields are left out.
 */
export function toReportJson(report: AnalysisReport): JsonObject {
  return {
    schemaVersion: report.schemaVersion,
    generatedAt: report.generatedAt,
    experiment: {
      id: report.experiment.id,
      unit: report.experiment.unit,
      arms: report.experiment.arms.map((arm) => ({
        name: arm.name,
        model: arm.model,
        weight: num(arm.weight),
      })),
    },
    source: report.source,
    window: {
      since: report.window.since,
      until: report.window.until,
      observedDays: num(report.window.observedDays),
    },
    verdict: projectVerdict(report.verdict),
    arms: report.arms.map(projectArm),
    agents: report.agents.map(projectAgent),
    history: report.history.map(projectHistoryPoint),
    extraction: projectExtraction(report.extraction),
  }
}

function projectVerdict(verdict: Verdict): JsonObject {
  return {
    status: verdict.status,
    cause: verdict.cause,
    reasons: [...verdict.reasons],
    guardrails: verdict.guardrails.map(projectGuardrail),
    srm: {
      pValue: num(verdict.srm.pValue),
      statistic: num(verdict.srm.statistic),
      observed: numbers(verdict.srm.observed),
      expected: numbers(verdict.srm.expected),
    },
    ...(verdict.samplesNeeded === undefined
      ? {}
      : {
          samplesNeeded: {
            perArm: numbers(verdict.samplesNeeded.perArm),
            ...optional('eta', verdict.samplesNeeded.eta),
          },
        }),
    alpha: { familyWise: num(verdict.alpha.familyWise), perInterval: num(verdict.alpha.perInterval) },
    plan: { unitsPerArm: num(verdict.plan.unitsPerArm), source: verdict.plan.source },
  }
}

function projectGuardrail(result: GuardrailResult): JsonObject {
  const { tolerance } = result
  return {
    metric: result.metric,
    arm: result.arm,
    bound: result.bound,
    tolerance: {
      kind: tolerance.kind,
      value: num(tolerance.value),
      ...(tolerance.kind === 'absolute' ? { unit: tolerance.unit } : {}),
      text: tolerance.text,
    },
    limit: num(result.limit),
    ...optional('estimate', result.estimate),
    ...(result.interval === undefined
      ? {}
      : { interval: { lower: num(result.interval.lower), upper: num(result.interval.upper) } }),
    ...optional('pValue', result.pValue),
    ...optional('adjustedPValue', result.adjustedPValue),
    ...optional('pValueVsControl', result.pValueVsControl),
    ...optional('adjustedPValueVsControl', result.adjustedPValueVsControl),
    ...(result.method === undefined ? {} : { method: result.method }),
    ...optional('informationFraction', result.informationFraction),
    units: { control: num(result.units.control), candidate: num(result.units.candidate) },
    status: result.status,
    reason: result.reason,
    ...(result.unitsNeeded === undefined ? {} : { unitsNeeded: numbers(result.unitsNeeded) }),
    ...(result.note === undefined ? {} : { note: result.note }),
  }
}

function projectArm(arm: ArmReport): JsonObject {
  return {
    arm: arm.arm,
    model: arm.model,
    weight: num(arm.weight),
    source: arm.source,
    ...projectFigures(arm),
  }
}

function projectAgent(agent: AgentReport): JsonObject {
  return {
    arm: agent.arm,
    agent: agent.agent,
    ...(agent.servedModel === undefined ? {} : { servedModel: agent.servedModel }),
    ...projectFigures(agent),
  }
}

function projectFigures(figures: MetricFigures): JsonObject {
  return {
    sessions: num(figures.sessions),
    runs: num(figures.runs),
    calls: num(figures.calls),
    ...optional('errorRate', figures.errorRate),
    ...optional('runFailureRate', figures.runFailureRate),
    ...optional('costPerCallUsd', figures.costPerCallUsd),
    ...optional('costPerRunUsd', figures.costPerRunUsd),
    callsWithUnknownCost: num(figures.callsWithUnknownCost),
    ...(figures.latencyMs === undefined ? {} : { latencyMs: projectQuantiles(figures.latencyMs) }),
    ...(figures.ttftMs === undefined ? {} : { ttftMs: projectQuantiles(figures.ttftMs) }),
    ...optional('accuracy', figures.accuracy),
    ...optional('judgeScore', figures.judgeScore),
    ...optional('citationStability', figures.citationStability),
    ...optional('citationPairs', figures.citationPairs),
  }
}

function projectQuantiles(quantiles: {
  readonly p50: number
  readonly p95: number
  readonly p99: number
}): JsonObject {
  return { p50: num(quantiles.p50), p95: num(quantiles.p95), p99: num(quantiles.p99) }
}

function projectHistoryPoint(point: IntervalHistoryPoint): JsonObject {
  return {
    at: point.at,
    units: num(point.units),
    metric: point.metric,
    arm: point.arm,
    ...optional('estimate', point.estimate),
    ...optional('lower', point.lower),
    ...optional('upper', point.upper),
    limit: num(point.limit),
  }
}

function projectExtraction(extraction: ExtractionStats): JsonObject {
  return {
    spansRead: num(extraction.spansRead),
    spansSkipped: num(extraction.spansSkipped),
    spansIgnored: num(extraction.spansIgnored),
    llmSpans: num(extraction.llmSpans),
    sessions: num(extraction.sessions),
    ...optional('implausibleValues', extraction.implausibleValues),
    warnings: [...extraction.warnings],
  }
}

function num(value: number): number | null {
  return Number.isFinite(value) ? value : null
}

function numbers(record: Readonly<Record<string, number>>): JsonObject {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, num(value)]))
}

function optional(key: string, value: number | undefined): JsonObject {
  return value === undefined ? {} : { [key]: num(value) }
}
