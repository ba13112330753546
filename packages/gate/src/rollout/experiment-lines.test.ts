import { describe, expect, it } from 'vitest'
import { locateExperimentLines } from './experiment-lines.ts'

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
