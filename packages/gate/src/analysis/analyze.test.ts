import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findArmRow } from '../report/arm-row.ts'
import { openTraceSource } from '../sources/open-source.ts'
import type { SpanRecord } from '../types.ts'
import { buildExperiment, TEST_START_MS } from './analysis.fixture.ts'
import type { AnalysisProgress } from './analysis-types.ts'
import { analyzeSpans, analyzeSpansInDetail } from './analyze.ts'
import { createInMemorySource } from './in-memory-source.fixture.ts'
import { encodeOtlpJsonLine } from './otlp-json-lines.ts'
import type { SyntheticRegression } from './synthetic-profiles.fixture.ts'
import { generateSyntheticSpans } from './synthetic-traces.fixture.ts'

const experiment = buildExperiment({
  guardrails: {
    latency_p95_ms: { max_increase: '25%' },
    error_rate: { max_increase: '5pp' },
    cost_per_run_usd: { max_increase: '50%' },
    accuracy: { max_decrease: '10pp' },
  },
  // Same prices as gpt-4.1 in the bundled table: cost only moves when tokens do.
  pricing: { 'openai:gpt-5': { input: 2, output: 8 } },
  // The looks below (about 1,000 sessions per arm) come late in a 1,200-per-arm plan.
  analysis: { max_units_per_arm: 1200 },
})
const since = new Date(TEST_START_MS)
const now = (): Date => new Date(TEST_START_MS + 10 * 86_400_000)

function spansWith(regression?: SyntheticRegression, sessions = 2000): SpanRecord[] {
  return generateSyntheticSpans({
    experiment,
    sessions,
    seed: 11,
    startMs: TEST_START_MS,
    profile: { latencySigma: 0.2, errorRate: 0.01 },
    ...(regression === undefined ? {} : { regression }),
  })
}

