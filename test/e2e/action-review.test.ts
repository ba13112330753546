import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ActionScenario, SCENARIO_TIMEOUT_MS } from './action-support/action-scenario.ts'
import type { CanaryTraffic } from './action-support/canary-traces.ts'
import { EXPERIMENT_PATH, experimentText, rampCandidate } from './action-support/experiment-texts.ts'
import { daysAgo } from './action-support/scenario-clock.ts'

// A review: the data is suspect without proving a regression, so a person decides. Here the suspicion
// is a sample-ratio mismatch (the file says 50/50, the spans show 70/30: sessions go missing on the way),
// which core reviews whichever fail rule it follows. Then the override label: ignored from someone with
// triage access, honoured (and named) from a writer.
const CHECK = 'llm-canary / support-triage'
const base = experimentText()
/** Healthy metrics, but assigned 70/30 while the file promises 50/50. */
const mismatched: CanaryTraffic = { experiment: rampCandidate(base, 30), sessions: 2000, start: daysAgo(3) }

let s: ActionScenario

beforeAll(async () => {
  s = await ActionScenario.start()
  s.gh.commit('main', { [EXPERIMENT_PATH]: base }, { message: 'Add the experiment', date: daysAgo(10) })
  s.gh.setPermission('bob', 'triage')
  s.gh.setPermission('carol', 'write')
})
afterAll(() => s.close())

describe('a review → the override label', { timeout: SCENARIO_TIMEOUT_MS }, () => {
  it('needs a person until a writer adds canary:override; a triager’s label is ignored and said so', async () => {
    const pr = s.openRamp(base, 70)

    const first = await s.runGate(pr.number, { traffic: [mismatched] })
    s.expectRun(first, { exitCode: 1, verdict: 'review', outcomes: ['needs-person'] })
    expect(first.report[0]?.report?.verdict.status).toBe('review')
    const checks = s.checkRunsOn(pr.headSha)
    expect(checks).toEqual([
      expect.objectContaining({ name: CHECK, status: 'completed', conclusion: 'failure' }),
    ])
    expect(checks[0]?.output.title).toMatch(
      /^Needs a person: .*sample.ratio.*; a writer can add canary:override$/i,
    )
    expect(s.labelsOf(pr.number)).toEqual(['canary:needs-review'])
    const [comment] = s.commentsOn(pr.number)
    expect(comment?.body).toContain('👀 **Needs a person.**')
    expect(comment?.body).toContain('until someone with write access adds the `canary:override` label')
    expect(first.annotations.at(-1)).toMatchObject({
      level: 'error',
      message: expect.stringContaining(`${CHECK}: Needs a person`),
    })

    s.gh.addLabel(pr.number, 'canary:override', { actor: 'bob' })
    const triaged = await s.runGate(pr.number, { traffic: [mismatched], action: 'labeled' })
    s.expectRun(triaged, { exitCode: 1, verdict: 'review', outcomes: ['needs-person'] })
    expect(triaged.report[0]?.overriddenBy).toBeUndefined()
    expect(s.checkRunsOn(pr.headSha)).toEqual([
      expect.objectContaining({ id: checks[0]?.id, conclusion: 'failure' }),
    ])
    expect(s.commentsOn(pr.number)).toEqual([expect.objectContaining({ id: comment?.id })])
    // Logins are written @&#8203;login: named, not pinged.
    expect(s.commentsOn(pr.number)[0]?.body).toContain(
      '`canary:override` added by @&#8203;bob was ignored: they have triage access, and only write, maintain or admin counts.',
    )
    // Who added the label was read from the issue events, and their permission from the API.
    expect(triaged.requests.map((r) => r.operation)).toContain(
      'GET /repos/{owner}/{repo}/collaborators/{username}/permission',
    )

    s.gh.removeLabel(pr.number, 'canary:override', { actor: 'carol' })
    s.gh.addLabel(pr.number, 'canary:override', { actor: 'carol' })
    const overridden = await s.runGate(pr.number, { traffic: [mismatched], action: 'labeled' })
    // The evidence is unchanged (still a review); the check passes because a writer said so.
    s.expectRun(overridden, { exitCode: 0, verdict: 'review', outcomes: ['overridden'] })
    expect(overridden.report[0]?.overriddenBy).toBe('carol')
    const [check] = s.checkRunsOn(pr.headSha)
    expect(check).toMatchObject({ id: checks[0]?.id, status: 'completed', conclusion: 'success' })
    expect(check?.output.title).toMatch(/^Overridden: by @carol \(canary:override\)/)
    expect(s.commentsOn(pr.number)).toHaveLength(1)
    // Decided by a person: canary:needs-review comes off.
    expect(s.labelsOf(pr.number)).toEqual(['canary:override'])
    expect(s.commentsOn(pr.number)[0]?.body).toContain(
      '✅ **Overridden.** @&#8203;carol (write access) added `canary:override`',
    )
    expect(overridden.summary).toContain('| canary ramp | ✅ Overridden: by @&#8203;carol (canary:override)')
    expect(overridden.annotations.filter((a) => a.level === 'error')).toEqual([])
  })
})
