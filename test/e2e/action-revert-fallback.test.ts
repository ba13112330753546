import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SCENARIO_TIMEOUT_MS } from './action-support/action-scenario.ts'
import { experimentOf } from './action-support/canary-traces.ts'
import { EXPERIMENT_PATH, loosenLatencyGuardrail } from './action-support/experiment-texts.ts'
import type { MergedRegression } from './action-support/merged-regression.ts'
import { startMergedRegression } from './action-support/merged-regression.ts'
import { daysAgo } from './action-support/scenario-clock.ts'

// GitHub's revert fails when main moved on over the bump's lines (a conflict): the
// watch example then restores the previous configuration on a branch of its own through REST and opens
// the pull request from it — once: a re-run finds it by its marker.
let m: MergedRegression

beforeAll(async () => {
  m = await startMergedRegression()
  m.s.gh.settings.actionsCanCreatePullRequests = true
  // After the merge, someone notes the ramp on the candidate's own line — a change that overlaps the
  // bump, so git (and GitHub's revert) conflicts — and loosens a guardrail, which the revert must keep.
  const annotated = loosenLatencyGuardrail(m.ramped).replace(
    'candidate: { model: openai:gpt-5, weight: 80 }',
    'candidate: { model: openai:gpt-5, weight: 80 } # ramped after the canary held',
  )
  m.s.gh.commit('main', { [EXPERIMENT_PATH]: annotated }, { message: 'Note the ramp', date: daysAgo(1) })
})
afterAll(() => m.s.close())

describe('GitHub’s revert failing', { timeout: SCENARIO_TIMEOUT_MS }, () => {
  it('falls back to REST: the previous configuration restored on a branch, one pull request across re-runs', async () => {
    const first = await m.s.runWatch({ traffic: [m.regressed] })
    const url = `${m.s.gh.serverUrl}/acme/support-bot/pull/2`
    m.s.expectRun(first, { exitCode: 1, verdict: 'fail', outcomes: ['regression'], revertPr: url })
    // GitHub's revert was asked first and refused with the conflict …
    const graphql = first.requests.filter((r) => r.operation === 'POST /graphql')
    expect(graphql).toHaveLength(1)
    expect(first.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringMatching(/GitHub's revert of #1 failed/),
      }),
    )
    // … then the branch, the file, the pull request, through REST.
    expect(first.writes.map((r) => r.operation)).toEqual(
      expect.arrayContaining([
        'POST /repos/{owner}/{repo}/git/refs',
        'PUT /repos/{owner}/{repo}/contents/{path}',
        'POST /repos/{owner}/{repo}/pulls',
      ]),
    )
    const reverts = [...m.s.gh.state.pulls.values()].filter((pr) => pr.number !== m.bump.number)
    expect(reverts).toHaveLength(1)
    const revert = reverts[0]!
    expect(revert).toMatchObject({
      headRef: 'llm-canary/revert-1',
      baseRef: 'main',
      author: 'github-actions[bot]',
    })
    expect(revert.body).toContain('<!-- llm-canary:revert:1:support-triage -->')
    expect(revert.number).toBe(2)

    // The arms are back as before the bump; the later guardrail edit on main is kept.
    const restored = m.s.gh.state.git.get(revert.headSha).files.get(EXPERIMENT_PATH) ?? ''
    const experiment = experimentOf(restored)
    expect(experiment.arms.map((arm) => [arm.name, arm.model.id, arm.weight])).toEqual([
      ['control', 'openai:gpt-4.1', 50],
      ['candidate', 'openai:gpt-5', 50],
    ])
    expect(restored).toBe(loosenLatencyGuardrail(m.base))

    const comments = m.s.commentsOn(m.bump.number)
    expect(comments).toHaveLength(1)
    expect(comments[0]?.body).toContain(`🔁 Revert pull request: #${revert.number}`)

    const again = await m.s.runWatch({ event: 'workflow_dispatch', traffic: [m.regressed] })
    m.s.expectRun(again, { exitCode: 1, verdict: 'fail', outcomes: ['regression'], revertPr: url })
    expect(again.requests.filter((r) => r.operation === 'POST /graphql')).toEqual([])
    expect(again.writes).toEqual([])
    expect([...m.s.gh.state.pulls.values()]).toHaveLength(2)
    expect(m.s.commentsOn(m.bump.number)).toHaveLength(1)
  })
})
