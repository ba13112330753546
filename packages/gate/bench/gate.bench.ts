import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { env } from 'node:process'
import type { BenchReport } from '@llm-canary/bench-kit'
import { DEFAULT_MAX_HEAP_MB } from '../bin/heap.js'
import { BENCH_EXPERIMENT } from './bench-experiment.ts'
import type { RunRow } from './bench-report.ts'
import { BENCH_TRACE_OPTIONS } from './bench-sessions.ts'
import { bundleChildren } from './bundle-children.ts'
import type { ChildTimes } from './child-runs.ts'
import { CLI_FLAGS, runChild, toRunRow } from './child-runs.ts'
import { writeTraceFile } from './write-trace-file.ts'

/** LLM spans in the file; `LLM_CANARY_BENCH_LLM_SPANS` overrides it for a quick run. */
const LLM_SPANS = Number(env.LLM_CANARY_BENCH_LLM_SPANS ?? 1_000_000)
/** Spans per line: one BatchSpanProcessor export (its default maxExportBatchSize). */
const SPANS_PER_LINE = 512
const TARGET_SPANS_PER_SECOND = 50_000
const TARGET_RSS_MB = 300

interface ChildResult extends ChildTimes {
  readonly spansRead?: number
  readonly sessionsPerArm?: Readonly<Record<string, number>>
  readonly latencyP95Ms?: Readonly<Record<string, number>>
  readonly status?: string
  readonly reasons?: readonly string[]
  readonly warnings?: readonly string[]
  readonly rows?: readonly { arm: string; sessions: string; p95: number }[]
}

/**
 * The gate's 1M-span benchmark: a seeded OTLP/JSON-lines file of 1,000,000 LLM spans (plus their
 * workflow and evaluation spans), analysed through the file source in a child process (so its peak RSS
 * is its own), with the same aggregation in DuckDB for comparison.
 *
 * @returns The report for the `gate` section of docs/benchmarks.md.
 */
