import { describe, expect, it } from 'vitest'
import { buildFixtureReport } from './report.fixture.ts'
import { findControlArmName, summarizeVerdict } from './verdict-summary.ts'

describe('summarizeVerdict', () => {
  it('names the failing guardrail, its estimate and the rule it broke', () => {
    const report = buildFixtureReport('fail')
    const failed = report.verdict.guardrails.filter((result) => result.status === 'fail')
    expect(failed.length).toBeGreaterThan(0)
    const summary = summarizeVerdict(report)
    expect(summary.label).toBe('FAIL')
    expect(summary.reason).toMatch(/^candidate: P95 latency \+\d+\.\d%, beyond max_increase 10%/)
    expect(summary.noData).toBe(false)
  })

  it('counts the guardrails a pass covers and the smallest arm', () => {
    const report = buildFixtureReport('pass')
    const summary = summarizeVerdict(report)
    expect(summary.label).toBe('PASS')
    const candidateUnits = report.verdict.guardrails[0]?.units.candidate ?? 0
    expect(summary.reason).toBe(
      `${report.verdict.guardrails.length} guardrails within tolerance for candidate, at least ${candidateUnits.toLocaleString('en-US')} sessions per arm`,
    )
  })

  it('says how many guardrails are undecided and how many more units are needed', () => {
    const report = buildFixtureReport('inconclusive')
    const summary = summarizeVerdict(report)
    expect(summary.label).toBe('INCONCLUSIVE')
    const most = Math.max(...Object.values(report.verdict.samplesNeeded?.perArm ?? {}))
    expect(summary.reason).toContain(`needs up to ${most.toLocaleString('en-US')} more sessions per arm`)
    expect(summary.reason).toMatch(/^\d of 5 guardrails undecided/)
  })

  it('leads a sample-ratio review with the mismatch', () => {
    const summary = summarizeVerdict(buildFixtureReport('review'))
    expect(summary.label).toBe('REVIEW')
    expect(summary.reason).toMatch(/^sample-ratio mismatch \(p [<=] /)
  })

  it('leads a suspected-regression review with the guardrail, its interval and the tolerance', () => {
    const summary = summarizeVerdict(buildFixtureReport('suspected'))
    expect(summary.label).toBe('REVIEW')
    expect(summary.reason).toMatch(
      /^candidate: cost per run suspected regression: \+2\d\.\d% \[\+1\d\.\d%, \+2\d\.\d%\] against the tolerance 20%, significantly worse than control/,
    )
  })

  it('says no data when nothing was fetched', () => {
    const summary = summarizeVerdict(buildFixtureReport('no-data'))
    expect(summary.noData).toBe(true)
    expect(summary.reason).toBe(
      'no data: 0 spans read from jaeger:http://127.0.0.1:16686, nothing to analyse',
    )
  })

  it('never lets a pass hide an empty fetch', () => {
    const pass = buildFixtureReport('pass')
    const emptyPass = { ...pass, extraction: { ...pass.extraction, spansRead: 0 } }
    const summary = summarizeVerdict(emptyPass)
    expect(summary.status).toBe('pass')
    expect(summary.reason).toMatch(/\(0 spans read from jaeger:http:\/\/127\.0\.0\.1:16686\)$/)
  })

  it('takes the horizon sentence for a review without a mismatch', () => {
    const inconclusive = buildFixtureReport('inconclusive')
    const horizon = 'undecided after 15 days, at the 14-day horizon: a person should decide'
    const review = {
      ...inconclusive,
      verdict: { ...inconclusive.verdict, status: 'review' as const, reasons: [horizon, 'more'] },
    }
    expect(summarizeVerdict(review).reason).toBe(horizon)
  })
})

describe('findControlArmName', () => {
  it('finds the arm called control, else takes the first', () => {
    const report = buildFixtureReport('pass')
    expect(findControlArmName(report)).toBe('control')
    const renamed = {
      ...report,
      experiment: { ...report.experiment, arms: [{ name: 'prod', model: 'openai:gpt-4.1', weight: 100 }] },
    }
    expect(findControlArmName(renamed)).toBe('prod')
  })
})
