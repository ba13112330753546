import { parseExperimentText } from '@llm-canary/gate'
import { describe, expect, it } from 'vitest'
import type { ExperimentAtCommit } from './experiment-files.ts'
import { restoreConfiguration } from './restore-configuration.ts'

function at(text: string): ExperimentAtCommit {
  const path = 'deploy/experiment.yaml'
  return {
    path,
    commit: 'c0ffee',
    text,
    blobSha: 'b10b',
    experiment: parseExperimentText(text, path).experiment,
  }
}

const before = `# triage rollout
experiment: triage
salt: spring
arms:
  control: { model: openai:gpt-4.1, weight: 80 } # production
  candidate: { model: openai:gpt-5, weight: 20 }
guardrails:
  latency_p95_ms: { max_increase: 10% }
`

/** The guardrail edit merged after the step: it must survive the revert. */
const loosen = (text: string) =>
  text.replace(
    'latency_p95_ms: { max_increase: 10% }',
    'latency_p95_ms: { max_increase: 15% } # loosened after the ramp\n  error_rate: { max_increase: 1pp }',
  )

describe('restoreConfiguration', () => {
  it('puts the arms, salt and scope back and keeps every later edit of the rest', () => {
    const now = loosen(before)
      .replace('salt: spring\n', '')
      .replace('weight: 80 }', 'weight: 50 }')
      .replace('weight: 20 }', 'weight: 50 }')
      .replace('guardrails:', 'scope: { agents: [writer] }\nguardrails:')
    expect(restoreConfiguration(at(now), at(before))).toBe(loosen(before))
  })

  it('gives the previous file whole when nothing but the configuration changed', () => {
    const now = before.replace('weight: 80', 'weight: 60').replace('weight: 20', 'weight: 40')
    expect(restoreConfiguration(at(now), at(before))).toBe(before)
  })
})
