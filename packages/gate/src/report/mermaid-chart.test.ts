import type { GuardrailResult } from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import type { IntervalHistoryPoint } from '../types.ts'
import { MAX_CHART_LOOKS, renderIntervalChart } from './mermaid-chart.ts'
import { buildFixtureReport } from './report.fixture.ts'

const guardrail: GuardrailResult = {
  metric: 'latency_p95_ms',
  arm: 'candidate',
  bound: 'max_increase',
  tolerance: { kind: 'relative', value: 0.1, text: '10%' },
  limit: 0.1,
  units: { control: 400, candidate: 100 },
  status: 'inconclusive',
  reason: 'undecided',
}

function point(i: number, overrides: Partial<IntervalHistoryPoint> = {}): IntervalHistoryPoint {
  return {
    at: new Date(Date.UTC(2026, 4, 1, i)).toISOString(),
    units: 100 * (i + 1),
    metric: 'latency_p95_ms',
    arm: 'candidate',
    estimate: 0.05,
    lower: -0.2,
    upper: 0.3 - i * 0.01,
    limit: 0.1,
    ...overrides,
  }
}

function seriesOf(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter((line) => line.trim().startsWith('line ['))
    .map((line) => line.trim())
}

/** The y axis's ends, as the chart sets them (`y-axis "..." low --> high`). */
function axisOf(markdown: string): [number, number] {
  const match = /^ {2}y-axis "[^"]*" (-?[\d.]+) --> (-?[\d.]+)$/m.exec(markdown)
  if (match === null) throw new Error('no y range in the chart')
  return [Number(match[1]), Number(match[2])]
}

function valuesOf(line: string): number[] {
  return line.slice('line ['.length, -1).split(', ').map(Number)
}

