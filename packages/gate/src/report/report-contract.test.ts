import { loadExperiment } from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import { analyzeSpans } from '../analysis/analyze.ts'
import { createInMemorySource } from '../analysis/in-memory-source.fixture.ts'
import { generateSyntheticSpans } from '../analysis/synthetic-traces.fixture.ts'
import { renderJson } from './json.ts'
import { renderMarkdown } from './markdown.ts'
import { validateReportJson } from './report-schema.ts'
import { renderTerminal } from './terminal.ts'

/**
 * The contract between the analysis and the reports: a report the real `analyzeSpans` builds from
 * synthetic spans renders, and its JSON is a strict schemaVersion 3 document.
 */
describe('reports of a real analysis', async () => {
  const experiment = loadExperiment({
    experiment: 'report-contract',
    arms: {
      control: { model: 'openai:gpt-4.1', weight: 80 },
      candidate: { model: 'openai:gpt-5', weight: 20, shadow: '5%' },
    },
    guardrails: {
      latency_p95_ms: { max_increase: '10%' },
      ttft_p95_ms: { max_increase: '15%' },
      cost_per_run_usd: { max_increase: '20%' },
      error_rate: { max_increase: '1pp' },
      accuracy: { max_decrease: '2pp' },
      judge_score: { max_decrease: '0.5' },
    },
  })
  const spans = generateSyntheticSpans({ experiment, sessions: 600, seed: 3, citationInputs: 20 })
  const report = await analyzeSpans({
    experiment,
    source: createInMemorySource(spans),
    since: new Date(Date.UTC(2026, 4, 1)),
    until: new Date(Date.UTC(2026, 4, 3)),
  })

  it('renders JSON that validates strictly against the documented schema', () => {
    expect(report.extraction.spansRead).toBe(spans.length)
    expect(validateReportJson(JSON.parse(renderJson(report)), { strict: true })).toEqual([])
  })

  it('puts the verdict first in the terminal and Markdown reports', () => {
    const label = report.verdict.status.toUpperCase()
    expect(renderTerminal(report).startsWith(`${label}  `)).toBe(true)
    const markdown = renderMarkdown(report, { marker: experiment.id })
    expect(markdown.startsWith('## ')).toBe(true)
    expect(markdown.split('\n')[0]).toContain(` ${label} — `)
    expect(markdown).toContain(`${spans.length.toLocaleString('en-US')} spans read`)
  })
})
