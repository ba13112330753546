import type { Experiment } from '@llm-canary/core'
import {
  ATTR_CITATIONS,
  ATTR_FEATURE_FLAG_KEY,
  ATTR_FEATURE_FLAG_VARIANT,
  ATTR_FEATURE_FLAG_VARIANT_DEPRECATED,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_INPUT_HASH,
  ATTR_PAIR_ID,
  ATTR_RUN_COST_USD,
  ATTR_SERVED_ARM,
  ATTR_SHADOW,
} from '@llm-canary/core'
import type { SpanRecord } from '../types.ts'
import {
  MalformedTally,
  readBoolean,
  readNonNegative,
  readString,
  readStringList,
} from './attribute-readers.ts'
import type { ReadContext } from './call-observation.ts'
import {
  addCallToCell,
  addCitationToCell,
  addEvaluationsToCell,
  addInvocationToCell,
  addRunToCell,
  readCall,
  readEvaluationEvents,
  readEvaluationSpan,
} from './call-observation.ts'
import { CitationPairing, scoreCitations } from './citation-pairing.ts'
import { createCostResolver } from './cost-resolver.ts'
import { KNOWN_EVALUATION_NAMES } from './evaluation-kind.ts'
import type { ExtractionCounters } from './extraction-counters.ts'
import { createExtractionCounters, describeExtraction, toExtractionStats } from './extraction-counters.ts'
import type { Extraction, ExtractionLimits, ExtractionWindow } from './extraction-types.ts'
import { EXTRACTION_LIMIT_DEFAULTS } from './extraction-types.ts'
import { ImplausibleTally, PLAUSIBILITY_LIMITS } from './plausibility.ts'
import { RecentSpanIds } from './recent-span-ids.ts'
import type { PairHalf } from './shadow-pairing.ts'
import { ShadowPairing } from './shadow-pairing.ts'
import type { SpanRole } from './span-role.ts'
import { classifySpan, readNameTarget } from './span-role.ts'
import type { UnitEntry } from './unit-table.ts'
import { UnitTable } from './unit-table.ts'

/**
 * Turns spans into per-session cells, one batch at a time. Each span is classified (LLM call, workflow
 * run, agent, evaluation, retrieval, tool), kept only when it carries the experiment's
 * `feature_flag.key` and a known arm (`feature_flag.result.variant`, or the deprecated
 * `feature_flag.variant`), attributed to its session (`gen_ai.conversation.id`, else its trace id) and
 * agent (`gen_ai.agent.name`), and added to that session's cell as sums and counts. Nothing holds a
 * span after `addBatch` returns except the bounded pairing maps.
 *
 * @example
 * const extractor = new SpanExtractor(experiment, { sinceMs, untilMs })
 * for await (const batch of source.spans(query)) extractor.addBatch(batch)
 * const { table, stats } = extractor.finish()
 */
export class SpanExtractor {
  private readonly table = new UnitTable()
  private readonly counters: ExtractionCounters = createExtractionCounters()
  private readonly tally = new MalformedTally()
  private readonly implausible: ImplausibleTally
  private readonly context: ReadContext
  private readonly armIndex: ReadonlyMap<string, number>
  private readonly controlArm: number
  private readonly shadowArms: readonly number[]
  private readonly recent: RecentSpanIds
  private readonly shadowPairing: ShadowPairing
  private readonly citationPairing: CitationPairing
  private readonly limits: Required<ExtractionLimits>
  private firstSpanMs = Number.NaN
  private lastSpanMs = Number.NaN

  /**
   * @param experiment - The experiment whose spans to keep.
   * @param window - Spans starting outside `[sinceMs, untilMs)` are ignored.
   * @param limits - Caps of the pairing maps and the duplicate filter.
   */
  constructor(
    private readonly experiment: Experiment,
    private readonly window: ExtractionWindow,
    limits: ExtractionLimits = {},
  ) {
    this.limits = { ...EXTRACTION_LIMIT_DEFAULTS, ...limits }
    this.implausible = new ImplausibleTally(experiment.arms.length)
    this.context = {
      tally: this.tally,
      costs: createCostResolver(experiment, this.tally, this.implausible),
      implausible: this.implausible,
      unknownEvaluations: new Map(),
    }
    this.armIndex = new Map(experiment.arms.map((arm, index) => [arm.name, index]))
    this.controlArm = experiment.arms.indexOf(experiment.control)
    this.shadowArms = experiment.arms.flatMap((arm, index) => (arm.shadow > 0 ? [index] : []))
    this.recent = new RecentSpanIds(this.limits.recentSpanIds)
    this.shadowPairing = new ShadowPairing(
      this.limits.openShadowPairs,
      Math.max(1, this.shadowArms.length),
      (arm, primary, shadow) => this.recordPair(arm, primary, shadow),
    )
    this.citationPairing = new CitationPairing(
      this.limits.inputHashes,
      this.controlArm,
      (unit, agent, score) => {
        addCitationToCell(this.table.pool, this.table.cellFor(unit, agent), score)
      },
    )
  }

