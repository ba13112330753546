import { describe, expect, it } from 'vitest'
import { renderJson, toReportJson } from './json.ts'
import { buildFixtureReport, FIXTURE_SCENARIOS } from './report.fixture.ts'

const SCENARIOS = FIXTURE_SCENARIOS

describe('renderJson', () => {
  it.each(SCENARIOS)('round-trips the %s report through JSON with schemaVersion 3', (scenario) => {
    const report = buildFixtureReport(scenario)
    const text = renderJson(report)
    expect(text.endsWith('}\n')).toBe(true)
    const parsed = JSON.parse(text)
    expect(parsed.schemaVersion).toBe(3)
    expect(parsed.verdict.status).toBe(report.verdict.status)
    expect(parsed.verdict.guardrails).toHaveLength(report.verdict.guardrails.length)
    expect(parsed.extraction.spansRead).toBe(report.extraction.spansRead)
    expect(parsed.arms.map((arm: { arm: string }) => arm.arm)).toEqual(report.arms.map((arm) => arm.arm))
  })

  it('keeps finite numbers exactly and writes infinite ones as null', () => {
    const fixture = buildFixtureReport('inconclusive')
    // A Fieller interval is unbounded above while the control's mean is not yet known to be above 0.
    const unbounded = fixture.verdict.guardrails.findIndex((result) => result.metric === 'cost_per_run_usd')
    const report = {
      ...fixture,
      verdict: {
        ...fixture.verdict,
        guardrails: fixture.verdict.guardrails.map((result, i) =>
          i === unbounded && result.interval !== undefined
            ? { ...result, interval: { ...result.interval, upper: Number.POSITIVE_INFINITY } }
            : result,
        ),
      },
    }
    const parsed = JSON.parse(renderJson(report))
    expect(parsed.verdict.guardrails[unbounded].interval.upper).toBeNull()
    const finite = report.verdict.guardrails.find((result) =>
      Number.isFinite(result.interval?.upper ?? Number.NaN),
    )
    const same = parsed.verdict.guardrails.find(
      (result: { metric: string }) => result.metric === finite?.metric,
    )
    expect(same.interval.upper).toBe(finite?.interval?.upper)
    expect(same.adjustedPValue).toBe(finite?.adjustedPValue)
  })

  it('leaves absent optional fields out instead of writing null', () => {
    const parsed = JSON.parse(renderJson(buildFixtureReport('no-data')))
    const [guardrail] = parsed.verdict.guardrails
    expect(Object.keys(guardrail)).toEqual([
      'metric',
      'arm',
      'bound',
      'tolerance',
      'limit',
      'units',
      'status',
      'reason',
      'note',
    ])
    expect(Object.keys(parsed.arms[0])).not.toContain('latencyMs')
  })

  it('writes only documented fields, whatever else the objects carry', () => {
    const report = buildFixtureReport('pass')
    const extra = {
      ...report,
      internal: 'secret',
      arms: report.arms.map((arm) => ({ ...arm, debug: true })),
      verdict: { ...report.verdict, scratch: [1, 2] },
    }
    const json = toReportJson(extra)
    expect(Object.keys(json)).not.toContain('internal')
    expect(renderJson(extra)).not.toMatch(/debug|scratch|secret/)
    expect(renderJson(extra)).toBe(renderJson(report))
  })

  it('writes the tolerance unit only for absolute tolerances', () => {
    const parsed = JSON.parse(renderJson(buildFixtureReport('fail')))
    const byMetric = new Map(
      parsed.verdict.guardrails.map((g: { metric: string; tolerance: object }) => [g.metric, g.tolerance]),
    )
    expect(byMetric.get('error_rate')).toEqual({ kind: 'absolute', value: 0.01, unit: 'pp', text: '1pp' })
    expect(byMetric.get('latency_p95_ms')).toEqual({ kind: 'relative', value: 0.1, text: '10%' })
  })
})
