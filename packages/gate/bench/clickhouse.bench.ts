import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { env, execPath } from 'node:process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { BenchReport } from '@llm-canary/bench-kit'
import type { RunRow } from './bench-report.ts'
import { BENCH_TRACE_OPTIONS } from './bench-sessions.ts'
import { bundleChildren } from './bundle-children.ts'
import type { ChildTimes } from './child-runs.ts'
import { CLI_FLAGS, runChild, toRunRow } from './child-runs.ts'
import { copySpan } from './span-copies.ts'
import { writeTraceFile } from './write-trace-file.ts'

/** LLM spans of the side-by-side run (`LLM_CANARY_BENCH_CH_SPANS` overrides it for a quick run). */
const SIDE_BY_SIDE_LLM_SPANS = Number(env.LLM_CANARY_BENCH_CH_SPANS ?? 1_000_000)
/** The side-by-side spans are copied this many times for the ClickHouse-alone run (`LLM_CANARY_BENCH_CH_COPIES`; 1 skips it). */
const COPIES = Number(env.LLM_CANARY_BENCH_CH_COPIES ?? 10)
const TARGET_RSS_MB = 200
const TARGET_TRANSFER_SHARE = 0.01

/** What a child of analyze-child.ts printed. */
interface AnalyzeResult extends ChildTimes {
  readonly spansRead: number
  readonly llmSpans: number
  readonly sessions: number
  readonly sessionsPerArm: Readonly<Record<string, number>>
  readonly status: string
  readonly reasons: readonly string[]
  readonly guardrails: readonly { metric: string; arm: string; status: string; estimate?: number }[]
}

/** The engine process's first line. */
interface EngineReady {
  readonly port: number
  readonly spans: number
  readonly loadSeconds: number
  /** How much later each copy is than the one before (0 before any copy). */
  readonly shiftSeconds: number
  readonly tableBytes: number
  readonly compressedBytes: number
  readonly version: string
}

/** The endpoint's counters. */
interface EngineStats {
  readonly queries: number
  readonly responseBytes: number
  readonly requestBytes: number
}

/** A running engine process, answering `stats`. */
interface Engine {
  readonly ready: EngineReady
  stats(): Promise<EngineStats>
  /** Copies the table's spans to `copies` times as many (inside ClickHouse). */
  copy(copies: number): Promise<EngineReady>
  stop(): Promise<void>
}

function analyze(
  script: string,
  target: string,
  flags: readonly string[] = CLI_FLAGS,
): Promise<AnalyzeResult> {
  return runChild<AnalyzeResult>(script, [target], flags)
}

/**
 * The file source on the copies holds ten times the sessions; its heap is raised past the CLI's default
 * (LLM_CANARY_MAX_HEAP_MB does the same for the CLI). Its memory is not a target: it is the reference.
 */
const LARGE_FILE_FLAGS: readonly string[] = ['--max-old-space-size=4096']

/** Writes copies 1 to `copies - 1` of the generated spans as trace files beside the first (span-copies.ts). */
async function writeCopies(
  folder: string,
  llmSpans: number,
  copies: number,
  shiftSeconds: number,
): Promise<number> {
  let bytes = 0
  for (let k = 1; k < copies; k += 1) {
    const written = await writeTraceFile(copyPath(folder, k), BENCH_TRACE_OPTIONS, {
      llmSpans,
      spansPerLine: 512,
      rewrite: (span) => copySpan(span, k, shiftSeconds),
    })
    bytes += written.bytes
  }
  return bytes
}

const copyPath = (folder: string, k: number): string =>
  join(folder, `traces-${String(k).padStart(3, '0')}.jsonl`)

