import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ActionScenario, SCENARIO_TIMEOUT_MS } from './action-support/action-scenario.ts'
import type { CanaryTraffic } from './action-support/canary-traces.ts'
import {
  addShadow,
  EXPERIMENT_PATH,
  experimentText,
  lineOf,
  loosenLatencyGuardrail,
  rampCandidate,
} from './action-support/experiment-texts.ts'
import { daysAgo } from './action-support/scenario-clock.ts'

// The gate example (examples/workflows/model-canary-gate.yml) on pull_request_target, with exactly its
// permissions, against one offline repository whose main has had the experiment for ten days.
const CHECK = 'llm-canary / support-triage'
const base = experimentText()
const healthy: CanaryTraffic = { experiment: base, sessions: 2000, start: daysAgo(3) }
const regressed: CanaryTraffic = { ...healthy, regression: { arm: 'candidate', latencyFactor: 1.6 } }

let s: ActionScenario
let configured: string

beforeAll(async () => {
  s = await ActionScenario.start()
  s.gh.commit('main', { 'README.md': '# support bot\n' }, { message: 'Initial commit', date: daysAgo(30) })
  configured = s.gh.commit(
    'main',
    { [EXPERIMENT_PATH]: base },
    { message: 'Add the support-triage experiment', date: daysAgo(10) },
  )
})
afterAll(() => s.close())

function bump(head: string, text: string, title: string) {
  return s.gh.openPullRequest({ head, files: { [EXPERIMENT_PATH]: text }, author: 'alice', title })
}