export async function runBench(): Promise<BenchReport<RunRow>> {
  const folder = await mkdtemp(join(tmpdir(), 'llm-canary-gate-bench-'))
  try {
    const loadBefore = loadavg()[0] ?? 0
    const generatedAt = performance.now()
    const file = await writeTraceFile(join(folder, 'traces.jsonl'), BENCH_TRACE_OPTIONS, {
      llmSpans: LLM_SPANS,
      spansPerLine: SPANS_PER_LINE,
    })
    const generateSeconds = (performance.now() - generatedAt) / 1000
    const children = await bundleChildren()
    const read = await runChild<ChildResult>(children.read, [file.path])
    const analyzed = await runChild<ChildResult>(children.analyze, [file.path], CLI_FLAGS)
    const defaults = await runChild<ChildResult>(children.analyze, [file.path])
    const duckdb = await runChild<ChildResult>(children.duckdb, [file.path, BENCH_EXPERIMENT.id])
    const rows = [
      toRunRow("read only: openTraceSource('file:…')", read, file.spans, 'JSON.parse + decode, no analysis'),
      toRunRow(
        `analyzeSpans (${CLI_FLAGS.join(' ')})`,
        analyzed,
        file.spans,
        'as the llm-canary CLI runs it',
      ),
      toRunRow('analyzeSpans (Node default flags)', defaults, file.spans, 'for comparison'),
      toRunRow(
        'DuckDB read_json + unnest + quantile_cont',
        duckdb,
        file.spans,
        'same aggregation, 2 threads',
      ),
    ]
    return {
      slug: 'gate',
      title: 'Gate analysis of 1M LLM spans',
      description: describeRun({ file, generateSeconds, loadBefore, loadAfter: loadavg()[0] ?? 0 }),
      rows,
      conclusions: concludeRun({ spans: file.spans, analyzed, defaults, duckdb }),
    }
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

function describeRun(input: {
  readonly file: Awaited<ReturnType<typeof writeTraceFile>>
  readonly generateSeconds: number
  readonly loadBefore: number
  readonly loadAfter: number
}): string[] {
  const { file } = input
  return [
    `The file: ${file.llmSpans.toLocaleString('en-US')} LLM spans and ${(file.spans - file.llmSpans).toLocaleString('en-US')} workflow and evaluation spans (${file.spans.toLocaleString('en-US')} in all) of ${file.sessions.toLocaleString('en-US')} sessions, ${(file.bytes / 1e9).toFixed(2)} GB of OTLP/JSON lines, ${SPANS_PER_LINE} spans per line, written in ${input.generateSeconds.toFixed(0)} s by bench/write-trace-file.ts (seed 20260501; 80/20 split with a 5% shadow; 8 calls per session in 2 agents; 90% of calls carry gen_ai.usage.cost.amount, the rest are priced from tokens; citations on 500 inputs per agent).`,
    "Each row is one child process started by bench/gate.bench.ts, bundled with tsdown as the CLI ships (plain node, no TypeScript loader); wall and CPU time and peak RSS (process.resourceUsage().maxRSS) are that process's own. Spans/s is spans in the file per wall second.",
    'analyzeSpans runs the whole analysis: extraction of every span, per-arm and per-agent statistics, the verdict and the 12-look interval history. The DuckDB query computes only per-session latency (mean run duration) and the error rate, then quantile_cont P50/P95/P99 per arm: the latency part of the same aggregation.',
    `The machine is shared: 1-minute load average ${input.loadBefore.toFixed(1)} before and ${input.loadAfter.toFixed(1)} after the runs on ${cpus().length} cores, so wall times carry noise; CPU times are steadier.`,
  ]
}

function concludeRun(input: {
  readonly spans: number
  readonly analyzed: ChildResult
  readonly defaults: ChildResult
  readonly duckdb: ChildResult
}): string[] {
  const { spans, analyzed, defaults, duckdb } = input
  const throughput = spans / analyzed.seconds
  const cpuThroughput = spans / analyzed.cpuSeconds
  const rssMb = analyzed.maxRssKb / 1024
  const defaultRssMb = defaults.maxRssKb / 1024
  const ratio = analyzed.seconds / duckdb.seconds
  const verdict = (met: boolean): string => (met ? 'met' : 'missed')
  const agreement = (duckdb.rows ?? []).map((row) => {
    const ours = analyzed.latencyP95Ms?.[row.arm] ?? Number.NaN
    const sessions = analyzed.sessionsPerArm?.[row.arm]
    return `${row.arm}: ${sessions} vs ${row.sessions} sessions, P95 ${ours.toFixed(0)} ms vs ${row.p95.toFixed(0)} ms (${(((ours - row.p95) / row.p95) * 100).toFixed(2)}%)`
  })
  return [
    `Throughput: ${Math.round(throughput).toLocaleString('en-US')} spans/s wall (${Math.round(cpuThroughput).toLocaleString('en-US')} per CPU second), target ≥ ${TARGET_SPANS_PER_SECOND.toLocaleString('en-US')}: ${verdict(throughput >= TARGET_SPANS_PER_SECOND)}.`,
    `Peak RSS as the CLI runs it (${CLI_FLAGS.join(' ')}): ${rssMb.toFixed(0)} MB, target < ${TARGET_RSS_MB} MB: ${verdict(rssMb < TARGET_RSS_MB)}${rssMb < TARGET_RSS_MB ? '' : ` by ${(rssMb - TARGET_RSS_MB).toFixed(0)} MB`}. With Node's default flags: ${defaultRssMb.toFixed(0)} MB in ${defaults.seconds.toFixed(1)} s (${defaults.cpuSeconds.toFixed(1)} CPU s).`,
    `Against DuckDB: ${analyzed.seconds.toFixed(1)} s vs ${duckdb.seconds.toFixed(1)} s (${ratio.toFixed(2)}×; DuckDB used ${(duckdb.maxRssKb / 1024 / 1024).toFixed(1)} GB), target within 2×: ${verdict(ratio <= 2)}.`,
    `Same answer: ${agreement.join('; ')}. Our P95 is the DDSketch type-1 order statistic (±1%); DuckDB's quantile_cont interpolates (type 7).`,
    `Verdict on the synthetic data (no regression): ${analyzed.status} (${(analyzed.reasons ?? []).join(' ')}); warnings: ${analyzed.warnings?.length === 0 ? 'none' : (analyzed.warnings ?? []).join(' | ')}.`,
    `Why the launcher sets a heap limit: V8 paces full collections by the heap limit, and with Node's default (a quarter of the machine's memory, up to a few GB) the file source's parsed lines are promoted and pile up between collections; the analysis itself keeps about 0.6 KB per session, so ${DEFAULT_MAX_HEAP_MB} MB holds experiments of over a million sessions (raise it with LLM_CANARY_MAX_HEAP_MB). A streaming OTLP decoder would remove most of that garbage whatever the limit.`,
    ...explainMisses({ throughput, rssMb, ratio }),
  ]
}

/** Why a missed target was missed and what would fix it (the reasons measured while building the gate). */
function explainMisses(input: {
  readonly throughput: number
  readonly rssMb: number
  readonly ratio: number
}): string[] {
  const notes: string[] = []
  if (input.rssMb >= TARGET_RSS_MB) {
    notes.push(
      'Why the RSS target is missed: reading alone peaks at the "read only" row; a lower LLM_CANARY_MAX_HEAP_MB trades CPU for memory, and a streaming OTLP decoder in the file source (no JSON tree per 512-span line) would cut the garbage itself.',
    )
  }
  if (input.throughput < TARGET_SPANS_PER_SECOND) {
    notes.push(
      'Why throughput is missed: the "read only" row is the file source alone (JSON.parse and decoding); the analysis adds its extraction on top. On a shared machine compare the CPU seconds, which are steadier than wall time.',
    )
  }
  if (input.ratio > 2) {
    notes.push('DuckDB is more than 2× faster here: see the CPU columns to tell contention from cost.')
  }
  return notes
}
