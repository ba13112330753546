import type { Experiment, RatioSummary } from '@llm-canary/core'
import { createPricer } from '@llm-canary/core'
import { MalformedTally } from '../../analysis/attribute-readers.ts'
import { createModelChooser, describeCostWarnings } from '../../analysis/cost-resolver.ts'
import { KNOWN_EVALUATION_NAMES } from '../../analysis/evaluation-kind.ts'
import type { ExperimentSummary } from '../../analysis/experiment-summary.ts'
import {
  createExtractionCounters,
  describeExtraction,
  toExtractionStats,
} from '../../analysis/extraction-counters.ts'
import type { ExtractionLimits } from '../../analysis/extraction-types.ts'
import { EXTRACTION_LIMIT_DEFAULTS } from '../../analysis/extraction-types.ts'
import type { FoldedUnits } from '../../analysis/fold-units.ts'
import type { GroupStatistics, RatioName } from '../../analysis/metric-accumulators.ts'
import { RATIO_INPUTS } from '../../analysis/metric-accumulators.ts'
import type { ArmGroup } from '../../analysis/observation-scope.ts'
import { ObservationScope } from '../../analysis/observation-scope.ts'
import type { ImplausibleReason } from '../../analysis/plausibility.ts'
import { ImplausibleTally } from '../../analysis/plausibility.ts'
import { GateError } from '../../errors.ts'
import { MODEL_KEY_SEPARATOR } from './counters-sql.ts'
import type { PriceSheet } from './price-sheet.ts'
import { MALFORMED_KEYS } from './span-readings-sql.ts'
import type { CountersRow, GroupRow } from './summary-rows.ts'
import { GROUP_SIDE } from './summary-sql.ts'
import type { ArrivalsReading } from './unit-arrivals.ts'

/** What the queries returned, with what the gate wrote into them. */
export interface SummaryParts {
  readonly experiment: Experiment
  readonly counters: CountersRow
  readonly groups: readonly GroupRow[]
  /** The arrivals query, read: the horizon's moment, the units, the arm conflicts. */
  readonly arrivals: ArrivalsReading
  readonly prices: PriceSheet
  readonly limits: ExtractionLimits | undefined
  /** Citation ids past `MAX_NORMALISED_IDS` were compared as written. */
  readonly citationIdsCut: boolean
}

/** Side of a group row → the accumulators of an arm it merges into. */
const SIDE_GROUP: Readonly<Record<number, keyof ArmGroup>> = {
  [GROUP_SIDE.traffic]: 'traffic',
  [GROUP_SIDE.shadow]: 'shadow',
  [GROUP_SIDE.pairedControl]: 'pairedControl',
}

/**
 * Turns the push-down query's rows into the summary the analysis decides from: the extraction's counters
 * and warnings (the same `describeExtraction` the file path uses), the implausible values by reason and
 * arm, and a fold that merges each group's sufficient statistics into the same accumulators the file
 * path fills, look by look.
 *
 * @param parts - The rows and the prices.
 * @returns The summary.
 * @throws GateError `BACKEND_RESPONSE_INVALID` when a row names an arm or side the experiment lacks.
 */
