import { describe, expect, it } from 'vitest'
import type { AnalysisReport } from '../types.ts'
import { labelMetricShort } from './guardrail-format.ts'
import { DEFAULT_MARKDOWN_MAX_CHARS, MIN_MARKDOWN_MAX_CHARS, renderMarkdown } from './markdown.ts'
import type { FixtureScenario } from './report.fixture.ts'
import { buildFixtureReport, HOSTILE, withHostileNames, withManyAgents } from './report.fixture.ts'

const MARKER = '<!-- llm-canary:support-triage-2026-05 -->'

function linesOf(text: string): string[] {
  return text.split('\n')
}

/** Table rows (lines starting with `|`) that follow a header containing `header`. */
function tableAfter(text: string, header: string): string[] {
  const lines = linesOf(text)
  const start = lines.findIndex((line) => line.startsWith('|') && line.includes(header))
  if (start < 0) throw new Error(`no table with ${header}`)
  const rows: string[] = []
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break
    rows.push(line)
  }
  return rows
}

/** Cells of a table row, splitting on pipes that are not backslash-escaped. */
function cellsOf(row: string): string[] {
  return row.split(/(?<!\\)\|/).slice(1, -1)
}

function countCharts(text: string): number {
  return linesOf(text).filter((line) => line === '```mermaid').length
}

function withWarnings(report: AnalysisReport, count: number): AnalysisReport {
  const warnings = Array.from({ length: count }, (_, i) => `otlp line ${i}: not valid JSON, skipped`)
  return { ...report, extraction: { ...report.extraction, warnings } }
}

