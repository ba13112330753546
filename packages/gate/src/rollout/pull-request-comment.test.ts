import { describe, expect, it } from 'vitest'
import {
  buildFixtureExperiment,
  buildFixtureReport,
  withArms,
  withManyAgents,
} from '../report/report.fixture.ts'
import { renderPullRequestComment } from './pull-request-comment.ts'
import { classifyRolloutChange } from './rollout-change.ts'
import { decideRolloutGate } from './rollout-decision.ts'

const base = buildFixtureExperiment()
const head = withArms(base, (arm) => ({ ...arm, weight: arm.isControl ? 60 : 40 }))
const change = classifyRolloutChange(base, head)
const since = new Date('2026-05-01T12:00:00Z')

describe('renderPullRequestComment', () => {
  it('says the step, what the check does, the data window, then the report, and ends with the marker', () => {
    const report = buildFixtureReport('fail')
    const decision = decideRolloutGate({ change, report })
    const body = renderPullRequestComment({
      change,
      decision,
      gate: { report },
      file: 'deploy/experiment.yaml',
      checkName: 'llm-canary / fixture',
      window: { since, origin: 'configuration', commit: 'abcdef0123456789' },
      marker: change.experiment,
    })
    const lines = body.split('\n')
    expect(lines[0]).toMatch(/^### 🐤 llm-canary · .+ · canary ramp$/)
    expect(body).toContain('- candidate openai:gpt-5 20% → 40%')
    expect(body).toContain(
      '**Data:** since 2026-05-01 12:00 UTC, when commit abcdef0 gave the candidate its current configuration.',
    )
    expect(body).toContain('❌ **Blocked: a regression.**')
    expect(body).toMatch(/^## ❌ FAIL — /m)
    expect(body.trimEnd().split('\n').at(-1)).toBe(`<!-- llm-canary:${change.experiment} -->`)
  })

  it("explains a pass in the experiment's unit word", () => {
    const report = buildFixtureReport('pass')
    const byUser = { ...report, experiment: { ...report.experiment, unit: 'user' } }
    const decision = decideRolloutGate({ change, report: byUser })
    expect(decision.outcome).toBe('pass')
    const body = renderPullRequestComment({ change, decision, gate: { report: byUser } })
    expect(body).toContain(
      'Every guardrail is inside its tolerance, with enough users per arm and no sample-ratio mismatch.',
    )
  })

  it('names who overrode a review, and who was ignored', () => {
    const report = buildFixtureReport('review')
    const override = {
      label: 'canary:override',
      grantedBy: 'alice',
      ignored: [{ login: 'mallory', permission: 'read' }],
    }
    const body = renderPullRequestComment({
      change,
      decision: decideRolloutGate({ change, report, override }),
      gate: { report, override },
    })
    expect(body).toContain('✅ **Overridden.** @&#8203;alice (write access) added `canary:override`')
    expect(body).toContain('added by @&#8203;mallory was ignored: they have read access')
  })

  it('tells a waiting pull request what is still needed, and a backend error which backend and why', () => {
    const report = buildFixtureReport('inconclusive')
    const waiting = renderPullRequestComment({
      change,
      decision: decideRolloutGate({ change, report }),
      gate: { report },
    })
    expect(waiting).toMatch(
      /⏳ \*\*Waiting for data\.\*\* The check stays in progress .* Still needed: control \+[\d,]+ sessions, candidate \+/,
    )
    const backendError = { source: 'tempo:http://tempo:3200', reason: 'HTTP 503 after 3 retries' }
    const failed = renderPullRequestComment({
      change,
      decision: decideRolloutGate({ change, backendError }),
      gate: { backendError },
    })
    expect(failed).toContain('tempo:http:&#8203;//tempo:3200: HTTP 503 after 3 retries')
    expect(failed).toContain('`on-backend-error: fail` makes the check fail')
  })

  it('fits a huge report into the comment limit, keeping the head and the marker', () => {
    const report = withManyAgents(buildFixtureReport('fail'), 5_000)
    const body = renderPullRequestComment({
      change,
      decision: decideRolloutGate({ change, report }),
      gate: { report },
      marker: 'x',
      maxChars: 3_000,
    })
    expect(body.length).toBeLessThanOrEqual(3_000)
    expect(body).toContain('Cut to fit')
    expect(body.trimEnd().endsWith('<!-- llm-canary:x -->')).toBe(true)
  })

  it('escapes names from the experiment file', () => {
    const hostile = { ...head, id: '<img src=x> @everyone' }
    const hostileChange = classifyRolloutChange({ ...base, id: hostile.id }, hostile)
    const body = renderPullRequestComment({
      change: hostileChange,
      decision: decideRolloutGate({ change: hostileChange, notRun: 'fork' }),
    })
    expect(body).not.toContain('<img')
    expect(body).not.toContain('@everyone')
  })
})