export function buildSummary(parts: SummaryParts): ExperimentSummary {
  const { experiment, counters: row, groups } = parts
  const experimentGroups = groups.filter((group) => group.scope === '')
  const { conflicts, moment } = parts.arrivals
  const counters = createExtractionCounters()
  counters.spansRead = row.spans_read
  counters.spansAnalysed = row.analysed_spans - conflicts.analysed
  counters.llmSpans = row.llm_spans - conflicts.llm
  counters.withoutArm = row.without_arm
  for (const [index, arm] of row.unknown_arms[0].entries()) {
    counters.unknownArms.set(arm, row.unknown_arms[1][index] ?? 0)
  }
  counters.badTimes = row.bad_times
  counters.implausibleDurations = sumOf(row.implausible_durations[1], (value) => value)
  counters.armConflicts = conflicts.spans
  counters.traceIdUnits = row.trace_id_sessions
  counters.shadowUnresolved = row.shadow_unresolved
  counters.shadowWithoutPair = row.shadow_without_pair

  const implausible = new ImplausibleTally(experiment.arms.length)
  const byArm: readonly [ImplausibleReason, readonly [readonly number[], readonly number[]]][] = [
    ['duration', row.implausible_durations],
    ['ttft', row.implausible_ttft],
    ['cost', row.implausible_cost],
    ['tokens', row.implausible_tokens],
    ['cost-versus-tokens', row.implausible_cost_versus_tokens],
  ]
  for (const [reason, [arms, counts]] of byArm) {
    for (const [index, arm] of arms.entries()) implausible.add(reason, arm, counts[index] ?? 0)
  }
  for (const group of experimentGroups) {
    implausible.add('latency-outlier', group.arm, group.outliers_latency)
    implausible.add('ttft-outlier', group.arm, group.outliers_ttft)
    implausible.add('cost-outlier', group.arm, group.outliers_cost)
  }

  const tally = new MalformedTally()
  const malformed = row as unknown as Readonly<Record<string, number>>
  for (const [column, key] of MALFORMED_KEYS)
    tally.add(key, malformed[`malformed_${column.slice('bad_'.length)}`] ?? 0)
  for (const kind of ['accuracy', 'judge', 'feedback'] as const) {
    tally.add(`gen_ai.evaluation.score.value (${kind} out of range)`, row[`out_of_range_${kind}`])
  }
  const costs = countCosts(parts)
  tally.add('gen_ai.usage.*', costs.counts.usageInvalid)

  const limits = { ...EXTRACTION_LIMIT_DEFAULTS, ...parts.limits }
  const unknownEvaluations = unknownNames(row)
  const warnings = describeExtraction(counters, {
    experimentId: experiment.id,
    malformed: { total: tally.total, description: tally.describe() },
    unknownEvaluations,
    knownEvaluationNames: KNOWN_EVALUATION_NAMES,
    shadow: { pairs: 0, unmatchedShadows: row.unmatched_shadows, evicted: 0 },
    citationEvictions: 0,
    limits,
    costWarnings: [...describeCostWarnings(costs.counts, costs.pricerWarnings), ...costs.notes],
  })
  if (parts.citationIdsCut) {
    warnings.push(
      'more than 20000 distinct citation ids needed normalising (URLs, capitals, spaces): the rest were compared as written, so citation stability may differ from the file source',
    )
  }
  const units = parts.arrivals.armUnits
  const unitsFolded = Math.max(0, ...experimentGroups.map((group) => group.units))
  const seen = experimentGroups.map((group) => group.first_seen_min).filter(Number.isFinite)
  return {
    stats: toExtractionStats(counters, units, warnings),
    implausible,
    firstSpanMs: counters.spansAnalysed > 0 ? row.first_span_ms : Number.NaN,
    lastSpanMs: counters.spansAnalysed > 0 ? row.last_span_ms : Number.NaN,
    horizon:
      moment === undefined
        ? undefined
        : { cut: { ...moment, units: unitsFolded }, arrivedUnits: parts.arrivals.arrivedUnits },
    firstUnitSeenMs: seen.length === 0 ? Number.NaN : Math.min(...seen),
    fold: (onLook) => foldGroups(experiment, groups, onLook),
  }
}

function foldGroups(
  experiment: Experiment,
  groups: readonly GroupRow[],
  onLook: Parameters<ExperimentSummary['fold']>[0],
): FoldedUnits {
  const arms = new ObservationScope(experiment)
  const looks = [...new Set(groups.filter((g) => g.scope === '').map((g) => g.look_index))].sort(
    (a, b) => a - b,
  )
  for (const look of looks) {
    const rows = groups.filter((group) => group.scope === '' && group.look_index === look)
    for (const group of rows) mergeGroup(experiment, arms, group)
    onLook(arms, { lastFirstSeenMs: Math.max(...rows.map((group) => group.first_seen_max)) })
  }
  const agents = new Map<string, ObservationScope>()
  for (const group of groups) {
    if (group.scope === '') continue
    let scope = agents.get(group.scope)
    if (scope === undefined) {
      scope = new ObservationScope(experiment)
      agents.set(group.scope, scope)
    }
    mergeGroup(experiment, scope, group)
  }
  return { arms, agents: new Map([...agents].sort((a, b) => a[0].localeCompare(b[0]))) }
}

function mergeGroup(experiment: Experiment, scope: ObservationScope, group: GroupRow): void {
  const side = SIDE_GROUP[group.side]
  if (side === undefined || experiment.arms[group.arm] === undefined) {
    throw new GateError(
      'BACKEND_RESPONSE_INVALID',
      `ClickHouse returned a group for arm ${group.arm}, side ${group.side}, which the query never makes; report this as a bug`,
    )
  }
  scope.group(group.arm)[side].merge(toStatistics(group))
}