describe('renderMarkdown: content', () => {
  it.each([
    ['pass', '## ✅ PASS — 5 guardrails within tolerance for candidate'],
    ['fail', '## ❌ FAIL — candidate: P95 latency +'],
    ['inconclusive', '## ⏳ INCONCLUSIVE — '],
    ['review', '## 👀 REVIEW — sample-ratio mismatch'],
    ['suspected', '## 👀 REVIEW — candidate: cost per run suspected regression: +'],
    ['no-data', '## ⏳ INCONCLUSIVE — no data: 0 spans read from jaeger:http:&#8203;//127.0.0.1:16686'],
  ] as const)('starts the %s report with the verdict', (scenario: FixtureScenario, start: string) => {
    expect(linesOf(renderMarkdown(buildFixtureReport(scenario)))[0]?.startsWith(start)).toBe(true)
  })

  it('follows the verdict with the forest plot in a code block, then the guardrail table', () => {
    const report = buildFixtureReport('fail')
    const lines = linesOf(renderMarkdown(report))
    expect(lines[1]).toBe('')
    expect(lines[2]).toBe('```text')
    const end = lines.indexOf('```', 3)
    const plot = lines.slice(3, end)
    expect(plot.slice(0, report.verdict.guardrails.length).map((line) => line.split(/\s{2,}/)[0])).toEqual(
      report.verdict.guardrails.map((result) => labelMetricShort(result.metric)),
    )
    expect(plot.some((line) => line.includes('0 = control (:), 1 = the tolerance (|)'))).toBe(true)
    expect(lines[end + 1]).toBe('')
    expect(lines[end + 2]).toBe('| status | guardrail | δ | interval | tolerance | p (Holm) |')
  })

  it('has one guardrail row per guardrail, with status, δ, interval, tolerance and p', () => {
    const report = buildFixtureReport('fail')
    const rows = tableAfter(renderMarkdown(report), '| interval |')
    expect(rows).toHaveLength(report.verdict.guardrails.length)
    for (const row of rows) expect(cellsOf(row)).toHaveLength(6)
    const failing = rows.find((row) => row.startsWith('| ❌ FAIL | P95 latency |'))
    expect(failing).toMatch(
      /\| \+\d+\.\d% \| \\\[\+\d+\.\d%, \+\d+\.\d%\\\] \| max\\_increase 10% \| (\d\.\de-\d+|0\.\d+) \|$/,
    )
  })

  it('adds an arm column and groups the plot by arm when several candidates are gated', () => {
    const report = buildFixtureReport('fail')
    const second = report.verdict.guardrails.map((result) => ({ ...result, arm: 'claude' }))
    const text = renderMarkdown({
      ...report,
      verdict: { ...report.verdict, guardrails: [...report.verdict.guardrails, ...second] },
    })
    const rows = tableAfter(text, '| interval |')
    expect(rows).toHaveLength(2 * report.verdict.guardrails.length)
    expect(rows.filter((row) => row.includes('| claude |'))).toHaveLength(report.verdict.guardrails.length)
    expect(linesOf(text).filter((line) => /^arm (candidate|claude)$/.test(line))).toEqual([
      'arm candidate',
      'arm claude',
    ])
  })

  it('keeps above the fold only the verdict, plot, table, notes, next steps and source; the rest is collapsed', () => {
    const text = renderMarkdown(buildFixtureReport('suspected'))
    const firstDetails = text.indexOf('<details>')
    const top = text.slice(0, firstDetails)
    expect(top).toContain('```text')
    expect(top).toContain('- cost per run (candidate): suspected regression: ')
    expect(top).toMatch(/\n<sub>experiment support-triage-2026-05 · unit session · window /)
    expect(top).not.toContain('```mermaid')
    expect(top).not.toContain('**Why**')
    const summaries = [...text.matchAll(/<details><summary>([^<]*)<\/summary>/g)].map((match) => match[1])
    expect(summaries.slice(0, 3)).toEqual([
      expect.stringMatching(/^Why: \d+ reasons?$/),
      expect.stringMatching(
        /^Progress: control [\d,]+ \/ [\d,]+ \([\d.]+%\), candidate .* · sample ratio ok$/,
      ),
      expect.stringMatching(/^Interval history: \d+ charts \(.*cost per run.*\)$/),
    ])
    expect(renderMarkdown(buildFixtureReport('inconclusive')).slice(0, 3000)).toMatch(
      /\n\*\*Still needed:\*\* control \+[\d,]+ sessions/,
    )
  })

  it('shows progress toward the planned units with a bar and n / planned', () => {
    const rows = tableAfter(renderMarkdown(buildFixtureReport('inconclusive')), 'progress')
    expect(rows).toEqual([
      '| control | openai:gpt-4.1 | ██░░░░░░░░░░░░░░░░░░ | 480 / 6,000 (8.00%) |',
      '| candidate | openai:gpt-5 | ░░░░░░░░░░░░░░░░░░░░ | 120 / 6,000 (2.00%) |',
    ])
  })

  it('states the sample-ratio check and the samples still needed with an ETA', () => {
    const report = buildFixtureReport('inconclusive')
    const text = renderMarkdown(report)
    expect(text).toContain('**Sample ratio:** ok, p = ')
    const needed = report.verdict.samplesNeeded
    expect(text).toContain(
      `**Still needed:** control +${needed?.perArm.control?.toLocaleString('en-US')} sessions`,
    )
    expect(text).toMatch(/ETA \d+(\.\d)? days at the observed traffic/)
    expect(renderMarkdown(buildFixtureReport('review'))).toContain(
      '**Sample ratio:** 🚨 mismatch, p &lt; 1e-15',
    )
  })

  it('draws one history chart per failing or undecided guardrail with looks to plot, none for passes', () => {
    const report = buildFixtureReport('fail')
    const text = renderMarkdown(report)
    const charted = report.verdict.guardrails.filter((result) => {
      if (result.status !== 'fail' && result.status !== 'inconclusive') return false
      const looks = report.history.filter(
        (p) => p.metric === result.metric && p.arm === result.arm && Number.isFinite(p.upper ?? Number.NaN),
      )
      return looks.length >= 2
    })
    expect(charted.length).toBeGreaterThan(0)
    expect(countCharts(text)).toBe(charted.length)
    expect(text).toContain('title "candidate: P95 latency"')
    expect(text).not.toContain('title "candidate: cost per run"')
    expect(countCharts(renderMarkdown(buildFixtureReport('pass')))).toBe(0)
  })

  it('marks a suspected regression in the table and charts its interval history', () => {
    const text = renderMarkdown(buildFixtureReport('suspected'))
    const rows = tableAfter(text, '| interval |')
    const suspected = rows.filter((row) => row.startsWith('| ⚠️ SUSPECTED REGRESSION | cost per run |'))
    expect(suspected).toHaveLength(1)
    expect(text).toContain('title "candidate: cost per run"')
    expect(text).toMatch(/- cost per run \(candidate\): suspected regression: \+2\d\.\d% \\\[\+1\d\.\d%, /)
  })

  it('puts the per-agent breakdown, worst first, in a details block', () => {
    const text = renderMarkdown(buildFixtureReport('fail'))
    expect(text).toContain(
      '<details><summary>Per-agent breakdown: 3 agent rows, worst first, 3 beyond a tolerance</summary>',
    )
    const rows = tableAfter(text, 'worst change')
    expect(rows).toHaveLength(3)
    for (const row of rows) expect(row).toMatch(/\| \*\*▲ P95 latency \+\d+\.\d%\*\* \|$/)
  })

  it('always prints the extraction numbers and warns loudly about an empty fetch', () => {
    const pass = renderMarkdown(buildFixtureReport('pass'))
    expect(pass).toMatch(
      /\*\*Extraction:\*\* [\d,]+ spans read, 3 skipped, 41 ignored; [\d,]+ LLM spans; [\d,]+ sessions; 2 warnings/,
    )
    const empty = renderMarkdown(buildFixtureReport('no-data'))
    expect(empty).toContain(
      '**Extraction:** 0 spans read, 0 skipped, 0 ignored; 0 LLM spans; 0 sessions; 0 warnings',
    )
    expect(empty).toContain('> [!WARNING]\n> No spans were fetched: nothing was analysed.')
    expect(empty).toContain('**0 spans read from jaeger:http:&#8203;//127.0.0.1:16686**')
  })

  it('adds the upsert marker as the last line and a details link when asked', () => {
    const report = buildFixtureReport('pass')
    expect(renderMarkdown(report)).not.toContain('<!--')
    const text = renderMarkdown(report, {
      marker: report.experiment.id,
      detailsUrl: 'https://github.com/o/r/actions/runs/7',
    })
    expect(linesOf(text.trimEnd()).at(-1)).toBe(MARKER)
    expect(text).toContain('[Full report](https://github.com/o/r/actions/runs/7)')
  })

  it('refuses a non-http details link and a limit too small to hold the verdict', () => {
    const report = buildFixtureReport('pass')
    expect(() => renderMarkdown(report, { detailsUrl: 'javascript:alert(1)' })).toThrowError(
      expect.objectContaining({ name: 'GateError', code: 'USAGE' }),
    )
    expect(() => renderMarkdown(report, { maxChars: MIN_MARKDOWN_MAX_CHARS - 1 })).toThrowError(
      /maxChars is 499/,
    )
  })
})

describe('renderMarkdown: hostile names', () => {
  const text = renderMarkdown(withHostileNames(buildFixtureReport('fail')), { marker: 'x' })

  it('lets no HTML through', () => {
    for (const tag of ['<img', '<script', '<b>', '<!-- -->']) expect(text).not.toContain(tag)
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })

  it('opens no link, mention or heading', () => {
    expect(text).not.toMatch(/(?<!\\)\]\(javascript/)
    expect(text).not.toMatch(/@(everyone|here)/)
    expect(linesOf(text).some((line) => line.startsWith('## injected'))).toBe(false)
    expect(linesOf(text).filter((line) => line.startsWith('## '))).toHaveLength(1)
  })

  it('keeps every table row at its column count', () => {
    const lines = linesOf(text)
    const tables: string[][] = []
    for (const [i, line] of lines.entries()) {
      if (line.startsWith('|') && !(lines[i - 1] ?? '').startsWith('|')) tables.push([])
      if (line.startsWith('|')) tables.at(-1)?.push(line)
    }
    expect(tables.length).toBeGreaterThanOrEqual(4)
    for (const table of tables) {
      const width = cellsOf(table[0] ?? '').length
      for (const row of table) expect(cellsOf(row)).toHaveLength(width)
    }
  })

  it('keeps Mermaid titles inside their quotes', () => {
    const titles = linesOf(text).filter((line) => line.startsWith('  title '))
    expect(titles.length).toBeGreaterThan(0)
    for (const title of titles) expect(title).toMatch(/^ {2}title "[^"`<>%\n]*"$/)
    expect(text).not.toContain(HOSTILE.arm)
  })
})

describe('renderMarkdown: size limits', () => {
  it('stays under the default limit with 10,000 agents and still starts with the verdict', () => {
    const report = withWarnings(withManyAgents(buildFixtureReport('fail'), 10_000), 10_000)
    const text = renderMarkdown(report, { marker: report.experiment.id })
    expect(text.length).toBeLessThanOrEqual(DEFAULT_MARKDOWN_MAX_CHARS)
    expect(linesOf(text)[0]?.startsWith('## ❌ FAIL — ')).toBe(true)
    const candidateRows = report.agents.filter((agent) => agent.arm !== 'control').length
    expect(text).toContain(
      `… ${(candidateRows - 50).toLocaleString('en-US')} more agent rows in the JSON report.`,
    )
    expect(text).toContain('- … 9,950 more in the JSON report')
    expect(linesOf(text.trimEnd()).at(-1)).toBe(MARKER)
  })

  it('drops the history charts first, then the per-agent breakdown, then the warnings, and says so', () => {
    const report = withWarnings(buildFixtureReport('fail'), 40)
    const full = renderMarkdown(report, { marker: report.experiment.id })
    expect(countCharts(full)).toBeGreaterThan(0)

    const noCharts = renderMarkdown(report, { marker: report.experiment.id, maxChars: full.length - 200 })
    expect(countCharts(noCharts)).toBe(0)
    expect(noCharts).toContain('<summary>Per-agent breakdown')
    expect(noCharts).toContain('✂️ Cut to fit')
    expect(noCharts).toMatch(/characters: history charts\. The JSON report has everything\.<\/sub>/)

    const agentsStart = noCharts.indexOf('<details><summary>Per-agent')
    const agentsEnd = noCharts.indexOf('</details>', agentsStart)
    const noAgents = renderMarkdown(report, {
      marker: report.experiment.id,
      maxChars: noCharts.length - (agentsEnd - agentsStart) + 20,
    })
    expect(noAgents).not.toContain('<summary>Per-agent breakdown')
    expect(noAgents).toContain('<summary>40 extraction warnings</summary>')
    expect(noAgents).toMatch(/characters: history charts, per-agent breakdown\. /)

    const noWarnings = renderMarkdown(report, {
      marker: report.experiment.id,
      maxChars: noAgents.length - 100,
    })
    expect(noWarnings).not.toContain('extraction warnings</summary>')
    expect(noWarnings).toContain('; 40 warnings')
    expect(noWarnings).toMatch(/characters: history charts, per-agent breakdown, warnings\. /)
  })

  it('cuts the tail at a line as a last resort, keeping the verdict and the marker', () => {
    const report = buildFixtureReport('fail')
    const text = renderMarkdown(report, { marker: report.experiment.id, maxChars: MIN_MARKDOWN_MAX_CHARS })
    expect(text.length).toBeLessThanOrEqual(MIN_MARKDOWN_MAX_CHARS)
    expect(linesOf(text)[0]?.startsWith('## ❌ FAIL — ')).toBe(true)
    expect(text).toContain('the rest of the report.')
    expect(linesOf(text.trimEnd()).at(-1)).toBe(MARKER)
  })

  it('never exceeds maxChars, whatever the limit', () => {
    const report = withHostileNames(withWarnings(withManyAgents(buildFixtureReport('fail'), 300), 300))
    const full = renderMarkdown(report, { marker: 'm', detailsUrl: 'https://example.test/run' }).length
    for (let maxChars = MIN_MARKDOWN_MAX_CHARS; maxChars < full + 100; maxChars += 997) {
      const text = renderMarkdown(report, { marker: 'm', detailsUrl: 'https://example.test/run', maxChars })
      expect(text.length).toBeLessThanOrEqual(maxChars)
      expect(linesOf(text)[0]?.startsWith('## ❌ FAIL — ')).toBe(true)
    }
  })

  it('closes a details block the last-resort cut left open', () => {
    const report = withManyAgents(buildFixtureReport('fail'), 50)
    const full = renderMarkdown(report)
    const withoutCharts = renderMarkdown(report, { maxChars: full.length - 200 })
    // Cut a few rows below the per-arm figures' cost line, inside their details block.
    const text = renderMarkdown(report, { maxChars: withoutCharts.indexOf('\n| cost per run | \\$') + 260 })
    expect(text).toContain('<details><summary>Per-arm figures')
    expect(text).not.toContain('\n| citation stability |')
    expect(text).toContain('the rest of the report.')
    expect((text.match(/<details>/g) ?? []).length).toBe((text.match(/<\/details>/g) ?? []).length)
  })
})
