import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { repoRoot, runBuiltCliAsync } from '../helpers/cli.ts'
import type { FixtureServer } from '../helpers/fixture-server.ts'
import { readFixture, startFixtureServer } from '../helpers/fixture-server.ts'

const experiment = join(repoRoot, 'test/fixtures/analyze-experiment.yaml')

interface JsonReport {
  verdict: { status: string }
  extraction: { spansRead: number; spansIgnored: number; llmSpans: number; units: number }
  arms: { arm: string; calls: number; units: number }[]
}

let server: FixtureServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function analyze(source: string, window: [string, string], extra: string[] = []) {
  const run = await runBuiltCliAsync([
    'analyze',
    '--experiment',
    experiment,
    '--source',
    source,
    '--since',
    window[0],
    '--until',
    window[1],
    '--format',
    'json',
    '--retries',
    '0',
    ...extra,
  ])
  return { ...run, report: run.stdout === '' ? undefined : (JSON.parse(run.stdout) as JsonReport) }
}

describe('llm-canary analyze against recorded backends on 127.0.0.1', () => {
  it('reads every span of a recorded Jaeger api_v3 trace (HotROD, 40 spans)', async () => {
    server = await startFixtureServer([
      { path: /^\/api\/v3\/services$/, body: readFixture('jaeger/apiv3-GetServices.json') },
      { path: /^\/api\/v3\/traces$/, body: readFixture('jaeger/apiv3-GetTrace-hotrod-40-spans.json') },
    ])
    const { status, report, stderr } = await analyze(
      `jaeger:${server.url}`,
      ['2026-06-21T00:00:00Z', '2026-06-22T00:00:00Z'],
      ['--service', 'frontend'],
    )
    expect(report?.extraction.spansRead, stderr).toBe(40)
    // HotROD spans carry no experiment: read, counted, ignored; no data is never a pass.
    expect(report?.extraction.spansIgnored).toBe(40)
    expect(report?.verdict.status).not.toBe('pass')
    expect(status).toBe(3)
    expect(server.requests.some((r) => r.startsWith('GET /api/v3/traces?'))).toBe(true)
  })

  it('falls back to the legacy Jaeger API and reads the 57-span GenAI trace', async () => {
    const trace = JSON.parse(readFixture('jaeger/legacy-ui-trace-element-genai.json')) as {
      spans: { startTime: number }[]
    }
    const start = Math.min(...trace.spans.map((s) => s.startTime)) / 1000
    server = await startFixtureServer([
      {
        path: /^\/api\/traces$/,
        body: JSON.stringify({ data: [trace], total: 0, limit: 0, offset: 0, errors: null }),
      },
    ])
    const { report, stderr } = await analyze(
      `jaeger:${server.url}`,
      [new Date(start - 60_000).toISOString(), new Date(start + 3_600_000).toISOString()],
      ['--service', 'genai-demo'],
    )
    expect(report?.extraction.spansRead, stderr).toBe(57)
    expect(server.requests.some((r) => r.startsWith('GET /api/traces?'))).toBe(true)
  })

  it('reads a Tempo trace found by TraceQL (base64 ids, enum names, trimmed trace id)', async () => {
    server = await startFixtureServer([
      { path: /^\/api\/search$/, body: readFixture('tempo/api-search-response-istio-bookinfo.json') },
      {
        path: /^\/api\/traces\/[0-9a-f]+$/,
        body: readFixture('tempo/api-traces-v1-response-base64-ids.json'),
      },
    ])
    const { report, stderr } = await analyze(`tempo:${server.url}`, [
      '2023-12-05T00:00:00Z',
      '2023-12-06T00:00:00Z',
    ])
    expect(report?.extraction.spansRead, stderr).toBe(8)
    const search = server.requests.find((r) => r.startsWith('GET /api/search?')) ?? ''
    const query = new URLSearchParams(search.slice(search.indexOf('?') + 1)).get('q')
    expect(query).toMatch(/span\.feature_flag\.key = "analyze-e2e"/)
  })

  it('analyses spans of another GenAI instrumentation once the arm is added', async () => {
    const doc = JSON.parse(readFixture('otlp/genai-agent-trace.json')) as {
      resourceSpans: { scopeSpans: { spans: { attributes?: unknown[]; startTimeUnixNano: string }[] }[] }[]
    }
    const spans = doc.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))
    for (const span of spans) {
      span.attributes = [
        ...(span.attributes ?? []),
        { key: 'feature_flag.key', value: { stringValue: 'analyze-e2e' } },
        { key: 'feature_flag.result.variant', value: { stringValue: 'control' } },
      ]
    }
    const dir = mkdtempSync(join(tmpdir(), 'llm-canary-e2e-'))
    writeFileSync(join(dir, 'other.jsonl'), `${JSON.stringify(doc)}\n`)
    const startMs = Math.min(...spans.map((s) => Number(BigInt(s.startTimeUnixNano) / 1_000_000n)))
    const { report, stderr } = await analyze(`file:${join(dir, 'other.jsonl')}`, [
      new Date(startMs - 60_000).toISOString(),
      new Date(startMs + 86_400_000).toISOString(),
    ])
    expect(report?.extraction.llmSpans, stderr).toBeGreaterThan(0)
    // The report lists control first.
    expect(report?.arms[0]).toMatchObject({ arm: 'control', calls: report?.extraction.llmSpans })
  })

  it('never passes an unreachable backend (exit 4) and says why', async () => {
    const closed = await startFixtureServer([])
    const url = closed.url
    await closed.close()
    const { status, stderr } = await analyze(`tempo:${url}`, ['2023-12-05T00:00:00Z', '2023-12-06T00:00:00Z'])
    expect(status).toBe(4)
    expect(stderr).toMatch(/could not be read|unreachable|refused/i)
  })

  it('rejects a bad source spec, exit 2', async () => {
    const { status, stderr } = await analyze('http://example.invalid', [
      '2023-12-05T00:00:00Z',
      '2023-12-06T00:00:00Z',
    ])
    expect(status).toBe(2)
    expect(stderr).toMatch(/prefix it with jaeger: or tempo:/)
  })
})
