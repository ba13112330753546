import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toReportJson } from '../report/json.ts'
import { validateReportJson } from '../report/report-schema.ts'
import type { SpanRecord } from '../types.ts'
import { buildExperiment, buildSpan, TEST_START_MS } from './analysis.fixture.ts'
import { analyzeSpans } from './analyze.ts'
import { createInMemorySource } from './in-memory-source.fixture.ts'
import { PLAUSIBILITY_LIMITS } from './plausibility.ts'
import { generateSyntheticSpans } from './synthetic-traces.fixture.ts'

// Issue 9, item 1, generalised: no number in a span aborts the analysis, and an implausible one decides
// nothing (docs/spans.md, "Implausible values").

const experiment = buildExperiment({
  guardrails: {
    latency_p95_ms: { max_increase: '25%' },
    ttft_p95_ms: { max_increase: '25%' },
    cost_per_call_usd: { max_increase: '25%' },
    cost_per_run_usd: { max_increase: '25%' },
    error_rate: { max_increase: '5pp' },
  },
  pricing: { 'openai:gpt-5': { input: 2, output: 8 } },
  // The 600-session cases (300 per arm) look late in a 400-per-arm plan.
  analysis: { max_units_per_arm: 400 },
})
const since = new Date(TEST_START_MS)
const now = (): Date => new Date(TEST_START_MS + 10 * 86_400_000)

function sessions(
  regression?: { latencyFactor?: number; outputTokensFactor?: number },
  count = 600,
): SpanRecord[] {
  return generateSyntheticSpans({
    experiment,
    sessions: count,
    seed: 5,
    startMs: TEST_START_MS,
    profile: { latencySigma: 0.2, errorRate: 0.01 },
    ...(regression === undefined ? {} : { regression: { arm: 'candidate', ...regression } }),
  })
}

async function analyze(spans: readonly SpanRecord[]) {
  return analyzeSpans({ experiment, source: createInMemorySource(spans), since, now, historyPoints: 2 })
}

/** Any number JSON or a backend can carry, the hostile ones often. */
const anyNumber = fc.oneof(
  fc.constantFrom(0, -1, 1e308, -1e308, 9e15, Number.MAX_SAFE_INTEGER, Number.NaN, Infinity, -Infinity),
  fc.double(),
  fc.integer(),
)

const numericKeys = [
  'gen_ai.usage.cost.amount',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.usage.reasoning.output_tokens',
  'gen_ai.response.time_to_first_chunk',
  'llm_canary.run.cost_usd',
] as const

describe('implausible values', () => {
  it('no number in any span aborts the analysis, and the report stays valid JSON of the schema', async () => {
    const base = sessions().slice(0, 400)
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            index: fc.nat({ max: base.length - 1 }),
            key: fc.constantFrom(...numericKeys, 'duration'),
            value: anyNumber,
          }),
          { minLength: 1, maxLength: 8 },
        ),
        async (changes) => {
          const spans = [...base]
          for (const { index, key, value } of changes) {
            const span = spans[index] as SpanRecord
            spans[index] =
              key === 'duration'
                ? { ...span, durationMs: value }
                : { ...span, attributes: { ...span.attributes, [key]: value } }
          }
          const report = await analyze(spans)
          expect(validateReportJson(toReportJson(report), { strict: true })).toEqual([])
        },
      ),
      { numRuns: 40 },
    )
  })

  it('sets aside each kind of implausible value and counts it', async () => {
    const control = { arm: 'control', session: 'odd-session' }
    const report = await analyze([
      ...sessions(),
      buildSpan({ ...control, durationMs: PLAUSIBILITY_LIMITS.maxDurationMs + 1 }),
      buildSpan({ ...control, attributes: { 'gen_ai.response.time_to_first_chunk': 90_000 } }),
      buildSpan({ ...control, attributes: { 'gen_ai.usage.cost.amount': 20_000 } }),
      buildSpan({
        ...control,
        attributes: { 'gen_ai.usage.input_tokens': 2e8, 'gen_ai.usage.output_tokens': 1 },
      }),
    ])
    expect(report.extraction.implausibleValues).toBe(4)
    const note = report.extraction.warnings.find((w) => w.includes('implausible')) ?? ''
    for (const kind of ['lasting over 24 h', 'first chunk', 'cost(s) over $10,000', 'token count(s)'])
      expect(note).toContain(kind)
    expect(report.extraction.spansSkipped).toBe(1)
  })

  it('judges outliers against their own arm: a uniformly slower candidate is measured, not screened', async () => {
    const report = await analyze(sessions({ latencyFactor: PLAUSIBILITY_LIMITS.outlierFactor * 3 }))
    expect(report.extraction.implausibleValues).toBe(0)
    expect(report.verdict.status).toBe('fail')
  })

  it('a latency outlier in control neither flips a regression nor escapes the count', async () => {
    const regression = sessions({ latencyFactor: 1.6 })
    expect((await analyze(regression)).verdict.status).toBe('fail')
    const outliers = Array.from({ length: 60 }, (_, i) =>
      buildSpan({ session: `slow-${i}`, durationMs: 20 * 3_600_000 }),
    )
    const report = await analyze([...regression, ...outliers])
    expect(report.verdict.status).toBe('fail')
    expect(report.extraction.implausibleValues).toBe(60)
  })

  it('a cost outlier in the candidate blocks a pass: review, cause values_set_aside, with the reason first', async () => {
    const healthy = sessions(undefined, 2000)
    expect((await analyze(healthy)).verdict).toMatchObject({ status: 'pass', cause: 'all_within_tolerance' })
    const outlier = buildSpan({
      arm: 'candidate',
      session: 'dear',
      attributes: { 'gen_ai.usage.cost.amount': 50 },
    })
    const report = await analyze([...healthy, outlier])
    expect(report.verdict).toMatchObject({ status: 'review', cause: 'values_set_aside' })
    expect(toReportJson(report).verdict).toMatchObject({ status: 'review', cause: 'values_set_aside' })
    expect(report.verdict.reasons[0]).toMatch(
      /1 implausible value\(s\) in the candidate's spans were set aside/,
    )
  })
})