describe('the gate example on a pull request that changes the experiment', {
  timeout: SCENARIO_TIMEOUT_MS,
}, () => {
  it('passes a canary ramp on healthy data, and a re-run on the same data edits nothing', async () => {
    const pr = s.openRamp(base, 70)
    const run = await s.runGate(pr.number, { traffic: [healthy] })
    s.expectRun(run, { exitCode: 0, verdict: 'pass', outcomes: ['pass'] })
    expect(run.report).toEqual([
      expect.objectContaining({
        experiment: 'support-triage',
        file: EXPERIMENT_PATH,
        check: CHECK,
        step: 'canary-ramp',
        outcome: 'pass',
        verdict: 'pass',
        since: daysAgo(10).toISOString(),
      }),
    ])
    expect(run.report[0]?.report?.verdict.status).toBe('pass')
    const checks = s.checkRunsOn(pr.headSha)
    expect(checks).toEqual([
      expect.objectContaining({
        name: CHECK,
        status: 'completed',
        conclusion: 'success',
        creator: 'github-actions[bot]',
        annotations: [],
        detailsUrl: `${s.gh.serverUrl}/acme/support-bot/actions/runs/4242`,
      }),
    ])
    expect(checks[0]?.output.title).toMatch(/^PASS: 3 guardrails within tolerance/)
    expect(checks[0]?.output.summary).toContain(`commit ${configured.slice(0, 7)} gave the candidate`)
    const comments = s.commentsOn(pr.number)
    expect(comments).toHaveLength(1)
    expect(comments[0]).toMatchObject({ user: 'github-actions[bot]' })
    expect(comments[0]?.body).toContain('<!-- llm-canary:support-triage -->')
    expect(comments[0]?.body).toContain('✅ **Check passes.**')
    expect(s.labelsOf(pr.number)).toEqual(['canary:pass'])
    expect(run.summary).toContain(`## 🐤 llm-canary gate · pull request #${pr.number}`)
    expect(run.summary).toContain(`| support-triage | ${EXPERIMENT_PATH} | canary ramp | ✅ PASS`)
    expect(run.annotations).toEqual([])

    // Re-run under pull_request: GITHUB_SHA is then a test merge commit, yet the check is the head's.
    const again = await s.runGate(pr.number, {
      traffic: [healthy],
      event: 'pull_request',
      action: 'synchronize',
    })
    s.expectRun(again, { exitCode: 0, verdict: 'pass', outcomes: ['pass'] })
    // The same check run is updated; the comment and the label are left as they are.
    expect(again.writes.map((r) => r.operation)).toEqual([
      'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}',
    ])
    expect(again.stdout).toContain(`${CHECK}: comment unchanged on #${pr.number}`)
    expect(s.checkRunsOn(pr.headSha)).toHaveLength(1)
    expect(s.commentsOn(pr.number)).toHaveLength(1)
  })

  it('blocks a ramp on a regression: failure check, annotation on the guardrail line, canary:fail, exit 1', async () => {
    const head = rampCandidate(base, 90)
    const pr = s.openRamp(base, 90)
    const run = await s.runGate(pr.number, { traffic: [regressed] })
    s.expectRun(run, { exitCode: 1, verdict: 'fail', outcomes: ['regression'] })
    const [check] = s.checkRunsOn(pr.headSha)
    expect(check).toMatchObject({ name: CHECK, status: 'completed', conclusion: 'failure' })
    expect(check?.output.title).toMatch(/^FAIL: .*latency/i)
    expect(check?.annotations).toEqual([
      expect.objectContaining({
        path: EXPERIMENT_PATH,
        start_line: lineOf(head, 'latency_p95_ms'),
        end_line: lineOf(head, 'latency_p95_ms'),
        annotation_level: 'failure',
      }),
    ])
    const comments = s.commentsOn(pr.number)
    expect(comments).toHaveLength(1)
    expect(comments[0]?.body).toContain('❌ **Blocked: a regression.**')
    expect(s.labelsOf(pr.number)).toEqual(['canary:fail'])
    expect(run.summary).toContain('| canary ramp | ❌ FAIL')
    expect(run.annotations).toEqual([
      expect.objectContaining({ level: 'error', message: expect.stringContaining(`${CHECK}: FAIL:`) }),
    ])
  })

  it('never passes without data: spans of another experiment only keep the check in progress', async () => {
    const pr = s.openRamp(base, 60)
    const other: CanaryTraffic = { ...healthy, experiment: experimentText('checkout-assistant') }
    const run = await s.runGate(pr.number, { traffic: [other] })
    s.expectRun(run, { exitCode: 0, verdict: 'inconclusive', outcomes: ['waiting'] })
    expect(run.report[0]?.report?.verdict.status).not.toBe('pass')
    expect(s.checkRunsOn(pr.headSha)).toEqual([
      expect.objectContaining({ name: CHECK, status: 'in_progress', conclusion: null }),
    ])
    const comments = s.commentsOn(pr.number)
    expect(comments).toHaveLength(1)
    expect(comments[0]?.body).toContain('⏳ **Waiting for data.**')
    expect(comments[0]?.body).toContain('it never turns green without data')
    expect(s.labelsOf(pr.number)).toEqual([])
    expect(run.annotations).toEqual([
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining(`${CHECK}: Waiting for data`),
      }),
    ])
  })

  it('reports a new shadow as no data yet: neutral, never a pass, without reading traces', async () => {
    const pr = bump('shadow-claude', addShadow(base), 'Shadow claude-4-opus')
    const run = await s.runGate(pr.number, { traffic: [] })
    s.expectRun(run, { exitCode: 0, verdict: 'inconclusive', outcomes: ['no-data-yet'] })
    expect(run.report).toEqual([expect.objectContaining({ step: 'shadow-added', report: null })])
    expect(s.checkRunsOn(pr.headSha)).toEqual([
      expect.objectContaining({ name: CHECK, status: 'completed', conclusion: 'neutral' }),
    ])
    expect(s.commentsOn(pr.number)[0]?.body).toContain('⚪ **No data yet.**')
    expect(s.labelsOf(pr.number)).toEqual([])
  })

  it('skips a change that moves no model: a skipped check, no comment, no label', async () => {
    const pr = bump('loosen-latency', loosenLatencyGuardrail(base), 'Loosen the latency guardrail')
    const run = await s.runGate(pr.number, { traffic: [healthy] })
    s.expectRun(run, { exitCode: 0, verdict: 'skipped', outcomes: ['skipped'] })
    expect(run.report).toEqual([expect.objectContaining({ step: 'no-model-change', report: null })])
    expect(s.checkRunsOn(pr.headSha)).toEqual([
      expect.objectContaining({ name: CHECK, status: 'completed', conclusion: 'skipped' }),
    ])
    expect(s.commentsOn(pr.number)).toEqual([])
    expect(s.labelsOf(pr.number)).toEqual([])
    expect(run.writes.map((r) => r.operation)).toEqual(['POST /repos/{owner}/{repo}/check-runs'])
    expect(run.summary).toContain('| support-triage | deploy/experiment.yaml | no model change | ➖')
  })
})
