import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ActionScenario, SCENARIO_TIMEOUT_MS } from './action-support/action-scenario.ts'
import type { CanaryTraffic } from './action-support/canary-traces.ts'
import { EXPERIMENT_PATH, experimentText } from './action-support/experiment-texts.ts'
import { daysAgo } from './action-support/scenario-clock.ts'

// Inconclusive, then a pass on a later run: the gate example opens the check while the canary has too few
// sessions; the watch example's scheduled runs re-evaluate the pull request, whose check is still in
// progress, and it turns green only once the data decides. The same check run and the same comment
// throughout.
const CHECK = 'llm-canary / support-triage'
const base = experimentText()
const early: CanaryTraffic = { experiment: base, sessions: 120, start: daysAgo(3) }
const later: CanaryTraffic = { ...early, sessions: 2000 }

let s: ActionScenario

beforeAll(async () => {
  s = await ActionScenario.start()
  s.gh.commit('main', { [EXPERIMENT_PATH]: base }, { message: 'Add the experiment', date: daysAgo(10) })
})
afterAll(() => s.close())

describe('inconclusive, then pass on a later run', { timeout: SCENARIO_TIMEOUT_MS }, () => {
  it('keeps the check in progress with what is still needed, and a scheduled run turns the same check green', async () => {
    const pr = s.openRamp(base, 70)

    const gate = await s.runGate(pr.number, { traffic: [early] })
    s.expectRun(gate, { exitCode: 0, verdict: 'inconclusive', outcomes: ['waiting'] })
    const [waiting] = s.checkRunsOn(pr.headSha)
    expect(s.checkRunsOn(pr.headSha)).toHaveLength(1)
    expect(waiting).toMatchObject({ name: CHECK, status: 'in_progress', conclusion: null })
    expect(waiting?.output.title).toMatch(/^Waiting for data: still needed .*sessions/)
    const [comment] = s.commentsOn(pr.number)
    expect(comment?.body).toContain('⏳ **Waiting for data.**')
    expect(comment?.body).toMatch(/Still needed: .*sessions/)
    expect(comment?.body).toContain('A scheduled `watch` run re-evaluates this pull request.')
    expect(s.labelsOf(pr.number)).toEqual([])
    expect(gate.annotations).toEqual([
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining(`${CHECK}: Waiting for data`),
      }),
    ])

    // A scheduled run on the same data: still waiting; the check is touched in place, the comment not at all.
    const same = await s.runWatch({ traffic: [early] })
    // The watch run judges no merged step (the experiment's configuration is older than watch-window).
    s.expectRun(same, { exitCode: 0, verdict: 'skipped', outcomes: [] })
    expect(same.summary).toContain('its configuration dates from')
    expect(same.summary).toContain('No model step merged within `watch-window` was judged on main.')
    expect(same.summary).toContain(
      `🔄 Re-evaluated #${pr.number}, whose check was waiting for data: support-triage waiting.`,
    )
    expect(s.checkRunsOn(pr.headSha)).toEqual([
      expect.objectContaining({ id: waiting?.id, status: 'in_progress', conclusion: null }),
    ])
    expect(s.commentsOn(pr.number)).toEqual([
      expect.objectContaining({ id: comment?.id, body: comment?.body }),
    ])
    expect(same.writes.map((r) => r.operation)).toEqual([
      'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}',
    ])

    // Later, with the data in: the same check run completes green; the comment is edited in place.
    const decided = await s.runWatch({ traffic: [later] })
    s.expectRun(decided, { exitCode: 0, verdict: 'skipped', outcomes: [] })
    expect(decided.summary).toContain(
      `🔄 Re-evaluated #${pr.number}, whose check was waiting for data: support-triage pass.`,
    )
    expect(s.checkRunsOn(pr.headSha)).toEqual([
      expect.objectContaining({ id: waiting?.id, name: CHECK, status: 'completed', conclusion: 'success' }),
    ])
    expect(s.commentsOn(pr.number)).toEqual([expect.objectContaining({ id: comment?.id })])
    expect(s.commentsOn(pr.number)[0]?.body).toContain('✅ **Check passes.**')
    expect(s.labelsOf(pr.number)).toEqual(['canary:pass'])

    // Once decided, the pull request is no longer re-evaluated.
    const idle = await s.runWatch({ traffic: [later] })
    s.expectClean(idle)
    expect(idle.writes).toEqual([])
    expect(idle.summary).not.toContain('Re-evaluated')
  })
})
