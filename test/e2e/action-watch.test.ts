import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SCENARIO_TIMEOUT_MS } from './action-support/action-scenario.ts'
import type { MergedRegression } from './action-support/merged-regression.ts'
import { startMergedRegression } from './action-support/merged-regression.ts'

// A merged regression under the watch example: the first run meets GitHub's default "Actions may not
// create pull requests" and says which setting to turn on; once it is on, three more runs (schedule,
// push, workflow_dispatch) open exactly one revert pull request — GitHub's own revert, found again by its
// marker — and leave exactly one comment on the merged pull request.
const MARKER = '<!-- llm-canary:revert:1:support-triage -->'

let m: MergedRegression

beforeAll(async () => {
  m = await startMergedRegression()
})
afterAll(() => m.s.close())

const pullsNow = () => [...m.s.gh.state.pulls.values()]

describe('a merged regression under the watch example', { timeout: SCENARIO_TIMEOUT_MS }, () => {
  it('says which repository setting blocks the revert, and opens nothing else instead', async () => {
    const run = await m.s.runWatch({ traffic: [m.regressed] })
    m.s.expectRun(run, { exitCode: 1, verdict: 'fail', outcomes: ['regression'] })
    // Judged on the data since the merge.
    expect(run.report[0]).toMatchObject({ experiment: 'support-triage', since: m.mergedAt.toISOString() })
    const failure = run.annotations.find((a) => a.level === 'error')?.message ?? ''
    expect(failure).toContain('Allow GitHub Actions to create and approve pull requests')
    expect(failure).toContain('Settings → Actions → General')
    // GitHub's revert was tried once; the REST fallback would meet the same setting, so it is not tried.
    expect(run.requests.filter((r) => r.operation === 'POST /graphql')).toHaveLength(1)
    expect(run.writes.map((r) => r.operation)).not.toContain('POST /repos/{owner}/{repo}/git/refs')
    expect(run.writes.map((r) => r.operation)).not.toContain('POST /repos/{owner}/{repo}/pulls')
    expect(pullsNow()).toHaveLength(1)
    const comments = m.s.commentsOn(m.bump.number)
    expect(comments).toHaveLength(1)
    expect(comments[0]?.body).toContain('<!-- llm-canary:watch:support-triage -->')
    expect(comments[0]?.body).toContain('❌ **Regressed since the merge.**')
    expect(comments[0]?.body).toContain('The revert pull request could not be opened')
    expect(m.s.labelsOf(m.bump.number)).toEqual(['canary:fail'])
    expect(run.summary).toContain('## 🐤 llm-canary watch · main')
    expect(run.summary).toContain('| support-triage | deploy/experiment.yaml |')
  })

  it('opens exactly one revert across three runs once the setting is on, found again by its marker', async () => {
    m.s.gh.settings.actionsCanCreatePullRequests = true
    const runs = []
    for (const event of ['schedule', 'push', 'workflow_dispatch'] as const) {
      runs.push(await m.s.runWatch({ event, traffic: [m.regressed] }))
    }
    const reverts = pullsNow().filter((pr) => pr.number !== m.bump.number)
    expect(reverts).toHaveLength(1)
    const revert = reverts[0]!
    expect(revert).toMatchObject({ author: 'github-actions[bot]', baseRef: 'main', state: 'open' })
    expect(revert.title).toBe('Revert "Ramp gpt-5 to 80%" (llm-canary: support-triage regressed)')
    expect(revert.body).toContain(MARKER)
    // GitHub's revert: the merge's first parent's experiment file, back on a branch of its own.
    const restored = m.s.gh.state.git.get(revert.headSha).files.get('deploy/experiment.yaml')
    expect(restored).toBe(m.base)

    const url = `${m.s.gh.serverUrl}/acme/support-bot/pull/${revert.number}`
    for (const run of runs) {
      m.s.expectRun(run, { exitCode: 1, verdict: 'fail', outcomes: ['regression'], revertPr: url })
      expect(run.summary).toContain(url)
    }
    const mutations = runs.map((run) => run.requests.filter((r) => r.operation === 'POST /graphql').length)
    expect(mutations).toEqual([1, 0, 0])
    expect(runs.flatMap((run) => run.writes.map((r) => r.operation))).not.toContain(
      'POST /repos/{owner}/{repo}/pulls',
    )
    expect(runs[1]?.summary).toContain('revert pull request already open')

    const comments = m.s.commentsOn(m.bump.number)
    expect(comments).toHaveLength(1)
    expect(comments[0]?.body).toContain(`🔁 Revert pull request: #${revert.number}`)
    expect(comments[0]?.body).not.toContain('could not be opened')
    // Runs after the revert change nothing on the merged pull request.
    for (const run of runs.slice(1)) {
      expect(run.writes.filter((r) => r.url.includes(`/issues/${m.bump.number}/`))).toEqual([])
    }
    expect(m.s.labelsOf(m.bump.number)).toEqual(['canary:fail'])
  })
})
