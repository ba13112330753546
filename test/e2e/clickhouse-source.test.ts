import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChdbEngine } from '../../packages/gate/scripts/clickhouse/chdb-engine.ts'
import { startChdbEngine } from '../../packages/gate/scripts/clickhouse/chdb-engine.ts'
import type { ClickHouseHttpServer } from '../../packages/gate/scripts/clickhouse/clickhouse-http-server.ts'
import { startClickHouseHttpServer } from '../../packages/gate/scripts/clickhouse/clickhouse-http-server.ts'
import { loadTraceFiles } from '../../packages/gate/scripts/clickhouse/load-spans.ts'
import { repoRoot, runBuiltCliAsync } from '../helpers/cli.ts'
import { writeDemoTraces } from '../helpers/demo.ts'

// One real ClickHouse engine (chDB, from test/engines) per file, behind a loopback HTTP endpoint; the
// built CLI runs in its own process and reaches it over HTTP with the official @clickhouse/client.
const USER = 'reader'
const PASSWORD = 's3cret'
const demoExperiment = join(repoRoot, 'examples/demo/experiment.yaml')
const fixtureExperiment = join(repoRoot, 'test/fixtures/analyze-experiment.yaml')
const fixtures = join(repoRoot, 'packages/gate/test/fixtures')

/** Recorded backend answers and OTLP files (none carries an experiment). */
const RECORDED: readonly string[] = [
  'otlp/genai-agent-trace.json',
  'otlp/jaeger-memory-otel_traces_01.json',
  'otlp/opentelemetry-proto-examples-trace.json',
  'otlp/spec-file-exporter-traces.jsonl',
  'jaeger/apiv3-GetTrace-hotrod-40-spans.json',
  'tempo/trace-by-id-v1-batches.json',
]

interface JsonReport {
  verdict: { status: string; reasons: string[]; guardrails: unknown }
  extraction: {
    spansRead: number
    spansSkipped: number
    spansIgnored: number
    llmSpans: number
    units: number
    implausibleValues: number
    warnings: string[]
  }
  arms: { arm: string; units: number; runs: number; calls: number }[]
  agents: unknown
  history: unknown
}

let dir: string
let demoTraces: string
let engine: ChdbEngine
let server: ClickHouseHttpServer

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llm-canary-clickhouse-'))
  demoTraces = join(dir, 'traces.jsonl')
  // The demo's regression scenario, as in demo.test.ts: 600 sessions, a FAIL.
  writeDemoTraces(demoTraces)
  engine = await startChdbEngine()
  const fail = (message: string): never => {
    throw new Error(message)
  }
  // The demo's spans go through a Distributed table over a local MergeTree, as on a cluster.
  await loadTraceFiles(
    engine,
    { database: 'otel', table: 'otel_traces', distributed: true },
    [demoTraces],
    fail,
  )
  // The recorded backend answers, one folder for file: and one table for clickhouse:. Spans the gate
  // cannot decode (an empty trace id) are not loaded: the file source counts them skipped.
  mkdirSync(join(dir, 'recorded'))
  for (const file of RECORDED) copyFileSync(join(fixtures, file), join(dir, 'recorded', basename(file)))
  const recorded = RECORDED.map((file) => join(dir, 'recorded', basename(file)))
  await loadTraceFiles(
    engine,
    { database: 'recorded', table: 'otel_traces', distributed: false },
    recorded,
    () => {},
  )
  // A table without the StatusCode column the gate reads.
  await engine.query(
    'CREATE TABLE recorded.no_status (Timestamp DateTime64(9), TraceId String) ENGINE = Memory',
  )
  server = await startClickHouseHttpServer({ engine, user: USER, password: PASSWORD })
}, 120_000)