function toStatistics(group: GroupRow): GroupStatistics {
  const columns = group as unknown as Readonly<Record<string, number>>
  const ratio = (name: RatioName): RatioSummary => ({
    n: columns[`${name}_n`] ?? 0,
    sumY: columns[`${name}_sum_y`] ?? 0,
    sumM: columns[`${name}_sum_m`] ?? 0,
    sumYY: columns[`${name}_sum_yy`] ?? 0,
    sumMM: columns[`${name}_sum_mm`] ?? 0,
    sumYM: columns[`${name}_sum_ym`] ?? 0,
  })
  return {
    units: group.sessions,
    runs: group.runs,
    calls: group.calls,
    callsWithUnknownCost: group.calls_with_unknown_cost,
    latency: sketchOf(group, 'latency'),
    ttft: sketchOf(group, 'ttft'),
    ratios: Object.fromEntries(RATIO_INPUTS.map(({ ratio: name }) => [name, ratio(name)])) as Record<
      RatioName,
      RatioSummary
    >,
  }
}

/**
 * The cost resolver's counts from the calls priced from tokens, by model names: with no model named the
 * calls are unpriced; with one, inconsistent usage is invalid and a model without a price unpriced (its
 * pricer warning given, as the file path gives it).
 */
/** A quantile metric's log-bucket histogram, as the SQL returned it (`<name>_buckets`, `_zeros`, `_min`, `_max`). */
function sketchOf(group: GroupRow, name: 'latency' | 'ttft'): GroupStatistics['latency'] {
  const [keys, counts] = group[`${name}_buckets`]
  return {
    keys,
    counts,
    zeroCount: group[`${name}_zeros`],
    min: group[`${name}_min`],
    max: group[`${name}_max`],
  }
}

function countCosts(parts: SummaryParts): {
  readonly counts: Parameters<typeof describeCostWarnings>[0]
  readonly pricerWarnings: string[]
  readonly notes: string[]
} {
  const { experiment, counters: row, prices } = parts
  const pricer = createPricer({ overrides: experiment.pricing })
  const choose = createModelChooser(experiment, createPricer({ overrides: experiment.pricing }))
  const unwritable = new Set(prices.unwritable)
  const invalid = new Map(
    row.invalid_usage_by_model[0].map((key, index) => [key, row.invalid_usage_by_model[1][index] ?? 0]),
  )
  let modelUnknown = 0
  let usageInvalid = 0
  let unwritten = 0
  const keys = new Set([...row.priced_calls_by_model[0], ...invalid.keys()])
  const priced = new Map(
    row.priced_calls_by_model[0].map((key, index) => [key, row.priced_calls_by_model[1][index] ?? 0]),
  )
  for (const key of [...keys].sort()) {
    const [provider = '', request = '', response = ''] = key.split(MODEL_KEY_SEPARATOR)
    const choice = choose({
      provider: provider === '' ? undefined : provider,
      request: request === '' ? undefined : request,
      response: response === '' ? undefined : response,
    })
    const valid = priced.get(key) ?? 0
    const bad = invalid.get(key) ?? 0
    if (choice === undefined) {
      modelUnknown += valid + bad
      continue
    }
    usageInvalid += bad
    if (valid === 0) continue
    if (pricer.estimateCost(choice, { inputTokens: 0, outputTokens: 0 }).costUsd === undefined)
      modelUnknown += valid
    else if (unwritable.has(choice)) unwritten += valid
  }
  return {
    counts: {
      foreignCurrency: row.foreign_currency,
      usageUnknown: row.usage_unknown,
      usageInvalid,
      modelUnknown,
    },
    pricerWarnings: [...pricer.warnings()],
    notes:
      unwritten === 0
        ? []
        : [
            `${unwritten} LLM call(s) priced from tokens use a price-table model whose prices the ClickHouse query cannot reproduce (${prices.unwritable.join(', ')}): their cost is unknown here; the file source prices them`,
          ],
  }
}

/** Evaluation names the analysis does not use, at most 20 (the most frequent), as the file path keeps them. */
function unknownNames(row: CountersRow): Map<string, number> {
  const names = new Map<string, number>()
  for (const [keys, counts] of [row.unknown_event_names, row.unknown_span_names]) {
    for (const [index, name] of keys.entries()) names.set(name, (names.get(name) ?? 0) + (counts[index] ?? 0))
  }
  return new Map([...names].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 20))
}

function sumOf<T>(items: readonly T[], value: (item: T) => number): number {
  let sum = 0
  for (const item of items) sum += value(item)
  return sum
}