  /**
   * Reads one batch of spans.
   *
   * @param spans - The batch, in any order.
   */
  addBatch(spans: readonly SpanRecord[]): void {
    for (const span of spans) this.addSpan(span)
  }

  /**
   * Figures for a progress display.
   *
   * @returns Spans read, LLM spans kept, units seen.
   */
  progress(): { readonly spansRead: number; readonly llmSpans: number; readonly units: number } {
    return { spansRead: this.counters.spansRead, llmSpans: this.counters.llmSpans, units: this.table.size }
  }

  /**
   * Ends the extraction.
   *
   * @returns The unit table, the extraction stats and the time span of the data.
   */
  finish(): Extraction {
    const counters = this.counters
    let units = 0
    for (const unit of this.table.values()) if (unit.arm >= 0) units += 1
    const warnings = describeExtraction(counters, {
      experimentId: this.experiment.id,
      malformed: { total: this.tally.total, description: this.tally.describe() },
      unknownEvaluations: this.context.unknownEvaluations,
      knownEvaluationNames: KNOWN_EVALUATION_NAMES,
      shadow: this.shadowPairing.counts(),
      citationEvictions: this.citationPairing.evicted,
      limits: this.limits,
      costWarnings: this.context.costs.warnings(),
    })
    return {
      table: this.table,
      stats: toExtractionStats(counters, units, warnings),
      implausible: this.implausible,
      firstSpanMs: this.firstSpanMs,
      lastSpanMs: this.lastSpanMs,
    }
  }

  private addSpan(span: SpanRecord): void {
    const counters = this.counters
    counters.spansRead += 1
    if (this.recent.check(span.traceId, span.spanId)) {
      counters.duplicates += 1
      return
    }
    const armIndex = this.readArm(span)
    if (armIndex === undefined) return
    const startMs = span.startTimeUnixMs
    if (!(Number.isFinite(startMs) && Number.isFinite(span.durationMs) && span.durationMs >= 0)) {
      counters.badTimes += 1
      return
    }
    this.implausible.arm = armIndex
    if (span.durationMs > PLAUSIBILITY_LIMITS.maxDurationMs) {
      counters.implausibleDurations += 1
      this.implausible.add('duration')
      return
    }
    const role = classifySpan(span)
    const { attributes } = span
    const shadow = role === 'llm' && readBoolean(attributes, ATTR_SHADOW, this.tally) === true
    let unitHash = readString(attributes, ATTR_GEN_AI_CONVERSATION_ID, this.tally)
    if (unitHash === undefined) {
      unitHash = span.traceId
      counters.traceIdUnits += 1
    }
    const known = this.table.get(unitHash)
    if (!shadow && known !== undefined && known.arm >= 0 && known.arm !== armIndex) {
      counters.armConflicts += 1
      return
    }
    const unit = this.table.touch(unitHash, startMs, startMs + span.durationMs)
    if (!shadow) unit.arm = armIndex
    const agent =
      readString(attributes, ATTR_GEN_AI_AGENT_NAME, this.tally) ??
      (role === 'agent' ? readNameTarget(span.name) : undefined) ??
      ''
    if (shadow) this.addShadowCall(span, unit, armIndex, agent)
    else this.addTrafficSpan(span, role, unit, armIndex, agent)
  }

  /** The span's arm index, or undefined (counted) when the span is not the experiment's. */
  private readArm(span: SpanRecord): number | undefined {
    const counters = this.counters
    const { attributes } = span
    const key = attributes[ATTR_FEATURE_FLAG_KEY]
    if (key !== this.experiment.id) {
      if (key === undefined || key === null) counters.withoutKey += 1
      else counters.otherExperiment += 1
      return undefined
    }
    if (!(span.startTimeUnixMs >= this.window.sinceMs && span.startTimeUnixMs < this.window.untilMs)) {
      counters.outsideWindow += 1
      return undefined
    }
    const variant =
      readString(attributes, ATTR_FEATURE_FLAG_VARIANT, this.tally) ??
      readString(attributes, ATTR_FEATURE_FLAG_VARIANT_DEPRECATED, this.tally)
    if (variant === undefined) {
      counters.withoutArm += 1
      return undefined
    }
    const armIndex = this.armIndex.get(variant)
    if (armIndex === undefined)
      counters.unknownArms.set(variant, (counters.unknownArms.get(variant) ?? 0) + 1)
    return armIndex
  }