afterAll(async () => {
  await server?.close()
  engine?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function analyze(
  experiment: string,
  source: string,
  window: readonly string[] = [],
  env: Readonly<Record<string, string>> = {},
) {
  const run = await runBuiltCliAsync(
    [
      'analyze',
      '--experiment',
      experiment,
      '--source',
      source,
      '--format',
      'json',
      '--retries',
      '0',
      ...window,
    ],
    { env },
  )
  return { ...run, report: run.stdout === '' ? undefined : (JSON.parse(run.stdout) as JsonReport) }
}

const clickhouse = (database: string, table: string): string =>
  `clickhouse:${server.url.replace('://', `://${USER}@`)}/${database}?table=${table}`
const withPassword = { LLM_CANARY_TRACE_TOKEN: PASSWORD }

/** What both sources must agree on: the verdict, the counts per arm, what the extraction read and set aside. */
function agreement(report: JsonReport | undefined) {
  return {
    status: report?.verdict.status,
    reasons: report?.verdict.reasons,
    arms: report?.arms.map(({ arm, units, runs, calls }) => ({ arm, units, runs, calls })),
    extraction: report?.extraction,
  }
}

describe('llm-canary analyze --source clickhouse: against a real ClickHouse engine', () => {
  it("gives the demo's traces the same verdict, per-arm counts and guardrails as file:", async () => {
    const [viaFile, viaClickHouse] = await Promise.all([
      analyze(demoExperiment, `file:${demoTraces}`),
      analyze(demoExperiment, clickhouse('otel', 'otel_traces'), [], withPassword),
    ])
    expect(viaFile.status, viaFile.stderr).toBe(1)
    expect(viaClickHouse.status, viaClickHouse.stderr).toBe(1)
    expect(viaClickHouse.report?.verdict.status).toBe('fail')
    expect(viaClickHouse.report?.arms.map((arm) => arm.units)).toEqual([474, 126])
    expect(agreement(viaClickHouse.report)).toEqual(agreement(viaFile.report))
    // Same sketches and the same sufficient statistics: guardrails, per-arm and per-agent metrics and the
    // interval history agree to rounding.
    const rest = (report: JsonReport | undefined) =>
      JSON.parse(
        JSON.stringify({
          guardrails: report?.verdict.guardrails,
          arms: report?.arms,
          agents: report?.agents,
          history: report?.history,
        }),
        roundNumbers,
      )
    expect(rest(viaClickHouse.report)).toEqual(rest(viaFile.report))
  }, 120_000)

  it('applies the same horizon cut as file: (the units up to the planned units per arm)', async () => {
    const experiment = join(dir, 'small-horizon.yaml')
    writeFileSync(
      experiment,
      readFileSync(demoExperiment, 'utf8')
        .replace('min_units_per_arm: 100', 'min_units_per_arm: 30')
        .replace('max_units_per_arm: 1200', 'max_units_per_arm: 60'),
    )
    const [viaFile, viaClickHouse] = await Promise.all([
      analyze(experiment, `file:${demoTraces}`),
      analyze(experiment, clickhouse('otel', 'otel_traces'), [], withPassword),
    ])
    expect(viaFile.report?.extraction.warnings.some((w) => w.includes('reached its horizon'))).toBe(true)
    expect(Math.min(...(viaFile.report?.arms.map((arm) => arm.units) ?? []))).toBe(60)
    expect(agreement(viaClickHouse.report)).toEqual(agreement(viaFile.report))
  }, 120_000)

  it('gives the recorded backend answers the same verdict and per-arm counts as file:', async () => {
    const window = ['--since', '2000-01-01T00:00:00Z', '--until', '2030-01-01T00:00:00Z']
    const [viaFile, viaClickHouse] = await Promise.all([
      analyze(fixtureExperiment, `file:${join(dir, 'recorded')}`, window),
      analyze(fixtureExperiment, clickhouse('recorded', 'otel_traces'), window, withPassword),
    ])
    expect(viaFile.report?.extraction.spansRead, viaFile.stderr).toBeGreaterThan(40)
    expect(viaClickHouse.status, viaClickHouse.stderr).toBe(viaFile.status)
    // Spans without the experiment's key never leave ClickHouse: it reads none of these (the file source
    // reads them all and ignores them), so only what decides is compared.
    const decides = (report: JsonReport | undefined) => ({
      status: report?.verdict.status,
      reasons: report?.verdict.reasons,
      arms: report?.arms.map(({ arm, units, runs, calls }) => ({ arm, units, runs, calls })),
      units: report?.extraction.units,
      llmSpans: report?.extraction.llmSpans,
    })
    expect(viaClickHouse.report?.extraction.spansRead).toBe(0)
    expect(decides(viaClickHouse.report)).toEqual(decides(viaFile.report))
  }, 120_000)

  it('exits 2 on a wrong password, saying so without a stack trace', async () => {
    const run = await analyze(demoExperiment, clickhouse('otel', 'otel_traces'), [], {
      LLM_CANARY_TRACE_TOKEN: 'wrong',
    })
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/password/i)
    expect(run.stderr).not.toContain('wrong')
    expect(run.stderr).not.toMatch(/^\s+at /m)
  })

  it('exits 4 when no ClickHouse server answers', async () => {
    const port = await closedPort()
    const run = await analyze(demoExperiment, `clickhouse:http://127.0.0.1:${port}/otel?table=otel_traces`)
    expect(run.status, run.stderr).toBe(4)
    expect(run.stderr).toContain(`127.0.0.1:${port}`)
    expect(run.stderr).not.toMatch(/^\s+at /m)
  })

  it('exits 2 naming a missing table, and a missing column', async () => {
    const table = await analyze(demoExperiment, clickhouse('otel', 'otel_spans'), [], withPassword)
    expect(table.status, table.stderr).toBe(2)
    expect(table.stderr).toContain('otel_spans')
    const column = await analyze(demoExperiment, clickhouse('recorded', 'no_status'), [], withPassword)
    expect(column.status, column.stderr).toBe(2)
    expect(column.stderr).toMatch(/no columns? .*StatusCode/)
    expect(column.stderr).not.toMatch(/^\s+at /m)
  })
})

/** Rounds every number to 9 significant digits: sums taken in another order differ in the last bits. */
function roundNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && Number.isFinite(value) ? Number(value.toPrecision(9)) : value
}

/** A port on 127.0.0.1 that nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const address = probe.address()
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}