describe('analyzeSpans', () => {
  it('passes a candidate that behaves like control, with enough sessions', async () => {
    const report = await analyzeSpans({ experiment, source: createInMemorySource(spansWith()), since, now })
    expect(report.verdict.status).toBe('pass')
    expect(report.verdict.guardrails.every((result) => result.status === 'pass')).toBe(true)
    expect(report.extraction.units).toBe(2000)
    expect(report.arms.map((arm) => arm.units).reduce((a, b) => a + b)).toBe(2000)
  })

  it('fails a candidate whose writer node is twice as slow, and the agent breakdown names the writer', async () => {
    const regression = { arm: 'candidate', agent: 'writer', latencyFactor: 2 }
    const { report, agentVerdicts } = await analyzeSpansInDetail({
      experiment,
      source: createInMemorySource(spansWith(regression)),
      since,
      now,
    })
    expect(report.verdict.status).toBe('fail')
    const failed = report.verdict.guardrails.filter((result) => result.status === 'fail').map((r) => r.metric)
    expect(failed).toEqual(['latency_p95_ms'])
    const statusOf = (agent: string) =>
      agentVerdicts
        .find((entry) => entry.agent === agent)
        ?.verdict.guardrails.find((r) => r.metric === 'latency_p95_ms')?.status
    expect(statusOf('writer')).toBe('fail')
    expect(statusOf('planner')).not.toBe('fail')
    const writerP95 = (arm: string) =>
      report.agents.find((entry) => entry.agent === 'writer' && entry.arm === arm)?.latencyMs?.p95 ??
      Number.NaN
    expect(writerP95('candidate') / writerP95('control')).toBeGreaterThan(1.5)
  })

  it('fails on cost per run when the candidate writes three times the output tokens', async () => {
    const report = await analyzeSpans({
      experiment,
      source: createInMemorySource(spansWith({ arm: 'candidate', outputTokensFactor: 3 })),
      since,
      now,
    })
    expect(report.verdict.guardrails.find((r) => r.metric === 'cost_per_run_usd')?.status).toBe('fail')
    const [control, candidate] = report.arms
    expect((candidate?.costPerRunUsd ?? 0) / (control?.costPerRunUsd ?? 1)).toBeGreaterThan(1.5)
  })

  it('never passes without data, and says so', async () => {
    const report = await analyzeSpans({ experiment, source: createInMemorySource([]), since, now })
    expect(report.verdict.status).not.toBe('pass')
    expect(report.extraction.warnings[0]).toContain('no span of experiment')
    expect(report.history).toEqual([])
    expect(report.window.observedDays).toBe(0)
  })

  it('never passes without data even when nothing else would block a pass', async () => {
    // The schema requires min_units_per_arm ≥ 2; an experiment built in code can still ask for 0.
    const base = buildExperiment()
    const lenient = { ...base, analysis: { ...base.analysis, minUnitsPerArm: 0 } }
    const report = await analyzeSpans({ experiment: lenient, source: createInMemorySource([]), since, now })
    expect(report.verdict.status).toBe('inconclusive')
    expect(report.verdict.reasons[0]).toContain('nothing to decide')
  })

  it('records the interval history at evenly spaced looks, the last one at all sessions', async () => {
    const spans = spansWith(undefined, 600)
    const report = await analyzeSpans({
      experiment,
      source: createInMemorySource(spans),
      since,
      now,
      historyPoints: 4,
    })
    const looks = [...new Set(report.history.map((point) => point.at))]
    expect(looks).toHaveLength(4)
    expect(looks).toEqual([...looks].sort())
    const latency = report.history.filter((point) => point.metric === 'latency_p95_ms')
    expect(latency.map((point) => point.units)).toEqual(
      [...latency.map((point) => point.units)].sort((a, b) => a - b),
    )
    const last = report.verdict.guardrails.find((result) => result.metric === 'latency_p95_ms')
    expect(latency.at(-1)).toMatchObject({ estimate: last?.estimate, limit: last?.limit, arm: 'candidate' })
    expect(latency.at(-1)?.units).toBe(Math.min(last?.units.control ?? 0, last?.units.candidate ?? 0))
  })

  it('reports progress per batch and the window it analysed', async () => {
    const spans = spansWith(undefined, 200)
    const progress: AnalysisProgress[] = []
    const report = await analyzeSpans({
      experiment,
      source: createInMemorySource(spans, { batchSize: 100 }),
      since,
      now,
      onProgress: (stats) => progress.push(stats),
    })
    expect(progress.filter((p) => p.phase === 'reading')).toHaveLength(Math.ceil(spans.length / 100))
    expect(progress.at(-1)).toMatchObject({ phase: 'deciding', spansRead: spans.length, units: 200 })
    const starts = spans.map((span) => span.startTimeUnixMs)
    expect(report.window.observedDays).toBeCloseTo(
      (Math.max(...starts) - Math.min(...starts)) / 86_400_000,
      9,
    )
    expect(report).toMatchObject({ schemaVersion: 3, source: 'memory:', generatedAt: now().toISOString() })
    expect(report.window.until).toBe(now().toISOString())
  })

  it('reads an OTLP JSON-lines file through the file source to the same result as in memory', async () => {
    const spans = spansWith(undefined, 300)
    const folder = await mkdtemp(join(tmpdir(), 'llm-canary-analysis-'))
    try {
      const path = join(folder, 'traces.jsonl')
      const lines = [0, 1, 2].map((part) =>
        encodeOtlpJsonLine(spans.filter((_, index) => index % 3 === part)),
      )
      await writeFile(path, `${lines.join('\n')}\n`)
      const fromFile = await analyzeSpans({ experiment, source: openTraceSource(`file:${path}`), since, now })
      const inMemory = await analyzeSpans({ experiment, source: createInMemorySource(spans), since, now })
      expect(fromFile.source).toBe(`file:${path}`)
      expect({ ...fromFile, source: '' }).toEqual({ ...inMemory, source: '' })
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  })

  it('rejects a window that ends before it starts and a bad number of looks', async () => {
    const source = createInMemorySource([])
    await expect(analyzeSpans({ experiment, source, since, until: since })).rejects.toMatchObject({
      code: 'USAGE',
    })
    await expect(analyzeSpans({ experiment, source, since, historyPoints: 0 })).rejects.toMatchObject({
      code: 'USAGE',
    })
    await expect(analyzeSpans({ experiment, source, since: new Date(Number.NaN) })).rejects.toMatchObject({
      code: 'USAGE',
    })
  })
})

describe('analyzeSpans on shadow pairs', () => {
  const shadowExperiment = buildExperiment({
    arms: {
      control: { model: 'openai:gpt-4.1', weight: 100 },
      candidate: { model: 'openai:gpt-5', weight: 0, shadow: '50%' },
    },
    guardrails: { latency_p95_ms: { max_increase: '25%' }, citation_stability: { min: 0.8 } },
    // About 750 shadow pairs: late in a 900-pair plan.
    analysis: { max_units_per_arm: 900 },
  })

  async function analyzeShadow(regression?: SyntheticRegression) {
    const spans = generateSyntheticSpans({
      experiment: shadowExperiment,
      sessions: 1500,
      seed: 5,
      startMs: TEST_START_MS,
      citationInputs: 40,
      profile: { latencySigma: 0.2, citationAgreement: 0.98 },
      ...(regression === undefined ? {} : { regression }),
    })
    const shadowed = new Set(
      spans
        .filter((span) => span.attributes['llm_canary.shadow'] === true)
        .map((s) => s.attributes['gen_ai.conversation.id']),
    )
    const report = await analyzeSpans({
      experiment: shadowExperiment,
      source: createInMemorySource(spans),
      since,
      now,
    })
    return { report, shadowed: shadowed.size }
  }

  it('measures a weight-0 candidate on its shadow pairs', async () => {
    const { report, shadowed } = await analyzeShadow()
    const candidate = findArmRow(report.arms, 'candidate')
    expect(candidate).toMatchObject({ source: 'shadow', units: shadowed })
    expect(findArmRow(report.arms, 'control')).toMatchObject({
      source: 'traffic',
      units: 1500,
    })
    expect(candidate?.citationPairs ?? 0).toBeGreaterThan(0)
    expect(report.verdict.guardrails.every((result) => result.units.candidate === shadowed)).toBe(true)
    expect(report.verdict.status).toBe('pass')
  })

  it('fails a slower shadow candidate before any user sees it', async () => {
    const { report } = await analyzeShadow({ arm: 'candidate', latencyFactor: 1.8 })
    expect(report.verdict.status).toBe('fail')
    expect(report.verdict.guardrails.find((r) => r.metric === 'latency_p95_ms')?.status).toBe('fail')
  })
})