describe('renderIntervalChart', () => {
  it('draws estimate, both bounds and tolerance over the looks of a real history', () => {
    const report = buildFixtureReport('fail')
    const failed = report.verdict.guardrails.find((result) => result.status === 'fail')
    if (failed === undefined) throw new Error('the fail fixture has no failing guardrail')
    const chart = renderIntervalChart(failed, report.history)
    if (chart === undefined) throw new Error('no chart for the failing guardrail')
    const lines = chart.markdown.split('\n')
    expect(lines[0]).toBe('```mermaid')
    expect(lines).toContain('xychart-beta')
    expect(lines).toContain('  title "candidate: P95 latency"')
    const [estimate, upper, lower, tolerance] = seriesOf(chart.markdown).map(valuesOf)
    // The y range is set: padded past every value drawn, so no line lies on the plot's frame.
    const [axisLow, axisHigh] = axisOf(chart.markdown)
    const drawn = [estimate, upper, lower, tolerance].flatMap((values) => values ?? [])
    expect(axisLow).toBeLessThan(Math.min(...drawn))
    expect(axisHigh).toBeGreaterThan(Math.max(...drawn))
    const last = report.history.filter((p) => p.metric === failed.metric && p.arm === failed.arm).at(-1)
    // Three significant digits of the largest value drawn (the first look's upper bound, > 100%).
    expect(estimate?.at(-1)).toBeCloseTo((last?.estimate ?? 0) * 100, 1)
    expect(upper?.at(-1)).toBeCloseTo((last?.upper ?? 0) * 100, 0)
    expect(lower?.at(-1)).toBeCloseTo((last?.lower ?? 0) * 100, 0)
    expect(lower?.at(-1)).toBeGreaterThan(10)
    expect(tolerance).toEqual(Array.from({ length: chart.looks }, () => 10))
    expect(lines).toContain('```')
  })

  it('leaves out looks whose upper bound is unbounded and says nothing with fewer than two left', () => {
    const history = [point(0, { upper: Number.POSITIVE_INFINITY }), point(1), point(2)]
    const chart = renderIntervalChart(guardrail, history)
    expect(chart?.looks).toBe(2)
    expect(chart?.skipped).toBe(1)
    expect(chart?.markdown).toContain('x-axis "units per arm at each look" ["200", "300"]')
    const { estimate: _dropped, ...withoutEstimate } = point(1)
    expect(renderIntervalChart(guardrail, [point(0), withoutEstimate])).toBeUndefined()
  })

  it('draws an unbounded lower bound at the bottom of the range, inside the padded axis', () => {
    const history = [
      point(0, { lower: Number.NEGATIVE_INFINITY, estimate: 0.04 }),
      point(1, { lower: 0.01, estimate: 0.06, upper: 0.29 }),
    ]
    const chart = renderIntervalChart(guardrail, history)
    expect(chart?.looks).toBe(2)
    expect(seriesOf(chart?.markdown ?? '')[2]).toBe('line [1.00, 1.00]')
    expect(axisOf(chart?.markdown ?? '')).toEqual([-1.32, 32.32])
    expect(chart?.markdown).toContain('bounds beyond the range are drawn at its edge')
  })

  it('keeps the tolerance and the latest bounds inside the range when early bounds are huge', () => {
    // The first look's upper bound is a million times the tolerance, as a real history's can be.
    const history = [point(0, { upper: 1e6, lower: -1e6 }), point(1), point(2, { upper: 0.2, lower: 0.02 })]
    const chart = renderIntervalChart(guardrail, history)
    const [estimate, upper, lower, tolerance] = seriesOf(chart?.markdown ?? '').map(valuesOf)
    const [axisLow, axisHigh] = axisOf(chart?.markdown ?? '')
    // Core: tolerance 10, estimates 5, latest interval [2, 20]; reaching out by that size (18) at most.
    expect(upper).toEqual([38, 29, 20])
    expect(lower).toEqual([-16, -16, 2])
    expect(estimate).toEqual([5, 5, 5])
    expect(tolerance).toEqual([10, 10, 10])
    expect(axisLow).toBeLessThan(-16)
    expect(axisHigh).toBeGreaterThan(38)
    expect(axisHigh - axisLow).toBeLessThan(70)
  })

  it('only plots its own metric and arm, in time order', () => {
    const history = [
      point(2),
      point(0),
      point(1, { arm: 'other' }),
      point(3, { metric: 'error_rate' }),
      point(1),
    ]
    const chart = renderIntervalChart(guardrail, history)
    expect(chart?.markdown).toContain('["100", "200", "300"]')
  })

  it('thins a long history to the maximum, keeping the first and last look', () => {
    const history = Array.from({ length: 100 }, (_, i) => point(i))
    const chart = renderIntervalChart(guardrail, history)
    expect(chart?.looks).toBe(MAX_CHART_LOOKS)
    expect(chart?.markdown).toContain('"100", ')
    expect(chart?.markdown).toContain('"10,000"]')
    expect(chart?.markdown).toContain(`${MAX_CHART_LOOKS} of 100 looks shown`)
  })

  it('quotes a hostile arm name safely', () => {
    const arm = 'x" ]\n```\n<img src=x>'
    const chart = renderIntervalChart({ ...guardrail, arm }, [point(0, { arm }), point(1, { arm })])
    const title = chart?.markdown.split('\n').find((line) => line.includes('title'))
    expect(title).toMatch(/^ {2}title "x_ _+img src_x_: P95 latency"$/)
    expect(chart?.markdown.split('\n').filter((line) => line.startsWith('```'))).toHaveLength(2)
  })

  it('writes small dollar amounts without exponent notation', () => {
    const usd: GuardrailResult = {
      ...guardrail,
      metric: 'cost_per_call_usd',
      tolerance: { kind: 'absolute', value: 0.0001, unit: 'usd', text: '$0.0001' },
      limit: 0.0001,
    }
    const history = [0, 1].map((i) =>
      point(i, {
        metric: 'cost_per_call_usd',
        estimate: 0.00002,
        lower: -0.00027,
        upper: 0.00031,
        limit: 0.0001,
      }),
    )
    const chart = renderIntervalChart(usd, history)
    expect(seriesOf(chart?.markdown ?? '')).toEqual([
      'line [0.0000200, 0.0000200]',
      'line [0.0003100, 0.0003100]',
      'line [-0.0002700, -0.0002700]',
      'line [0.0001000, 0.0001000]',
    ])
  })

  it('keeps an astronomically wide latest interval from flattening the chart or printing exponents', () => {
    // Seen in the demo: at 126 units per arm the P95 TTFT ratio's upper bound was +2.5e42%.
    const history = [
      point(0, { estimate: 0.17, lower: -1, upper: 5.09e40, limit: 0.15 }),
      point(1, { estimate: 0.15, lower: -1, upper: 2.54e40, limit: 0.15 }),
    ]
    const markdown = renderIntervalChart({ ...guardrail, limit: 0.15 }, history)?.markdown ?? ''
    expect(markdown).not.toMatch(/\de[+-]?\d/)
    const [low, high] = axisOf(markdown)
    expect(low).toBeLessThanOrEqual(-100)
    expect(high).toBeGreaterThan(17)
    expect(high).toBeLessThan(1000)
    const [estimates, uppers] = seriesOf(markdown).map(valuesOf)
    expect(estimates).toEqual([17, 15])
    expect(uppers?.every((upper) => upper <= high)).toBe(true)
    expect(markdown).toContain('bounds beyond the range are drawn at its edge')
  })
})
