import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChdbEngine } from '../../packages/gate/scripts/clickhouse/chdb-engine.ts'
import { startChdbEngine } from '../../packages/gate/scripts/clickhouse/chdb-engine.ts'
import type { ClickHouseHttpServer } from '../../packages/gate/scripts/clickhouse/clickhouse-http-server.ts'
import { startClickHouseHttpServer } from '../../packages/gate/scripts/clickhouse/clickhouse-http-server.ts'
import { jaegerV2TableStatements } from '../../packages/gate/scripts/clickhouse/jaeger-v2-table.ts'
import { loadTraceFiles } from '../../packages/gate/scripts/clickhouse/load-spans.ts'
import { signozTableStatements } from '../../packages/gate/scripts/clickhouse/signoz-table.ts'
import { repoRoot, runBuiltCliAsync } from '../helpers/cli.ts'
import { writeDemoTraces } from '../helpers/demo.ts'

// The shipped column mappings against the real schemas of Jaeger v2's ClickHouse storage and SigNoz, on a
// real ClickHouse engine (chDB behind a loopback HTTP endpoint): the demo's spans are loaded into the
// exporter's otel_traces, converted into each backend's table the way that backend stores them, and the
// built CLI reads all three.
const USER = 'reader'
const PASSWORD = 'mapped'
const demoExperiment = join(repoRoot, 'examples/demo/experiment.yaml')
const mappings = join(repoRoot, 'packages/gate/mappings')
const JAEGER_MAPPING = join(mappings, 'jaeger-v2.yaml')
const SIGNOZ_MAPPING = join(mappings, 'signoz.yaml')

let dir: string
let engine: ChdbEngine
let server: ClickHouseHttpServer

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llm-canary-mappings-'))
  const traces = join(dir, 'traces.jsonl')
  // The demo's regression scenario, as in clickhouse-source.test.ts: 600 sessions, seed 3, a FAIL.
  writeDemoTraces(traces)
  engine = await startChdbEngine()
  await loadTraceFiles(
    engine,
    { database: 'otel', table: 'otel_traces', distributed: false },
    [traces],
    (w) => {
      throw new Error(w)
    },
  )
  const statements = [
    ...jaegerV2TableStatements({ source: 'otel.otel_traces', database: 'jaeger' }),
    ...signozTableStatements({ source: 'otel.otel_traces', database: 'signoz_traces' }),
  ]
  for (const statement of statements) await engine.query(statement)
  server = await startClickHouseHttpServer({ engine, user: USER, password: PASSWORD })
}, 180_000)

