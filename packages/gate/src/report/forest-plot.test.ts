import type { GuardrailMetric, GuardrailResult } from '@llm-canary/core'
import { GUARDRAIL_METRICS } from '@llm-canary/core'
import { eastAsianWidthType } from 'get-east-asian-width'
import { describe, expect, it } from 'vitest'
import type { AnalysisReport } from '../types.ts'
import { FOREST_GLYPHS, renderForestPlot } from './forest-plot.ts'
import { buildFixtureReport, FIXTURE_SCENARIOS, HOSTILE, withHostileNames } from './report.fixture.ts'
import { createReportStyle } from './terminal-style.ts'

const ESC = '\u001b'

const BASE: GuardrailResult = {
  metric: 'latency_p95_ms',
  arm: 'candidate',
  bound: 'max_increase',
  tolerance: { kind: 'relative', value: 0.1, text: '10%' },
  limit: 0.1,
  units: { control: 4000, candidate: 1000 },
  status: 'inconclusive',
  reason: 'undecided',
}

/** The fail fixture with its guardrails replaced; control's citation stability set to 0.95. */
function reportWith(guardrails: readonly GuardrailResult[]): AnalysisReport {
  const report = buildFixtureReport('fail')
  return {
    ...report,
    arms: report.arms.map((arm) => (arm.arm === 'control' ? { ...arm, citationStability: 0.95 } : arm)),
    verdict: { ...report.verdict, guardrails: [...guardrails] },
  }
}

function guardrail(overrides: Partial<GuardrailResult>): GuardrailResult {
  return { ...BASE, ...overrides }
}

/** The plot columns of a row: what lies between the label and the status. */
function plotOf(lines: readonly string[], label: string): string {
  const axis = lines.find((line) => line.trimStart().startsWith(FOREST_GLYPHS.tick)) ?? ''
  const start = axis.indexOf(FOREST_GLYPHS.tick)
  const row = lines.find((line) => line.startsWith(`${label} `)) ?? ''
  return row.slice(start, start + axis.trim().length)
}

function tickColumn(lines: readonly string[], tick: number): number {
  const axis = lines.find((line) => line.trimStart().startsWith(FOREST_GLYPHS.tick)) ?? ''
  const labels = lines[lines.indexOf(axis) + 1] ?? ''
  const start = axis.indexOf(FOREST_GLYPHS.tick)
  const end = new RegExp(`(^|\\s)${tick}(\\s|$)`).exec(labels)
  if (end === null) throw new Error(`no tick ${tick}`)
  return end.index + end[0].trimEnd().length - 1 - start
}