/** Starts the engine process (chDB under tsx), loads the spans and waits for its port. */
async function startEngine(args: readonly string[]): Promise<Engine> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli')
  const script = fileURLToPath(new URL('clickhouse-engine-child.ts', import.meta.url))
  const child = spawn(execPath, [tsx, '--conditions=@llm-canary/source', script, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const next = async <T>(): Promise<T> => {
    const line = await lines.next()
    if (line.done === true) throw new Error(`the ClickHouse engine process ended (exit ${child.exitCode})`)
    return JSON.parse(line.value) as T
  }
  const ready = await next<EngineReady>()
  return {
    ready,
    stats: async () => {
      child.stdin.write('stats\n')
      return next<EngineStats>()
    },
    copy: async (copies) => {
      child.stdin.write(`copies ${copies}\n`)
      return next<EngineReady>()
    },
    stop: async () => {
      child.stdin.end()
      if (child.exitCode === null) await once(child, 'exit')
    },
  }
}

/** Runs the gate against the engine, with the bytes the endpoint sent and received during the run. */
async function analyzeThrough(
  engine: Engine,
  script: string,
): Promise<AnalyzeResult & { readonly transferBytes: number }> {
  const before = await engine.stats()
  const result = await analyze(
    script,
    `clickhouse:http://127.0.0.1:${engine.ready.port}/otel?table=otel_traces`,
  )
  const after = await engine.stats()
  const transferBytes = after.responseBytes - before.responseBytes + after.requestBytes - before.requestBytes
  return { ...result, transferBytes }
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 0)} MB`
const count = (value: number): string => value.toLocaleString('en-US')

/** The same LLM spans analysed, verdict, sessions per arm and guardrail statuses; estimates within 1e-9 relative. */
function sameAnswer(a: AnalyzeResult, b: AnalyzeResult): boolean {
  const close = (x?: number, y?: number): boolean =>
    x === y || (x !== undefined && y !== undefined && Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)))
  return (
    a.llmSpans === b.llmSpans &&
    a.status === b.status &&
    JSON.stringify(a.sessionsPerArm) === JSON.stringify(b.sessionsPerArm) &&
    a.guardrails.length === b.guardrails.length &&
    a.guardrails.every((g, index) => {
      const h = b.guardrails[index]
      return (
        h !== undefined && g.metric === h.metric && g.status === h.status && close(g.estimate, h.estimate)
      )
    })
  )
}

/**
 * The ClickHouse source's benchmark: the same generated spans through the file source and through
 * `clickhouse:` side by side, then those spans copied ten times inside ClickHouse (as many more sessions)
 * through ClickHouse alone.
 * The engine (chDB) runs in a process of its own; the gate's peak RSS is its child's own.
 *
 * @returns The report for the `clickhouse` section of docs/benchmarks.md.
 */
export async function runBench(): Promise<BenchReport<RunRow>> {
  const folder = await mkdtemp(join(tmpdir(), 'llm-canary-clickhouse-bench-'))
  const loadBefore = loadavg()[0] ?? 0
  let small: Engine | undefined
  try {
    const children = await bundleChildren()
    const spansFolder = join(folder, 'spans')
    await mkdir(spansFolder)
    const file = await writeTraceFile(copyPath(spansFolder, 0), BENCH_TRACE_OPTIONS, {
      llmSpans: SIDE_BY_SIDE_LLM_SPANS,
      spansPerLine: 512,
    })
    small = await startEngine(['--file', file.path])
    const viaFile = await analyze(children.analyze, file.path)
    const viaClickHouse = await analyzeThrough(small, children.analyze)
    const rows = [
      toRunRow(
        `file: ${count(file.spans)} spans`,
        viaFile,
        file.spans,
        `${mb(file.bytes)} of OTLP/JSON read`,
      ),
      toRunRow(
        `clickhouse: ${count(small.ready.spans)} spans`,
        viaClickHouse,
        small.ready.spans,
        `${mb(viaClickHouse.transferBytes)} transferred (table: ${mb(small.ready.tableBytes)} uncompressed)`,
      ),
    ]
    const conclusions = [
      `Side by side on ${count(file.spans)} spans: ${sameAnswer(viaFile, viaClickHouse) ? 'the same' : 'NOT the same'} verdict (${viaFile.status} / ${viaClickHouse.status}), sessions per arm (${JSON.stringify(viaFile.sessionsPerArm)} / ${JSON.stringify(viaClickHouse.sessionsPerArm)}) and guardrail statuses and estimates.`,
      `Loading the file into ClickHouse took ${small.ready.loadSeconds.toFixed(0)} s (the loader decodes OTLP in Node and inserts JSON rows; not part of the gate's time).`,
    ]
    let largeNote: string[] = []
    if (COPIES > 1) {
      const large = { ready: await small.copy(COPIES) }
      const alone = await analyzeThrough(small, children.analyze)
      await small.stop()
      // The same copies as trace files, for the file source's verdict on the same spans.
      const copiesBytes = await writeCopies(
        spansFolder,
        SIDE_BY_SIDE_LLM_SPANS,
        COPIES,
        large.ready.shiftSeconds,
      )
      const viaFiles = await analyze(children.analyze, spansFolder, LARGE_FILE_FLAGS)
      await rm(spansFolder, { recursive: true, force: true })
      const rssMb = alone.maxRssKb / 1024
      const share = alone.transferBytes / large.ready.tableBytes
      rows.push(
        toRunRow(
          `clickhouse: ${count(large.ready.spans)} spans`,
          alone,
          large.ready.spans,
          `${mb(alone.transferBytes)} transferred (table: ${mb(large.ready.tableBytes)} uncompressed)`,
        ),
        toRunRow(
          `file: ${count(viaFiles.spansRead)} spans`,
          viaFiles,
          viaFiles.spansRead,
          `${mb(file.bytes + copiesBytes)} of OTLP/JSON read (${LARGE_FILE_FLAGS.join(' ')})`,
        ),
      )
      const met = (ok: boolean): string => (ok ? 'met' : 'missed')
      conclusions.push(
        `At ${count(large.ready.spans)} spans the gate's peak RSS is ${rssMb.toFixed(0)} MB, target < ${TARGET_RSS_MB} MB: ${met(rssMb < TARGET_RSS_MB)}; its wall time ${alone.seconds.toFixed(0)} s is ClickHouse's (the gate used ${alone.cpuSeconds.toFixed(1)} CPU s).`,
        `Its transfer is ${mb(alone.transferBytes)}, ${(share * 100).toFixed(4)}% of the span data (${mb(large.ready.tableBytes)} uncompressed in the table, ${mb(large.ready.compressedBytes)} compressed), target < ${TARGET_TRANSFER_SHARE * 100}%: ${met(share < TARGET_TRANSFER_SHARE)}.`,
        `Verdict at ${count(large.ready.spans)} spans: ${sameAnswer(viaFiles, alone) ? 'the same' : 'NOT the same'} through file: and clickhouse: (${viaFiles.status} / ${alone.status}), sessions per arm ${JSON.stringify(viaFiles.sessionsPerArm)} / ${JSON.stringify(alone.sessionsPerArm)}, and the same guardrail statuses and estimates${sameAnswer(viaFiles, alone) ? '' : ' — see the rows'}.`,
        `Copying the spans inside ClickHouse took ${large.ready.loadSeconds.toFixed(0)} s; writing the same copies as ${COPIES - 1} more trace files is not part of either gate's time.`,
      )
      largeNote = [
        `then those spans copied to ${COPIES} times as many (bench/span-copies.ts: each copy later by the data's time span plus a day, with its own trace, conversation and shadow pair ids; ${count(large.ready.spans)} spans, ${(large.ready.tableBytes / 1e9).toFixed(1)} GB uncompressed), inside ClickHouse and, the same copies, as trace files for the file source.`,
      ]
    }
    return {
      slug: 'clickhouse',
      title: `ClickHouse push-down: the gate beside the file source${COPIES > 1 ? `, then ${COPIES}× the spans` : ''}`,
      description: [
        `The spans: bench/write-trace-file.ts's generator (seed 20260501, the gate section's traffic): ${count(file.spans)} spans (${count(file.llmSpans)} LLM spans, ${count(file.sessions)} sessions, ${mb(file.bytes)} of OTLP/JSON lines) through file: and through clickhouse: side by side${largeNote.length > 0 ? `; ${largeNote.join(' ')}` : '.'}`,
        `ClickHouse is chDB ${small.ready.version} (test/engines, \`pnpm test:engines\` first) in a process of its own behind the loopback HTTP endpoint of packages/gate/scripts/clickhouse, the table the Collector exporter's otel_traces schema (MergeTree). The gate runs in a child process bundled as the CLI ships (${CLI_FLAGS.join(' ')}); wall and CPU time and peak RSS are that process's own, the engine's are not counted.`,
        "Transferred: bytes of HTTP bodies between the gate and the endpoint (requests, and responses as sent, gzip when the client asks, which @clickhouse/client does), counted by the endpoint. Span data: the table's uncompressed column bytes (system.parts).",
        `The machine is shared: 1-minute load average ${loadBefore.toFixed(1)} before and ${(loadavg()[0] ?? 0).toFixed(1)} after on ${cpus().length} cores; chDB and the gate share the same 2 cores, so wall times carry noise.`,
      ],
      rows,
      conclusions,
    }
  } finally {
    await small?.stop()
    await rm(folder, { recursive: true, force: true })
  }
}
