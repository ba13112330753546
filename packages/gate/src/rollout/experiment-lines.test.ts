import { describe, expect, it } from 'vitest'
import { buildFixtureReport } from '../report/report.fixture.ts'
import { locateExperimentLines } from './experiment-lines.ts'
import { findFailingGuardrails } from './guardrail-findings.ts'

describe('locateExperimentLines', () => {
  it('finds the line of each guardrail and arm, flow or block style', () => {
    const text = [
      '# comment',
      'experiment: triage',
      'arms:',
      '  control:   { model: openai:gpt-4.1, weight: 80 }',
      '  candidate: { model: openai:gpt-5, weight: 20 }',
      'guardrails:',
      '  latency_p95_ms:',
      '    max_increase: 10%',
      '  error_rate: { max_increase: 1pp }',
      '',
    ].join('\n')
    const lines = locateExperimentLines(text)
    expect(lines.guardrails.get('latency_p95_ms')).toBe(7)
    expect(lines.guardrails.get('error_rate')).toBe(9)
    expect(lines.arms.get('candidate')).toBe(5)
    expect(lines.guardrailsKey).toBe(6)
  })

  it('gives empty maps for text that is not a mapping', () => {
    const lines = locateExperimentLines('- just\n- a list\n')
    expect(lines.guardrails.size).toBe(0)
    expect(lines.guardrailsKey).toBeUndefined()
  })
})

describe('findFailingGuardrails', () => {
  it('puts each failing guardrail on the line its tolerance is written on, else on guardrails:', () => {
    const report = buildFixtureReport('fail')
    const text = [
      'experiment: x',
      'guardrails:',
      '  cost_per_run_usd: { max_increase: 20% }',
      '  latency_p95_ms: { max_increase: 10% }',
    ].join('\n')
    const findings = findFailingGuardrails(report, text)
    expect(findings.map((f) => [f.metric, f.line])).toEqual([['latency_p95_ms', 4]])
    expect(findings[0]?.message).toMatch(
      /^P95 latency of candidate: δ \+40\.1%, always-valid interval \[.*\], beyond the tolerance max_increase 10%$/,
    )
    const moved = findFailingGuardrails(
      report,
      'experiment: x\nguardrails:\n  accuracy: { max_decrease: 2pp }\n',
    )
    expect(moved[0]?.line).toBe(2)
  })
})
