/**
 * The benchmark's ClickHouse, in a process of its own so the gate's peak RSS is the gate's: chDB (from
 * test/engines) with the Collector exporter's `otel_traces` table, served on 127.0.0.1 over the HTTP
 * interface. Loads a trace file (`--file PATH`) or generates the benchmark's sessions straight into the
 * table (`--generate LLM_SPANS`, no file), then prints one JSON line (port, spans, load time, the table's
 * uncompressed bytes). Each `stats` line on stdin is answered with the endpoint's counters; closing stdin
 * stops it. Runs under tsx: `tsx --conditions=@llm-canary/source bench/clickhouse-engine-child.ts ...`.
 */
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { startChdbEngine } from '../scripts/clickhouse/chdb-engine.ts'
import { startClickHouseHttpServer } from '../scripts/clickhouse/clickhouse-http-server.ts'
import { loadSpans, loadTraceFiles } from '../scripts/clickhouse/load-spans.ts'
import { BENCH_TRACE_OPTIONS, sessionsUpTo } from './bench-sessions.ts'

const { values } = parseArgs({ options: { file: { type: 'string' }, generate: { type: 'string' } } })
const target = { database: 'otel', table: 'otel_traces', distributed: false }
const engine = await startChdbEngine()
const startedMs = performance.now()
const spans =
  values.file !== undefined
    ? await loadTraceFiles(engine, target, [values.file], (message) => process.stderr.write(`${message}\n`))
    : await loadSpans(engine, target, sessionsUpTo(BENCH_TRACE_OPTIONS, Number(values.generate)))
const loadSeconds = (performance.now() - startedMs) / 1000
await engine.query(`OPTIMIZE TABLE ${target.database}.${target.table} FINAL`)
const sized = await engine.query(
  `SELECT sum(data_uncompressed_bytes), sum(data_compressed_bytes) FROM system.parts WHERE database = '${target.database}' AND table = '${target.table}' AND active`,
)
const [uncompressed, compressed] = Buffer.from(sized.body).toString('utf8').trim().split('\t').map(Number)
const server = await startClickHouseHttpServer({ engine })
process.stdout.write(
  `${JSON.stringify({ port: server.port, spans, loadSeconds, tableBytes: uncompressed, compressedBytes: compressed, version: engine.version })}\n`,
)
const lines = createInterface({ input: process.stdin })
lines.on('line', (line) => {
  if (line.trim() === 'stats') process.stdout.write(`${JSON.stringify(server.stats())}\n`)
})
lines.on('close', () => {
  void server.close().then(() => {
    engine.close()
    process.exit(0)
  })
})
