import type { Experiment, Verdict } from '@llm-canary/core'
import type { AnalysisReport, TraceSource } from '../types.ts'
import type { ExtractionLimits } from './extraction-types.ts'

/** What `analyzeSpans` reports while it reads (the CLI draws the progress bar from it). */
export interface AnalysisProgress {
  /** `reading` spans from the source, then `deciding` (folding units, running the verdict). */
  readonly phase: 'reading' | 'deciding'
  readonly spansRead: number
  /** LLM spans of the experiment kept so far. */
  readonly llmSpans: number
  /** Units seen so far (sessions, users or threads per `experiment.unit`). */
  readonly units: number
}

/** Options of `analyzeSpans`. */
export interface AnalyzeSpansOptions {
  /** The validated experiment (`loadExperiment` / `readExperimentFile`). */
  readonly experiment: Experiment
  /** Where to read spans. */
  readonly source: TraceSource
  /** Start of the data window (inclusive): the change that gave the candidate its configuration. */
  readonly since: Date
  /** End of the window (exclusive); `now()` when absent. */
  readonly until?: Date
  /** The clock (tests pass a fixed one); default `new Date()`. */
  readonly now?: () => Date
  /** Called after each batch of spans, then once before deciding. */
  readonly onProgress?: (progress: AnalysisProgress) => void
  /** Looks of the interval history (default 12); more costs one verdict per look. */
  readonly historyPoints?: number
  /** Planned units per arm (from `planExperiment`), passed to `decideVerdict`. */
  readonly plannedUnitsPerArm?: number
  /** Caps of the extraction's bookkeeping (open shadow pairs, input hashes, duplicate filter). */
  readonly limits?: ExtractionLimits
  /** Restrict the backend search to one service (`service.name`); Jaeger needs one to search. */
  readonly serviceName?: string
  /** Aborts the source's reads. */
  readonly signal?: AbortSignal
}

/**
 * The verdict run on one agent's observations with the same experiment and guardrails: which node
 * regressed. Exploratory: each agent is its own family (no correction across agents), and the SRM check
 * means nothing per agent (agents do not run in every session), so only `guardrails` should be read.
 */
export interface AgentVerdict {
  readonly agent: string
  readonly verdict: Verdict
}

/** Mean user feedback of an arm (or arm × agent); not a guardrail metric. */
export interface FeedbackFigure {
  readonly arm: string
  /** Absent for the whole arm. */
  readonly agent?: string
  /** Mean `feedback` evaluation score. */
  readonly mean: number
  /** Scores behind it. */
  readonly count: number
}

/** `analyzeSpansInDetail`'s result: the report, plus what its schema has no field for yet. */
export interface DetailedAnalysis {
  readonly report: AnalysisReport
  /** Per-agent verdicts, agents sorted by name. */
  readonly agentVerdicts: readonly AgentVerdict[]
  /** Mean feedback per arm and per arm × agent. */
  readonly feedback: readonly FeedbackFigure[]
}
