/**
 * Loads OTLP trace files into the OpenTelemetry Collector `clickhouseexporter`'s `otel_traces` schema in
 * an in-process ClickHouse (chDB, from test/engines: run `pnpm test:engines` once), serves it on
 * 127.0.0.1 over ClickHouse's HTTP interface, and prints the `--source` to analyse it with. Runs until
 * Ctrl-C.
 *
 * Usage: tsx scripts/clickhouse-load.ts TRACES.jsonl [MORE...] [--port N] [--user U] [--password P]
 *        [--database D] [--table T] [--distributed]
 */
import { argv, exit, stderr, stdout } from 'node:process'
import { parseArgs } from 'node:util'
import { GateError } from '../src/errors.ts'
import { startChdbEngine } from './clickhouse/chdb-engine.ts'
import { startClickHouseHttpServer } from './clickhouse/clickhouse-http-server.ts'
import { loadTraceFiles } from './clickhouse/load-spans.ts'

const { values, positionals } = parseArgs({
  args: argv.slice(2),
  allowPositionals: true,
  options: {
    port: { type: 'string', default: '8123' },
    user: { type: 'string', default: 'default' },
    password: { type: 'string', default: '' },
    database: { type: 'string', default: 'otel' },
    table: { type: 'string', default: 'otel_traces' },
    distributed: { type: 'boolean', default: false },
  },
})
if (positionals.length === 0) {
  stderr.write(
    'usage: tsx scripts/clickhouse-load.ts TRACES.jsonl [MORE...] [--port 8123] [--user default] [--password P] [--database otel] [--table otel_traces] [--distributed]\n',
  )
  exit(2)
}
const engine = await startChdbEngine()
const target = { database: values.database, table: values.table, distributed: values.distributed }
const startedMs = performance.now()
let spans: number
try {
  spans = await loadTraceFiles(engine, target, positionals, (message) => stderr.write(`warning ${message}\n`))
} catch (err) {
  // A file that cannot be read is the user's to fix: its message, not a stack trace.
  const cause = err instanceof GateError ? err : (err as { cause?: unknown }).cause
  if (!(cause instanceof GateError)) throw err
  stderr.write(`error ${cause.message}\n`)
  engine.close()
  exit(2)
}
const server = await startClickHouseHttpServer({
  engine,
  user: values.user,
  password: values.password,
  port: Number(values.port),
})
const userinfo =
  values.user === 'default' && values.password === '' ? '' : `${encodeURIComponent(values.user)}@`
stdout.write(
  `Loaded ${spans.toLocaleString('en-US')} spans into ${target.database}.${target.table}${target.distributed ? ' (Distributed)' : ''} ` +
    `in ${((performance.now() - startedMs) / 1000).toFixed(1)} s (ClickHouse ${engine.version}, chDB).\n` +
    `Analyse them with:\n  llm-canary analyze --experiment EXPERIMENT.yaml --source clickhouse:${server.url.replace('://', `://${userinfo}`)}/${target.database}?table=${target.table}\n` +
    (values.password === '' ? '' : 'with the password in LLM_CANARY_TRACE_TOKEN.\n') +
    'Serving until Ctrl-C.\n',
)
const stop = async (): Promise<void> => {
  await server.close()
  engine.close()
  exit(0)
}
process.once('SIGINT', () => void stop())
process.once('SIGTERM', () => void stop())
