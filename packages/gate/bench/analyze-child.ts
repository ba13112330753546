/**
 * Child process of the benchmark: analyses one trace file through the file source and prints one JSON
 * line with the wall time, CPU time and this process's peak RSS, so the memory figure is the analysis's
 * own. Usage: node bench-bundle/analyze-child.mjs FILE
 */
import { argv, resourceUsage, stdout } from 'node:process'
import { analyzeSpans } from '../src/analysis/analyze.ts'
import { openTraceSource } from '../src/sources/open-source.ts'
import { BENCH_EXPERIMENT, BENCH_START_MS } from './bench-experiment.ts'

const file = argv[2]
if (file === undefined) throw new Error('usage: analyze-child.ts FILE')
const warnings: string[] = []
const startedMs = performance.now()
const report = await analyzeSpans({
  experiment: BENCH_EXPERIMENT,
  source: openTraceSource(`file:${file}`, { onWarning: (message) => warnings.push(message) }),
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
    sessions: report.extraction.sessions,
    sessionsPerArm: Object.fromEntries(report.arms.map((arm) => [arm.arm, arm.sessions])),
    status: report.verdict.status,
    reasons: report.verdict.reasons,
    latencyP95Ms: Object.fromEntries(report.arms.map((arm) => [arm.arm, arm.latencyMs?.p95])),
    warnings: [...warnings, ...report.extraction.warnings],
  })}\n`,
)
