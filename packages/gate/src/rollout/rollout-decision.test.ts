import { describe, expect, it } from 'vitest'
import type { FixtureScenario } from '../report/report.fixture.ts'
import { buildFixtureExperiment, buildFixtureReport, withArms } from '../report/report.fixture.ts'
import type { RolloutChange } from './rollout-change.ts'
import { classifyRolloutChange } from './rollout-change.ts'
import { decideRolloutGate, worstVerdict } from './rollout-decision.ts'

/** A canary ramp 20% → 40% of the fixture experiment: gated on the fixture report's data. */
function rampChange(): RolloutChange {
  const base = buildFixtureExperiment()
  const head = withArms(base, (arm) => ({ ...arm, weight: arm.isControl ? 60 : 40 }))
  return classifyRolloutChange(base, head)
}

function decide(scenario: FixtureScenario) {
  return decideRolloutGate({ change: rampChange(), report: buildFixtureReport(scenario) })
}

describe('decideRolloutGate: what each verdict does to the check', () => {
  it('maps pass → success, fail → failure (blocking), inconclusive → pending, review → failure', () => {
    expect(decide('pass')).toMatchObject({
      outcome: 'pass',
      verdict: 'pass',
      check: 'success',
      blocking: false,
    })
    expect(decide('fail')).toMatchObject({
      outcome: 'regression',
      verdict: 'fail',
      check: 'failure',
      blocking: true,
    })
    const waiting = decide('inconclusive')
    expect(waiting).toMatchObject({
      outcome: 'waiting',
      verdict: 'inconclusive',
      check: 'pending',
      blocking: false,
    })
    expect(waiting.title).toMatch(/^Waiting for data: still needed .*sessions/)
    const review = decide('review')
    expect(review).toMatchObject({
      outcome: 'needs-person',
      verdict: 'review',
      check: 'failure',
      blocking: true,
    })
    expect(review.title).toMatch(/a writer can add canary:override$/)
  })

  it('never passes without data', () => {
    expect(decide('no-data')).toMatchObject({ check: 'pending' })
    expect(decide('no-data').verdict).not.toBe('pass')
  })

  it("turns a review green only with a writer's override, and names them", () => {
    const decision = decideRolloutGate({
      change: rampChange(),
      report: buildFixtureReport('review'),
      override: { label: 'canary:ok', grantedBy: 'alice' },
    })
    expect(decision).toMatchObject({
      outcome: 'overridden',
      verdict: 'review',
      check: 'success',
      blocking: false,
    })
    expect(decision.title).toMatch(/^Overridden: by @alice \(canary:ok\)/)
  })

  it('does not let the override label turn a fail green', () => {
    const decision = decideRolloutGate({
      change: rampChange(),
      report: buildFixtureReport('fail'),
      override: { label: 'canary:override', grantedBy: 'alice' },
    })
    expect(decision).toMatchObject({ outcome: 'regression', check: 'failure', blocking: true })
  })

  it('follows on-backend-error when the backend cannot be read, saying which and why', () => {
    const backendError = { source: 'jaeger:http://jaeger:16686', reason: 'connection refused' }
    const failing = decideRolloutGate({ change: rampChange(), backendError })
    expect(failing).toMatchObject({
      outcome: 'backend-error',
      check: 'failure',
      blocking: true,
      verdict: 'inconclusive',
    })
    expect(failing.title).toBe('Trace backend unreadable: jaeger:http://jaeger:16686: connection refused')
    const neutral = decideRolloutGate({ change: rampChange(), backendError, onBackendError: 'neutral' })
    expect(neutral).toMatchObject({ check: 'neutral', blocking: false })
  })

  it('reports a new shadow as no data yet (neutral), an unmeasured swap as needing a person, no change as skipped', () => {
    const base = buildFixtureExperiment()
    const shadowHead = withArms(base, (arm) =>
      arm.isControl
        ? arm
        : {
            ...arm,
            model: { id: 'openai:gpt-5.1', provider: 'openai', name: 'gpt-5.1' },
            weight: 0,
            shadow: 0.05,
          },
    )
    expect(decideRolloutGate({ change: classifyRolloutChange(base, shadowHead) })).toMatchObject({
      outcome: 'no-data-yet',
      check: 'neutral',
      verdict: 'inconclusive',
    })
    const swapHead = withArms(base, (arm) =>
      arm.isControl ? arm : { ...arm, model: { id: 'openai:gpt-5.1', provider: 'openai', name: 'gpt-5.1' } },
    )
    const swap = decideRolloutGate({ change: classifyRolloutChange(base, swapHead) })
    expect(swap).toMatchObject({ outcome: 'needs-person', check: 'failure', verdict: 'review' })
    expect(swap.reason).toBe('no data behind candidate openai:gpt-5.1 at 20% (was openai:gpt-5)')
    expect(decideRolloutGate({ change: classifyRolloutChange(base, base) })).toMatchObject({
      outcome: 'skipped',
      check: 'skipped',
      verdict: 'skipped',
      blocking: false,
    })
  })

  it('says why when the gate could not run (a fork), neutral and not blocking', () => {
    const decision = decideRolloutGate({
      change: rampChange(),
      notRun: 'fork pull request under pull_request',
    })
    expect(decision).toMatchObject({
      outcome: 'not-run',
      check: 'neutral',
      blocking: false,
      verdict: 'inconclusive',
    })
  })
})

describe('worstVerdict', () => {
  it('orders fail > review > inconclusive > pass > skipped', () => {
    expect(worstVerdict([])).toBe('skipped')
    expect(worstVerdict(['pass', 'skipped'])).toBe('pass')
    expect(worstVerdict(['pass', 'inconclusive', 'skipped'])).toBe('inconclusive')
    expect(worstVerdict(['review', 'inconclusive', 'pass'])).toBe('review')
    expect(worstVerdict(['review', 'fail', 'pass'])).toBe('fail')
  })
})
