import type { Experiment } from '@llm-canary/core'
import type { AnalysisReport } from '@llm-canary/gate'
import { analyzeSpans, openTraceSource } from '@llm-canary/gate'

const DAY_MS = 86_400_000

/**
 * Runs the gate's analysis over the trace file exactly as `llm-canary analyze --source file:<path>`
 * does with its defaults: the window is the experiment's `horizon_days` up to now.
 *
 * @param options - The experiment, the trace file, and the clock.
 * @returns The analysis report (verdict, per-arm and per-agent figures).
 * @throws GateError When the file cannot be read.
 * @example
 * const report = await analyzeTraceFile({ experiment, tracesPath: '/repo/.llm-canary/traces.jsonl' })
 * report.verdict.status // 'fail'
 */
export async function analyzeTraceFile(options: {
  readonly experiment: Experiment
  readonly tracesPath: string
  readonly now?: Date
}): Promise<AnalysisReport> {
  const { experiment, tracesPath } = options
  const until = options.now ?? new Date()
  return analyzeSpans({
    experiment,
    source: openTraceSource(`file:${tracesPath}`),
    since: new Date(until.getTime() - experiment.analysis.horizonDays * DAY_MS),
    until,
  })
}
