import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runBuiltCli } from '../helpers/cli.ts'
import type { HostileSpan } from './hostile-support.ts'
import { encodeLine, encodeLines, generateSessions, removeCases, writeCase } from './hostile-support.ts'

afterAll(removeCases)

// Issue 9, items 1 and 2: a value or an id in the spans must never turn a regression into a pass.

interface JsonReport {
  verdict: { status: string; reasons: string[]; guardrails: { metric: string; status: string }[] }
  extraction: { spansRead: number; implausibleValues?: number; warnings: string[] }
}

function analyze(dir: string, experiment: string, format: string): ReturnType<typeof runBuiltCli> {
  return runBuiltCli([
    'analyze',
    '-e',
    experiment,
    '-s',
    `file:${join(dir, 'traces.jsonl')}`,
    '--since',
    '1d',
    '--format',
    format,
  ])
}

function analyzeSpans(spans: readonly HostileSpan[], extraLines: readonly string[] = []) {
  const { dir, experiment } = writeCase({
    'traces.jsonl': encodeLines(spans) + extraLines.map((line) => `${line}\n`).join(''),
  })
  const run = analyze(dir, experiment, 'json')
  const report = run.stdout === '' ? undefined : (JSON.parse(run.stdout) as JsonReport)
  return { ...run, report, dir, experiment }
}

/** One control call in a session of its own, with the given changes. */
function controlOutlier(index: number, change: Partial<HostileSpan>): HostileSpan {
  return {
    traceId: `${(0xabc000 + index).toString(16).padStart(32, '0')}`,
    spanId: `${(0xdef000 + index).toString(16).padStart(16, '0')}`,
    session: `outlier-${index}`,
    arm: 'control',
    startMs: Date.now() - 3_600_000 + index,
    durationMs: 900,
    error: false,
    costUsd: 0.004,
    ...change,
  }
}

const costRegression = generateSessions({ sessions: 600, candidate: { costFactor: 3 } })
const latencyRegression = generateSessions({ sessions: 600, candidate: { latencyFactor: 1.6 } })

describe('item 1: an implausible value never turns a regression into a pass', () => {
  it('the regressions fail without outliers (the baseline of the cases below)', () => {
    for (const spans of [costRegression, latencyRegression]) {
      const { status, report } = analyzeSpans(spans)
      expect(report?.verdict.status).toBe('fail')
      expect(status).toBe(1)
    }
  })

  const cases: readonly { name: string; spans: readonly HostileSpan[]; outliers: HostileSpan[] }[] = [
    {
      name: 'one control call costing $100',
      spans: costRegression,
      outliers: [controlOutlier(1, { costUsd: 100 })],
    },
    {
      name: 'one control call costing $1,000,000',
      spans: costRegression,
      outliers: [controlOutlier(1, { costUsd: 1e6 })],
    },
    {
      name: 'one control call of 9e15 tokens and no recorded cost',
      spans: costRegression,
      outliers: [controlOutlier(1, { costUsd: undefined, inputTokens: 9e15, outputTokens: 9e15 })],
    },
    {
      name: 'two control calls costing 1e308 (their squares overflow)',
      spans: costRegression,
      outliers: [controlOutlier(1, { costUsd: 1e308 }), controlOutlier(2, { costUsd: 1e308 })],
    },
    {
      name: 'a recorded cost 20,000 times what its tokens cost',
      spans: costRegression,
      outliers: [controlOutlier(1, { costUsd: 80, inputTokens: 1000, outputTokens: 250 })],
    },
    {
      name: 'forty control calls lasting 317,000 years',
      spans: latencyRegression,
      outliers: Array.from({ length: 40 }, (_, i) => controlOutlier(i, { durationMs: 317_000 * 3.156e10 })),
    },
    {
      name: 'forty control calls lasting 23 hours',
      spans: latencyRegression,
      outliers: Array.from({ length: 40 }, (_, i) => controlOutlier(i, { durationMs: 23 * 3_600_000 })),
    },
  ]

  for (const { name, spans, outliers } of cases) {
    it(`${name}: still FAIL (exit 1), the value recognised and counted`, () => {
      const { status, report, stderr } = analyzeSpans(spans, [encodeLine(outliers)])
      expect(report?.verdict.status, stderr).toBe('fail')
      expect(status).toBe(1)
      expect(report?.extraction.implausibleValues).toBeGreaterThanOrEqual(1)
      expect(report?.extraction.warnings.join('\n')).toMatch(/implausible/)
    })
  }

  it('says so in every report format', () => {
    const { dir, experiment } = writeCase({
      'traces.jsonl': encodeLines(costRegression) + encodeLine([controlOutlier(1, { costUsd: 100 })]),
    })
    for (const format of ['table', 'markdown']) {
      const run = analyze(dir, experiment, format)
      expect(run.status).toBe(1)
      expect(run.stdout).toMatch(/1 implausible value/)
    }
  })

  it('an implausible value in the candidate keeps a healthy candidate from passing: review, exit 3', () => {
    const healthy = generateSessions({ sessions: 600 })
    expect(analyzeSpans(healthy).status).toBe(0)
    const outlier = { ...controlOutlier(1, { costUsd: 100 }), arm: 'candidate' }
    const { status, report } = analyzeSpans(healthy, [encodeLine([outlier])])
    expect(report?.verdict.status).toBe('review')
    expect(report?.verdict.reasons.join('\n')).toMatch(/implausible/)
    expect(status).toBe(3)
  })
})

describe('item 2: a span is (trace id, span id), never the span id alone', () => {
  it('traces that number their spans 1, 2, 3 … lose none of them', () => {
    const spans = generateSessions({ sessions: 800, spanIds: 'per-trace' })
    const { report, stderr } = analyzeSpans(spans)
    expect(report?.extraction.spansRead, stderr).toBe(spans.length)
    expect(report?.extraction.warnings.join('\n')).not.toMatch(/duplicate/)
  })

  it('a 20% error rate in traces that reuse span ids fails (exit 1)', () => {
    const spans = generateSessions({ sessions: 800, spanIds: 'per-trace', candidate: { errorRate: 0.2 } })
    const { status, report } = analyzeSpans(spans)
    expect(report?.verdict.status).toBe('fail')
    expect(status).toBe(1)
  })

  it('a span repeated in the same trace is still dropped once', () => {
    const spans = generateSessions({ sessions: 400 })
    const { report } = analyzeSpans([...spans, ...spans.slice(0, 30)])
    expect(report?.extraction.warnings.join('\n')).toMatch(/30 duplicate span/)
  })
})