describe('renderForestPlot', () => {
  it('draws one row per guardrail × candidate, label first and status last, above an axis', () => {
    const report = buildFixtureReport('fail')
    const lines = renderForestPlot(report)
    const rows = lines.slice(0, report.verdict.guardrails.length)
    for (const [i, row] of rows.entries()) {
      const result = report.verdict.guardrails[i]
      expect(row.startsWith(GUARDRAIL_METRICS[result?.metric ?? 'error_rate'].label.slice(0, 8))).toBe(true)
    }
    expect(rows.map((row) => row.split(/\s{2,}/).at(-1))).toEqual([
      'FAIL',
      'pass',
      'pass',
      'undecided',
      'pass',
    ])
    const axis = lines[rows.length] ?? ''
    expect(axis.trim()).toMatch(/^\+(-+\+)+$/)
    expect(lines[rows.length + 1]?.trim()).toMatch(/^-2 +-1 +0 +1 +2 +3 +4$/)
  })

  it('scales δ to each tolerance: 0 = control, 1 = the tolerance, whatever the unit', () => {
    const lines = renderForestPlot(
      reportWith([
        guardrail({ estimate: 0.05, interval: { lower: 0, upper: 0.1 } }),
        guardrail({
          metric: 'error_rate',
          tolerance: { kind: 'absolute', value: 0.02, unit: 'pp', text: '2pp' },
          limit: 0.02,
          estimate: 0.02,
          interval: { lower: 0.01, upper: 0.04 },
        }),
      ]),
    )
    const control = tickColumn(lines, 0)
    const tolerance = tickColumn(lines, 1)
    const latency = plotOf(lines, 'P95 latency')
    expect(latency[control]).toBe(FOREST_GLYPHS.lower)
    expect(latency[tolerance]).toBe(FOREST_GLYPHS.upper)
    expect(latency.indexOf(FOREST_GLYPHS.estimate)).toBe(Math.round((control + tolerance) / 2))
    const errors = plotOf(lines, 'error rate')
    expect(errors[tolerance]).toBe(FOREST_GLYPHS.estimate)
    expect(errors[tickColumn(lines, 2)]).toBe(FOREST_GLYPHS.upper)
    expect(errors.slice(control + 1, tolerance)).toContain(FOREST_GLYPHS.lower)
  })

  it("scales a min/max threshold by control's margin inside it, and says so", () => {
    // Control 0.95 against a floor of 0.90: a margin of 0.05. The candidate 0.85 is 0.05 past the floor.
    const lines = renderForestPlot(
      reportWith([
        guardrail({
          metric: 'citation_stability',
          bound: 'min',
          tolerance: { kind: 'threshold', value: 0.9, text: '0.90' },
          limit: 0,
          estimate: 0.05,
          interval: { lower: 0, upper: 0.1 },
          status: 'fail',
        }),
      ]),
    )
    const row = plotOf(lines, 'citation stability')
    expect(row[tickColumn(lines, 1)]).toBe(FOREST_GLYPHS.lower)
    expect(row[tickColumn(lines, 2)]).toBe(FOREST_GLYPHS.estimate)
    expect(row[tickColumn(lines, 3)]).toBe(FOREST_GLYPHS.upper)
    expect(lines).toContain(
      `${' '.repeat(lines[0]?.indexOf(row) ?? 0)}min/max: 1 = the threshold, 0 = control's value`,
    )
  })

  it('ends an interval that runs off the axis in an arrow, and widens the axis only so far', () => {
    const lines = renderForestPlot(
      reportWith([
        guardrail({ estimate: 0.05, interval: { lower: -0.9, upper: 2 } }),
        guardrail({ metric: 'cost_per_run_usd', estimate: 1, interval: { lower: 0.8, upper: 1.2 } }),
        guardrail({
          metric: 'error_rate',
          estimate: -0.5,
          interval: { lower: Number.NEGATIVE_INFINITY, upper: -0.4 },
        }),
      ]),
    )
    expect(
      lines
        .find((line) => /^-2 +-1 +0/.test(line.trim()))
        ?.trim()
        .endsWith(' 4'),
    ).toBe(true)
    const wide = plotOf(lines, 'P95 latency')
    expect(wide.startsWith(FOREST_GLYPHS.beyondLeft)).toBe(true)
    expect(wide.endsWith(FOREST_GLYPHS.beyondRight)).toBe(true)
    const beyond = plotOf(lines, 'cost per run')
    expect(beyond.trimEnd().endsWith(FOREST_GLYPHS.beyondRight)).toBe(true)
    expect(beyond).not.toContain(FOREST_GLYPHS.lower)
    expect(beyond).not.toContain(FOREST_GLYPHS.estimate)
    expect(plotOf(lines, 'error rate').trimEnd()).toBe(
      `${FOREST_GLYPHS.beyondLeft}${' '.repeat(tickColumn(lines, 0) - 1)}${FOREST_GLYPHS.control}${' '.repeat(tickColumn(lines, 1) - tickColumn(lines, 0) - 1)}${FOREST_GLYPHS.tolerance}`,
    )
  })

  it('shows a guardrail without data, without an interval, or without a scale for what it is', () => {
    const report = reportWith([
      guardrail({ status: 'no_data', reason: 'no_observations' }),
      guardrail({ metric: 'cost_per_run_usd', estimate: 0.15 }),
      guardrail({
        metric: 'error_rate',
        tolerance: { kind: 'absolute', value: 0, unit: 'pp', text: '0pp' },
        limit: 0,
        estimate: 0.01,
        interval: { lower: 0, upper: 0.02 },
      }),
      guardrail({
        metric: 'judge_score',
        bound: 'min',
        tolerance: { kind: 'threshold', value: 4, text: '4' },
        limit: 0,
        estimate: 0.1,
        interval: { lower: -0.2, upper: 0.4 },
      }),
    ])
    const { judgeScore: _unmeasured, ...control } = report.arms[0] ?? buildFixtureReport('fail').arms[0]!
    const lines = renderForestPlot({ ...report, arms: [control, ...report.arms.slice(1)] })
    const empty = plotOf(lines, 'P95 latency')
    expect(empty.replace(/\s/g, '')).toBe(`${FOREST_GLYPHS.control}${FOREST_GLYPHS.tolerance}`)
    expect(lines.find((line) => line.startsWith('P95 latency'))?.endsWith('no data')).toBe(true)
    const pointOnly = plotOf(lines, 'cost per run')
    expect(
      pointOnly[tickColumn(lines, 1) + Math.round((tickColumn(lines, 2) - tickColumn(lines, 1)) / 2)],
    ).toBe(FOREST_GLYPHS.estimate)
    expect(pointOnly).not.toMatch(/[[\]]/)
    expect(lines.find((line) => line.startsWith('error rate'))).toContain('(tolerance 0: see the table)')
    expect(lines.find((line) => line.startsWith('judge score'))).toContain(
      '(control unmeasured: see the table)',
    )
  })

  it('groups several candidates under their arm names, made safe by the caller', () => {
    const report = buildFixtureReport('fail')
    const second = report.verdict.guardrails.map((result) => ({ ...result, arm: HOSTILE.arm }))
    const lines = renderForestPlot(
      { ...report, verdict: { ...report.verdict, guardrails: [...report.verdict.guardrails, ...second] } },
      { safe: (arm) => arm.replace(/[<>|]/g, '_') },
    )
    expect(lines[0]).toBe('arm candidate')
    expect(lines[report.verdict.guardrails.length + 1]).toBe('arm cand__b_@here_/b_')
    expect(lines.filter((line) => line.startsWith('P95 latency '))).toHaveLength(2)
  })

  it('uses only characters one column wide in every font: ASCII and East-Asian-neutral WGL4 glyphs', () => {
    const neutral = new Set<string>()
    for (const scenario of FIXTURE_SCENARIOS) {
      for (const width of [40, 80, 100]) {
        for (const char of renderForestPlot(buildFixtureReport(scenario), { width }).join('')) {
          if (char.charCodeAt(0) > 0x7e) neutral.add(char)
        }
      }
    }
    expect([...neutral].sort()).toEqual(['►', '◄', '◊'].filter((glyph) => neutral.has(glyph)).sort())
    for (const glyph of Object.values(FOREST_GLYPHS)) {
      expect(['neutral', 'narrow']).toContain(eastAsianWidthType(glyph.codePointAt(0) ?? 0))
    }
    // What a CJK terminal would widen: box drawing and the common bullets are "ambiguous", so left out.
    expect(eastAsianWidthType('─'.codePointAt(0) ?? 0)).toBe('ambiguous')
    expect(eastAsianWidthType('●'.codePointAt(0) ?? 0)).toBe('ambiguous')
  })

  it('keeps every line within the width, with many guardrails on several candidates', () => {
    const metrics = Object.keys(GUARDRAIL_METRICS) as GuardrailMetric[]
    const many = ['candidate', 'claude', 'gemini'].flatMap((arm) =>
      metrics.map((metric, i) =>
        guardrail({
          metric,
          arm,
          estimate: (i - 4) * 0.05,
          interval: { lower: (i - 6) * 0.05, upper: (i - 2) * 0.05 },
          status: i % 3 === 0 ? 'suspected_regression' : 'inconclusive',
        }),
      ),
    )
    for (const width of [40, 60, 80, 100]) {
      const lines = renderForestPlot(reportWith(many), { width, indent: '  ' })
      expect(lines.filter((line) => line.startsWith('  arm '))).toHaveLength(3)
      expect(lines.length).toBeGreaterThanOrEqual(3 + metrics.length * 3 + 4)
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(width)
      const statuses = lines.filter((line) => /SUSPECTED/.test(line))
      expect(statuses.every((line) => line.endsWith(width < 70 ? 'SUSPECTED' : 'SUSPECTED REGRESSION'))).toBe(
        true,
      )
    }
  })

  it('colours the intervals and statuses only when asked', () => {
    const report = withHostileNames(buildFixtureReport('fail'))
    expect(renderForestPlot(report).join('\n')).not.toContain(ESC)
    const coloured = renderForestPlot(report, { style: createReportStyle(true) })
    expect(coloured[0]?.endsWith(`${ESC}[1m${ESC}[31mFAIL${ESC}[39m${ESC}[22m`)).toBe(true)
    expect(coloured.find((line) => line.trimStart().startsWith('+'))).not.toContain(ESC)
  })
})