afterAll(async () => {
  await server?.close()
  engine?.close()
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

async function analyze(database: string, table: string, mapping?: string) {
  const columns = mapping === undefined ? '' : `&columns=${mapping}`
  const source = `clickhouse:${server.url.replace('://', `://${USER}@`)}/${database}?table=${table}${columns}`
  const run = await runBuiltCliAsync(
    ['analyze', '--experiment', demoExperiment, '--source', source, '--format', 'json', '--retries', '0'],
    { env: { LLM_CANARY_TRACE_TOKEN: PASSWORD } },
  )
  return { ...run, report: run.stdout === '' ? undefined : (JSON.parse(run.stdout) as unknown) }
}

async function scalar(sql: string): Promise<number> {
  return Number(
    Buffer.from((await engine.query(sql)).body)
      .toString('utf8')
      .trim(),
  )
}

/**
 * What a mapped table must agree on with the exporter's schema: the verdict, the units per arm, the
 * per-arm, per-agent and guardrail figures (rounded: sums taken in another order differ in the last bits),
 * what the extraction read and set aside. The report's field names are read here only.
 */
function decisive(report: unknown) {
  const { verdict, arms, agents, history, extraction } = report as {
    verdict: { status: string; reasons: unknown; guardrails: unknown }
    arms: { units: number }[]
    agents: unknown
    history: unknown
    extraction: unknown
  }
  const rounded = (value: unknown): unknown =>
    JSON.parse(JSON.stringify(value), (_key, v: unknown) =>
      typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(9)) : v,
    )
  return {
    status: verdict.status,
    reasons: verdict.reasons,
    unitsPerArm: arms.map((arm) => arm.units),
    figures: rounded({ guardrails: verdict.guardrails, arms, agents, history }),
    extraction,
  }
}

describe('the shipped ClickHouse column mappings against the real Jaeger v2 and SigNoz schemas', () => {
  it('fills the backend tables with typed attributes, as those backends store them', async () => {
    const spans = await scalar('SELECT count() FROM otel.otel_traces')
    expect(spans).toBeGreaterThan(4000)
    expect(await scalar('SELECT count() FROM jaeger.spans')).toBe(spans)
    expect(await scalar('SELECT count() FROM signoz_traces.distributed_signoz_index_v3')).toBe(spans)
    // Token counts as ints, costs as doubles, citations as an OTLP slice, a stream flag as a bool.
    const jaeger = (column: string) => scalar(`SELECT countIf(notEmpty(${column})) FROM jaeger.spans`)
    for (const column of ['int_attributes.key', 'double_attributes.key', 'bool_attributes.key'])
      expect(await jaeger(column), column).toBeGreaterThan(1000)
    expect(
      await scalar(
        "SELECT countIf(has(complex_attributes.key, '@slice@llm_canary.citations')) FROM jaeger.spans",
      ),
    ).toBeGreaterThan(1000)
    expect(await scalar("SELECT countIf(status_code = 'Error') FROM jaeger.spans")).toBeGreaterThan(0)
    expect(
      await scalar(
        "SELECT countIf(mapContains(attributes_number, 'gen_ai.usage.input_tokens')) FROM signoz_traces.signoz_index_v3",
      ),
    ).toBeGreaterThan(1000)
    expect(await scalar('SELECT countIf(has_error) FROM signoz_traces.signoz_index_v3')).toBeGreaterThan(0)
  })

  it("gives the default schema's verdict, units per arm and guardrails through both mappings", async () => {
    const [otel, jaeger, signoz] = await Promise.all([
      analyze('otel', 'otel_traces'),
      analyze('jaeger', 'spans', JAEGER_MAPPING),
      analyze('signoz_traces', 'distributed_signoz_index_v3', SIGNOZ_MAPPING),
    ])
    expect(otel.status, otel.stderr).toBe(1)
    const expected = decisive(otel.report)
    expect(expected.status).toBe('fail')
    expect(expected.unitsPerArm).toEqual([474, 126])
    expect(jaeger.status, jaeger.stderr).toBe(1)
    expect(decisive(jaeger.report)).toEqual(expected)
    expect(signoz.status, signoz.stderr).toBe(1)
    expect(decisive(signoz.report)).toEqual(expected)
  }, 180_000)

  it('exits 2 naming the column when a mapping names one the table lacks', async () => {
    // The Jaeger mapping pointed at SigNoz's table: its column check names what is missing.
    const wrongTable = await analyze('signoz_traces', 'distributed_signoz_index_v3', JAEGER_MAPPING)
    expect(wrongTable.status, wrongTable.stderr).toBe(2)
    expect(wrongTable.stderr).toMatch(/no columns .*start_time/)
    expect(wrongTable.stderr).toMatch(/the column mapping \S*jaeger-v2\.yaml reads/)
    expect(wrongTable.stderr).not.toMatch(/^\s+at /m)
    // An expression naming a column that is not there and not in requiredColumns: ClickHouse names it.
    const typo = join(dir, 'jaeger-typo.yaml')
    writeFileSync(typo, readFileSync(JAEGER_MAPPING, 'utf8').replace('spanName: name', 'spanName: span_name'))
    const unknown = await analyze('jaeger', 'spans', typo)
    expect(unknown.status, unknown.stderr).toBe(2)
    expect(unknown.stderr).toContain('span_name')
    expect(unknown.stderr).not.toMatch(/^\s+at /m)
  }, 120_000)

  it('shows each shipped mapping in docs/clickhouse.md exactly as the file holds it', () => {
    const docs = readFileSync(join(repoRoot, 'docs/clickhouse.md'), 'utf8')
    for (const file of [JAEGER_MAPPING, SIGNOZ_MAPPING])
      expect(docs, file).toContain(`\`\`\`yaml\n${readFileSync(file, 'utf8')}\`\`\``)
  })
})
