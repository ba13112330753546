/**
 * Child process of the benchmarks: analyses one source and prints one JSON line with the wall time, CPU
 * time and this process's peak RSS, so the memory figure is the analysis's own.
 * Usage: node bench-bundle/analyze-child.mjs FILE | clickhouse:URL
 */
import { argv, resourceUsage, stdout } from 'node:process'
import { analyzeSpans } from '../src/analysis/analyze.ts'
import { openTraceSource } from '../src/sources/open-source.ts'
import type { TraceSource } from '../src/types.ts'
import { BENCH_EXPERIMENT, BENCH_START_MS } from './bench-experiment.ts'

const target = argv[2]
if (target === undefined) throw new Error('usage: analyze-child.ts FILE | clickhouse:URL')
const warnings: string[] = []
const onWarning = (message: string): void => {
  warnings.push(message)
}
function openSource(spec: string): TraceSource {
  return openTraceSource(spec.startsWith('clickhouse:') ? spec : `file:${spec}`, { onWarning })
}
const startedMs = performance.now()
const report = await analyzeSpans({
  experiment: BENCH_EXPERIMENT,
  source: openSource(target),
  since: new Date(BENCH_START_MS),
  until: new Date(BENCH_START_MS + 365 * 86_400_000),
})
const seconds = (performance.now() - startedMs) / 1000
const usage = resourceUsage()
stdout.write(
  `${JSON.stringify({
    seconds,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    maxRssKb: usage.maxRSS,
    spansRead: report.extraction.spansRead,
    llmSpans: report.extraction.llmSpans,
    sessions: report.extraction.units,
    sessionsPerArm: Object.fromEntries(report.arms.map((arm) => [arm.arm, arm.units])),
    status: report.verdict.status,
    reasons: report.verdict.reasons,
    latencyP95Ms: Object.fromEntries(report.arms.map((arm) => [arm.arm, arm.latencyMs?.p95])),
    guardrails: report.verdict.guardrails.map((guardrail) => ({
      metric: guardrail.metric,
      arm: guardrail.arm,
      status: guardrail.status,
      estimate: guardrail.estimate,
    })),
    warnings: [...warnings, ...report.extraction.warnings],
  })}\n`,
)