  private addTrafficSpan(
    span: SpanRecord,
    role: SpanRole,
    unit: UnitEntry,
    armIndex: number,
    agent: string,
  ): void {
    const { pool } = this.table
    const { attributes } = span
    this.markAnalysed(span)
    switch (role) {
      case 'llm': {
        this.counters.llmSpans += 1
        const cell = this.table.cellFor(unit, agent)
        const call = readCall(span, this.context)
        addCallToCell(pool, cell, call)
        const citations = readStringList(attributes, ATTR_CITATIONS, this.tally)
        const inputHash = readString(attributes, ATTR_INPUT_HASH, this.tally)
        if (citations !== undefined && inputHash !== undefined) {
          this.citationPairing.offer(inputHash, { arm: armIndex, unit, agent, citations })
        }
        const pairId = readString(attributes, ATTR_PAIR_ID, this.tally)
        if (pairId !== undefined) this.shadowPairing.offerPrimary(pairId, { unit, agent, call, citations })
        return
      }
      case 'workflow':
        addRunToCell(pool, this.table.cellFor(unit, ''), {
          durationMs: span.durationMs,
          failed: span.status.code === 2,
          costUsd: this.readRunCost(attributes),
        })
        break
      case 'agent':
        addInvocationToCell(pool, this.table.cellFor(unit, agent), span.durationMs, span.status.code === 2)
        break
      case 'evaluation': {
        const totals = readEvaluationSpan(span, readNameTarget(span.name), this.context)
        if (totals !== undefined) addEvaluationsToCell(pool, this.table.cellFor(unit, agent), totals)
        break
      }
      case 'retrieval':
      case 'tool':
      case 'other':
        break
    }
    const events = span.events.length > 0 ? readEvaluationEvents(span, this.context) : undefined
    if (events !== undefined) addEvaluationsToCell(pool, this.table.cellFor(unit, agent), events)
  }

  /** `llm_canary.run.cost_usd`, set aside (and counted) above `maxCostUsd`. */
  private readRunCost(attributes: SpanRecord['attributes']): number | undefined {
    const costUsd = readNonNegative(attributes, ATTR_RUN_COST_USD, this.tally)
    if (costUsd === undefined || costUsd <= PLAUSIBILITY_LIMITS.maxCostUsd) return costUsd
    this.implausible.add('cost')
    return undefined
  }

  private addShadowCall(span: SpanRecord, unit: UnitEntry, armIndex: number, agent: string): void {
    const { attributes } = span
    const arm = this.resolveShadowArm(readString(attributes, ATTR_SERVED_ARM, this.tally), armIndex)
    if (arm === undefined) {
      this.counters.shadowUnresolved += 1
      return
    }
    const pairId = readString(attributes, ATTR_PAIR_ID, this.tally)
    if (pairId === undefined) {
      this.counters.shadowWithoutPair += 1
      return
    }
    this.markAnalysed(span)
    this.counters.llmSpans += 1
    const call = readCall(span, this.context)
    const citations = readStringList(attributes, ATTR_CITATIONS, this.tally)
    this.shadowPairing.offerShadow(pairId, arm, { unit, agent, call, citations })
  }

  /** The candidate a shadow call served: `llm_canary.served_arm`, else a candidate variant, else the only shadowing candidate. */
  private resolveShadowArm(servedArm: string | undefined, variantArm: number): number | undefined {
    const served = servedArm === undefined ? undefined : this.armIndex.get(servedArm)
    if (served !== undefined && served !== this.controlArm) return served
    if (variantArm !== this.controlArm) return variantArm
    return this.shadowArms.length === 1 ? this.shadowArms[0] : undefined
  }

  private recordPair(arm: number, primary: PairHalf, shadow: PairHalf): void {
    const { pool } = this.table
    const cells = this.table.shadowCellsFor(shadow.unit, arm, shadow.agent)
    addCallToCell(pool, cells.candidate, shadow.call)
    addCallToCell(pool, cells.pairedControl, primary.call)
    if (primary.citations !== undefined && shadow.citations !== undefined) {
      addCitationToCell(pool, cells.candidate, scoreCitations(primary.citations, shadow.citations))
    }
  }

  private markAnalysed(span: SpanRecord): void {
    this.counters.spansAnalysed += 1
    const startMs = span.startTimeUnixMs
    if (!(startMs >= this.firstSpanMs)) this.firstSpanMs = startMs
    if (!(startMs <= this.lastSpanMs)) this.lastSpanMs = startMs
  }
}
