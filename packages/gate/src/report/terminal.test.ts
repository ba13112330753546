import { describe, expect, it } from 'vitest'
import { labelGuardrailStatus, labelMetricShort } from './guardrail-format.ts'
import type { FixtureScenario } from './report.fixture.ts'
import { buildFixtureReport, HOSTILE, withHostileNames, withManyAgents } from './report.fixture.ts'
import { renderTerminal } from './terminal.ts'
import { measure } from './text-table.ts'

const ESC = '\u001b'

function linesOf(text: string): string[] {
  return text.split('\n')
}

/** A row of the guardrail table (below its `metric` header), not of the forest plot above it. */
function tableRow(text: string, prefix: string): string {
  const lines = linesOf(text)
  const header = lines.findIndex((line) => /^ {2}metric\s/.test(line))
  const line = lines.slice(header + 1).find((candidate) => candidate.trimStart().startsWith(prefix))
  if (header < 0 || line === undefined) throw new Error(`no table row starts with ${prefix}`)
  return line
}

function lineStarting(text: string, prefix: string): string {
  const line = linesOf(text).find((candidate) => candidate.trimStart().startsWith(prefix))
  if (line === undefined) throw new Error(`no line starts with ${prefix}`)
  return line
}

describe('renderTerminal', () => {
  it.each([
    ['pass', 'PASS  '],
    ['fail', 'FAIL  '],
    ['inconclusive', 'INCONCLUSIVE  '],
    ['review', 'REVIEW  '],
    ['suspected', 'REVIEW  candidate: cost per run suspected regression: +'],
    ['no-data', 'INCONCLUSIVE  no data: 0 spans read'],
  ] as const)('puts the %s verdict on the first line', (scenario: FixtureScenario, start: string) => {
    const text = renderTerminal(buildFixtureReport(scenario))
    expect(linesOf(text)[0]?.startsWith(start)).toBe(true)
  })

  it('follows the verdict with the forest plot of every guardrail, then the table', () => {
    const report = buildFixtureReport('fail')
    const lines = linesOf(renderTerminal(report))
    expect(lines[1]).toBe('')
    expect(lines[2]).toMatch(/^Guardrails against their tolerances {2}\(each scaled to its own/)
    const plotted = lines.slice(3, 3 + report.verdict.guardrails.length)
    expect(plotted.map((line) => line.trim().split(/\s{2,}/)[0])).toEqual(
      report.verdict.guardrails.map((result) => labelMetricShort(result.metric)),
    )
    for (const [i, line] of plotted.entries())
      expect(line.endsWith(labelGuardrailStatus(report.verdict.guardrails[i]?.status ?? 'pass'))).toBe(true)
    expect(lines.findIndex((line) => /^ {2}metric\s/.test(line))).toBeGreaterThan(3 + plotted.length)
  })

  it('always prints the spans fetched, and the extraction numbers', () => {
    for (const scenario of ['pass', 'no-data'] as const) {
      const report = buildFixtureReport(scenario)
      const text = renderTerminal(report)
      const read = report.extraction.spansRead.toLocaleString('en-US')
      expect(linesOf(text)).toContain(`${read} spans read from ${report.source}`)
      expect(text).toContain(
        `${read} spans read, ${report.extraction.spansSkipped} skipped, ${report.extraction.spansIgnored} ignored`,
      )
    }
  })

  it('shows each guardrail with its estimate, always-valid interval, tolerance and status', () => {
    const report = buildFixtureReport('fail')
    const text = renderTerminal(report, { width: 200 })
    const failed = report.verdict.guardrails.find((result) => result.status === 'fail')
    expect(text).toContain('Guardrails of candidate')
    const row = tableRow(text, 'P95 latency ')
    expect(row).toMatch(
      /^ {2}P95 latency\s+\+\d+\.\d%\s+\[\+\d+\.\d%, \+\d+\.\d%\]\s+max_increase 10%\s+\S+\s+FAIL$/,
    )
    expect(row).toContain(`+${((failed?.estimate ?? 0) * 100).toFixed(1)}%`)
    const floor = linesOf(text).find((line) => line.includes('min 0.9'))
    expect(floor).toMatch(/^ {2}citation stability\s+-\d+\.\d\dpp\s+\[.+\]\s+min 0\.9\s+\S+\s+pass$/)
  })

  it('reads a suspected regression as such: status, estimate, interval, tolerance and what would settle it', () => {
    const report = buildFixtureReport('suspected')
    const text = renderTerminal(report, { width: 400 })
    const suspected = report.verdict.guardrails.find((result) => result.status === 'suspected_regression')
    const most = Math.max(...Object.values(suspected?.unitsNeeded ?? {}))
    const row = tableRow(text, 'cost per run ')
    expect(row).toMatch(
      /^ {2}cost per run\s+\+2\d\.\d%\s+\[\+1\d\.\d%, \+2\d\.\d%\]\s+max_increase 20%\s+\S+\s+SUSPECTED REGRESSION$/,
    )
    expect(lineStarting(text, 'cost per run (candidate)')).toMatch(
      new RegExp(
        `suspected regression: \\+2\\d\\.\\d% \\[\\+1\\d\\.\\d%, \\+2\\d\\.\\d%\\] against the tolerance 20%, significantly worse than control but not yet significantly beyond the tolerance; about ${most.toLocaleString('en-US')} more units per arm would settle it$`,
      ),
    )
    const why = linesOf(text).filter((line) => line.includes('suspected regression: candidate: cost per run'))
    expect(why).toHaveLength(1)
  })

  it('adds an arm column when several candidates are gated', () => {
    const report = buildFixtureReport('fail')
    const second = report.verdict.guardrails.map((result) => ({ ...result, arm: 'claude' }))
    const twoCandidates = {
      ...report,
      verdict: { ...report.verdict, guardrails: [...report.verdict.guardrails, ...second] },
    }
    const text = renderTerminal(twoCandidates, { width: 200 })
    expect(lineStarting(text, 'metric')).toMatch(/^ {2}metric\s+arm\s+δ/)
    expect(linesOf(text).filter((line) => /^ {2}P95 latency\s+(candidate|claude)\s/.test(line))).toHaveLength(
      2,
    )
  })

  it('shows the per-arm figures with changes versus control', () => {
    const report = buildFixtureReport('fail')
    const text = renderTerminal(report, { width: 200 })
    const [control, candidate] = report.arms
    const change = ((candidate?.latencyMs?.p95 ?? 0) / (control?.latencyMs?.p95 ?? 1) - 1) * 100
    expect(lineStarting(text, 'latency P95')).toContain(`(+${change.toFixed(1)}%)`)
    expect(lineStarting(text, 'sessions')).toMatch(/6,000\s+1,500$/)
    for (const label of [
      'LLM calls',
      'error rate',
      'latency P50',
      'latency P99',
      'TTFT P95',
      'cost per call',
      'cost per run',
      'accuracy',
      'judge (1–5)',
      'citation stability',
    ]) {
      expect(lineStarting(text, label)).toBeDefined()
    }
  })

  it('lists the worst agents first and marks those beyond a tolerance', () => {
    const text = renderTerminal(buildFixtureReport('fail'), { width: 200 })
    const agentLines = linesOf(text).filter((line) => /^ {2}(extractor|router|summarizer) /.test(line))
    expect(agentLines).toHaveLength(3)
    for (const line of agentLines) expect(line).toContain('▲ P95 latency +')
  })

  it('prints the sample-ratio check, the plan progress and the samples still needed', () => {
    const report = buildFixtureReport('inconclusive')
    const text = renderTerminal(report, { width: 300 })
    expect(lineStarting(text, 'Sample ratio')).toMatch(/^Sample ratio {2}ok, p = /)
    expect(lineStarting(text, 'Plan')).toContain('control 480 / 6,000 (8.00%), candidate 120 / 6,000 (2.00%)')
    const needed = report.verdict.samplesNeeded?.perArm.candidate ?? -1
    expect(lineStarting(text, 'Still needed')).toContain(
      `candidate +${needed.toLocaleString('en-US')} sessions`,
    )
    expect(renderTerminal(buildFixtureReport('review'))).toContain('MISMATCH, p < 1e-15')
  })

  it('emits no escape codes by default and colours when asked', () => {
    const report = buildFixtureReport('fail')
    expect(renderTerminal(report)).not.toContain(ESC)
    const coloured = renderTerminal(report, { color: true })
    expect(linesOf(coloured)[0]?.startsWith(`${ESC}[1m${ESC}[31mFAIL`)).toBe(true)
  })

  it('keeps every line within the width', () => {
    const text = renderTerminal(withHostileNames(buildFixtureReport('fail')), { width: 80 })
    for (const line of linesOf(text)) expect(measure(line)).toBeLessThanOrEqual(80)
  })

  it('strips control characters that could rewrite the terminal from names and warnings', () => {
    const text = renderTerminal(withHostileNames(buildFixtureReport('fail')), { width: 400 })
    expect(text).not.toContain(ESC)
    expect(text).not.toContain('\u202e')
    expect(text).toContain('\\u001b[31mred')
    expect(text).toContain(`- ${HOSTILE.agent}`)
    expect(text).not.toContain('\n## injected heading')
  })

  it('limits the agents and warnings listed and counts the rest', () => {
    const report = withManyAgents(buildFixtureReport('pass'), 500)
    const text = renderTerminal(report, { maxAgents: 5, maxWarnings: 1 })
    const candidates = report.agents.filter((agent) => agent.arm === 'candidate').length
    expect(text).toContain(`… ${(candidates - 5).toLocaleString('en-US')} more agent rows`)
    expect(text).toContain('… 1 more warnings')
  })
})

describe('renderTerminal agents', () => {
  const agentsSection = (text: string) => text.slice(text.indexOf('Agents'), text.indexOf('Sample ratio'))

  it('names a single candidate in the title instead of an arm column, and skips nodes without calls', () => {
    const report = buildFixtureReport('fail')
    const idle = { ...report.agents[0]!, agent: 'no-llm-node', arm: 'candidate', calls: 0 }
    const text = agentsSection(
      renderTerminal({ ...report, agents: [...report.agents, idle] }, { width: 140 }),
    )
    expect(text).toMatch(/^Agents of candidate/)
    expect(text.split('\n')[1]).not.toMatch(/\barm\b/)
    expect(text).not.toMatch(/no-llm-node/)
  })
})
