/**
 * The benchmark's ClickHouse, in a process of its own so the gate's peak RSS is the gate's: chDB (from
 * test/engines) with the Collector exporter's `otel_traces` table, served on 127.0.0.1 over the HTTP
 * interface. Loads a trace file (`--file PATH`), copies its sessions inside ClickHouse (`--copies N`: N
 * times the spans), then prints one JSON line (port, spans, load time, the table's uncompressed and
 * compressed bytes, and the copies' shift: span-copies.ts). On stdin, `stats` is answered with the endpoint's counters, `copies N` copies the
 * table's spans again and answers like the first line; closing stdin stops it. Runs under tsx: `tsx --conditions=@llm-canary/source bench/clickhouse-engine-child.ts ...`.
 */
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { startChdbEngine } from '../scripts/clickhouse/chdb-engine.ts'
import { startClickHouseHttpServer } from '../scripts/clickhouse/clickhouse-http-server.ts'
import { loadTraceFiles } from '../scripts/clickhouse/load-spans.ts'
import { replicateSql } from './span-copies.ts'

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    copies: { type: 'string', default: '1' },
  },
})
const text = async (sql: string): Promise<string> =>
  Buffer.from((await engine.query(sql)).body)
    .toString('utf8')
    .trim()
const target = { database: 'otel', table: 'otel_traces', distributed: false }
const engine = await startChdbEngine()
const startedMs = performance.now()
if (values.file === undefined)
  throw new Error('usage: clickhouse-engine-child.ts --file TRACES.jsonl [--copies N]')
await loadTraceFiles(engine, target, [values.file], (message) => process.stderr.write(`${message}\n`))
/** Copies the table's spans to `copies` times as many, and says what it holds now. */
async function describeTable(copies: number, sinceMs: number): Promise<Record<string, number>> {
  let shiftSeconds = 0
  if (copies > 1) {
    const span = Number(
      await text(`SELECT dateDiff('second', min(Timestamp), max(Timestamp)) FROM otel.otel_traces`),
    )
    shiftSeconds = span + 86_400
    await engine.query(replicateSql(copies, shiftSeconds))
  }
  const loadSeconds = (performance.now() - sinceMs) / 1000
  const spans = Number(await text(`SELECT count() FROM ${target.database}.${target.table}`))
  const [tableBytes, compressedBytes] = (
    await text(
      `SELECT sum(data_uncompressed_bytes), sum(data_compressed_bytes) FROM system.parts WHERE database = '${target.database}' AND table = '${target.table}' AND active`,
    )
  )
    .split('\t')
    .map(Number)
  return {
    spans,
    loadSeconds,
    shiftSeconds,
    tableBytes: tableBytes ?? 0,
    compressedBytes: compressedBytes ?? 0,
  }
}
const loaded = await describeTable(Number(values.copies), startedMs)
const server = await startClickHouseHttpServer({ engine })
process.stdout.write(`${JSON.stringify({ port: server.port, version: engine.version, ...loaded })}\n`)
const lines = createInterface({ input: process.stdin })
// One command at a time: `stats`, or `copies N` (the table's spans to N times as many; answered like the first line).
let pending = Promise.resolve()
lines.on('line', (line) => {
  const [command, argument] = line.trim().split(/\s+/)
  pending = pending.then(async () => {
    if (command === 'stats') process.stdout.write(`${JSON.stringify(server.stats())}\n`)
    if (command === 'copies') {
      const described = await describeTable(Number(argument), performance.now())
      process.stdout.write(
        `${JSON.stringify({ port: server.port, version: engine.version, ...described })}\n`,
      )
    }
  })
})
lines.on('close', () => {
  void pending
    .then(() => server.close())
    .then(() => {
      engine.close()
      process.exit(0)
    })
})
