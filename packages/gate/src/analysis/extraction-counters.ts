import type { ExtractionStats } from '../types.ts'
import type { ShadowPairingCounts } from './shadow-pairing.ts'

/** What the extraction counted while reading spans. */
export interface ExtractionCounters {
  spansRead: number
  /** Spans that counted towards a session. */
  spansAnalysed: number
  llmSpans: number
  duplicates: number
  withoutKey: number
  otherExperiment: number
  outsideWindow: number
  withoutArm: number
  /** Spans naming arms the experiment does not have, by arm name. */
  readonly unknownArms: Map<string, number>
  badTimes: number
  /** Spans lasting longer than `PLAUSIBILITY_LIMITS.maxDurationMs`, skipped whole. */
  implausibleDurations: number
  armConflicts: number
  /** Spans whose session id fell back to the trace id. */
  traceIdUnits: number
  shadowUnresolved: number
  shadowWithoutPair: number
}

/**
 * Creates zeroed counters.
 *
 * @returns Counters, all 0.
 */
export function createExtractionCounters(): ExtractionCounters {
  return {
    spansRead: 0,
    spansAnalysed: 0,
    llmSpans: 0,
    duplicates: 0,
    withoutKey: 0,
    otherExperiment: 0,
    outsideWindow: 0,
    withoutArm: 0,
    unknownArms: new Map(),
    badTimes: 0,
    implausibleDurations: 0,
    armConflicts: 0,
    traceIdUnits: 0,
    shadowUnresolved: 0,
    shadowWithoutPair: 0,
  }
}

/**
 * Spans left out because they are not the experiment's (another experiment, no key, no or an unknown
 * arm, outside the window, a duplicate).
 *
 * @param counters - The counters.
 * @returns The number of ignored spans.
 */
function countIgnored(counters: ExtractionCounters): number {
  let unknownArms = 0
  for (const count of counters.unknownArms.values()) unknownArms += count
  return (
    counters.duplicates +
    counters.withoutKey +
    counters.otherExperiment +
    counters.outsideWindow +
    counters.withoutArm +
    unknownArms
  )
}

/**
 * Spans of the experiment that could not be used (bad or implausible times, an arm that contradicts their
 * session's, shadow calls without a pair id or a resolvable candidate).
 *
 * @param counters - The counters.
 * @returns The number of skipped spans.
 */
function countSkipped(counters: ExtractionCounters): number {
  return (
    counters.badTimes +
    counters.implausibleDurations +
    counters.armConflicts +
    counters.shadowUnresolved +
    counters.shadowWithoutPair
  )
}

/**
 * The extraction's figures for the report, from the counters: what the file fold and the ClickHouse
 * summary both report, counted by the same rules.
 *
 * @param counters - The counters.
 * @param units - Units with at least one span of the experiment.
 * @param warnings - The extraction's notes (`describeExtraction`).
 * @returns The report's `extraction` figures, without the implausible values the analysis adds.
 */
export function toExtractionStats(
  counters: ExtractionCounters,
  units: number,
  warnings: readonly string[],
): Omit<ExtractionStats, 'implausibleValues'> {
  return {
    spansRead: counters.spansRead,
    spansSkipped: countSkipped(counters),
    spansIgnored: countIgnored(counters),
    llmSpans: counters.llmSpans,
    units,
    warnings,
  }
}

/** Inputs of `describeExtraction` besides the counters. */
export interface ExtractionNotes {
  readonly experimentId: string
  readonly malformed: { readonly total: number; readonly description: string }
  readonly unknownEvaluations: ReadonlyMap<string, number>
  readonly knownEvaluationNames: readonly string[]
  readonly shadow: ShadowPairingCounts
  readonly citationEvictions: number
  readonly limits: { readonly openShadowPairs: number; readonly inputHashes: number }
  readonly costWarnings: readonly string[]
}

/**
 * Turns the counters into the report's warnings: one plain sentence per cause, with counts and what to
 * do, in the order a reader needs them.
 *
 * @param counters - The counters.
 * @param notes - Malformed values, evaluation names, pairing counts, cost warnings.
 * @returns The warnings (empty when everything was used).
 */
export function describeExtraction(counters: ExtractionCounters, notes: ExtractionNotes): string[] {
  const id = notes.experimentId
  const warnings: string[] = []
  const push = (count: number, text: string): void => {
    if (count > 0) warnings.push(`${count} ${text}`)
  }
  if (counters.spansAnalysed === 0) {
    warnings.push(
      `no span of experiment "${id}" with a known arm was found in the window: nothing to analyse (check --source, the window and that spans carry feature_flag.key and feature_flag.result.variant)`,
    )
  }
  push(counters.otherExperiment, `span(s) of other experiments ignored (feature_flag.key is not "${id}")`)
  push(
    counters.withoutKey,
    'span(s) without feature_flag.key ignored: only spans that carry the experiment key are analysed (docs/spans.md)',
  )
  push(counters.withoutArm, `span(s) of "${id}" without feature_flag.result.variant ignored`)
  for (const [arm, count] of [...counters.unknownArms].sort((a, b) => a[0].localeCompare(b[0]))) {
    push(count, `span(s) name arm "${arm}", which the experiment does not have: ignored`)
  }
  push(counters.outsideWindow, 'span(s) outside the analysis window ignored')
  push(counters.duplicates, 'duplicate span(s) (same trace and span id) ignored')
  push(counters.badTimes, 'span(s) skipped: start or duration is not a finite number (duration must be ≥ 0)')
  push(
    counters.armConflicts,
    'span(s) skipped: their session was already seen in another arm (a session keeps one arm)',
  )
  push(
    counters.traceIdUnits,
    'span(s) have no gen_ai.conversation.id: their trace id was used as the session (a session spanning traces counts several times)',
  )
  push(
    counters.shadowUnresolved,
    'shadow span(s) skipped: no llm_canary.served_arm naming a candidate, and no single shadowing candidate to assume',
  )
  push(counters.shadowWithoutPair, 'shadow span(s) skipped: no llm_canary.pair_id')
  push(
    notes.shadow.unmatchedShadows,
    'shadow call(s) never met their control call (same llm_canary.pair_id): not compared',
  )
  push(
    notes.shadow.evicted,
    `open shadow pair(s) dropped to stay within ${notes.limits.openShadowPairs} open pairs`,
  )
  push(
    notes.citationEvictions,
    `input hash(es) dropped from citation pairing to stay within ${notes.limits.inputHashes} (later calls with those inputs are not paired)`,
  )
  if (notes.malformed.total > 0) {
    warnings.push(
      `${notes.malformed.total} malformed attribute value(s) ignored: ${notes.malformed.description}`,
    )
  }
  for (const [name, count] of [...notes.unknownEvaluations].sort((a, b) => a[0].localeCompare(b[0]))) {
    push(
      count,
      `evaluation(s) named "${name}" ignored (known names: ${notes.knownEvaluationNames.join(', ')})`,
    )
  }
  warnings.push(...notes.costWarnings)
  return warnings
}
