import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FixtureServer } from '../helpers/fixture-server.ts'
import { startFixtureServer } from '../helpers/fixture-server.ts'
import { ActionScenario, SCENARIO_TIMEOUT_MS } from './action-support/action-scenario.ts'
import type { CanaryTraffic } from './action-support/canary-traces.ts'
import { EXPERIMENT_PATH, experimentText } from './action-support/experiment-texts.ts'
import { daysAgo } from './action-support/scenario-clock.ts'

// Policies around the gate: an unreadable trace backend (both `on-backend-error` values) and a fork's pull
// request, under pull_request (read-only token, no secrets) and under the example's pull_request_target.
const CHECK = 'llm-canary / support-triage'
const base = experimentText()
const healthy: CanaryTraffic = { experiment: base, sessions: 2000, start: daysAgo(3) }

let s: ActionScenario
let tempo: FixtureServer

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

beforeAll(async () => {
  s = await ActionScenario.start()
  s.gh.commit('main', { [EXPERIMENT_PATH]: base }, { message: 'Add the experiment', date: daysAgo(10) })
  tempo = await startFixtureServer([{ path: /.*/, status: 503, body: 'upstream connect error' }])
})
afterAll(async () => {
  await tempo.close()
  await s.close()
})

describe('an unreadable trace backend follows on-backend-error, never a pass', {
  timeout: SCENARIO_TIMEOUT_MS,
}, () => {
  it('fail: a Jaeger nobody answers fails the check, naming the backend and why, the token never shown', async () => {
    const port = await closedPort()
    const pr = s.openRamp(base, 80)
    const run = await s.runGate(pr.number, { inputs: { source: `jaeger:http://127.0.0.1:${port}` } })
    s.expectRun(run, { exitCode: 1, verdict: 'inconclusive', outcomes: ['backend-error'] })
    const [entry] = run.report
    expect(entry?.report).toBeNull()
    expect(entry?.backendError?.source).toContain(`127.0.0.1:${port}`)
    expect(entry?.backendError?.reason).toMatch(/refused|ECONNREFUSED|unreachable/i)
    const [check] = s.checkRunsOn(pr.headSha)
    expect(check).toMatchObject({ name: CHECK, status: 'completed', conclusion: 'failure' })
    expect(check?.output.title).toContain(`Trace backend unreadable: ${entry?.backendError?.source}`)
    const [comment] = s.commentsOn(pr.number)
    expect(comment?.body).toContain('🚫 **The trace backend could not be read.**')
    expect(comment?.body).toContain('`on-backend-error: fail` makes the check fail')
    expect(s.labelsOf(pr.number)).toEqual([])
    expect(run.annotations.at(-1)).toMatchObject({
      level: 'error',
      message: expect.stringContaining(`${CHECK}: Trace backend unreadable`),
    })
    // The trace token was handed to the runner to mask, and sent to nobody else.
    expect(run.commands).toContainEqual(
      expect.objectContaining({ command: 'add-mask', message: s.secrets.TRACE_TOKEN }),
    )
  })

  it('neutral: a Tempo answering 503 gives a neutral check and a green step with a warning', async () => {
    const pr = s.openRamp(base, 75)
    const run = await s.runGate(pr.number, {
      inputs: { source: `tempo:${tempo.url}`, 'on-backend-error': 'neutral' },
    })
    s.expectRun(run, { exitCode: 0, verdict: 'inconclusive', outcomes: ['backend-error'] })
    expect(run.report[0]?.backendError?.reason).toMatch(/503/)
    expect(tempo.requests.length).toBeGreaterThan(0)
    expect(s.checkRunsOn(pr.headSha)).toEqual([
      expect.objectContaining({ name: CHECK, status: 'completed', conclusion: 'neutral' }),
    ])
    expect(s.commentsOn(pr.number)[0]?.body).toContain('`on-backend-error: neutral` makes the check neutral')
    expect(run.annotations.map((a) => a.level)).not.toContain('error')
    expect(run.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining(`${CHECK}: Trace backend unreadable`),
      }),
    )
  })
})

describe("a fork's pull request", { timeout: SCENARIO_TIMEOUT_MS }, () => {
  it('under pull_request: the job summary and a neutral outcome, and not one write with the read-only token', async () => {
    const pr = s.openRamp(base, 65, { fork: 'mallory' })
    const run = await s.runGate(pr.number, { event: 'pull_request', fork: true, traffic: [healthy] })
    s.expectRun(run, { exitCode: 0, verdict: 'inconclusive', outcomes: ['not-run'] })
    expect(run.report[0]?.report).toBeNull()
    expect(run.writes).toEqual([])
    expect(run.requests.every((r) => r.status < 400)).toBe(true)
    expect(s.checkRunsOn(pr.headSha)).toEqual([])
    expect(s.commentsOn(pr.number)).toEqual([])
    expect(run.summary).toContain('comes from a fork and runs under pull_request')
    expect(run.summary).toContain('pull_request_target')
    expect(run.summary).toContain('| support-triage | deploy/experiment.yaml | canary ramp | ⚪ Not run')
    expect(run.annotations).toEqual([
      expect.objectContaining({ level: 'warning', message: expect.stringContaining(`${CHECK}: Not run`) }),
    ])
  })

  it("under the example's pull_request_target: gated like any other, with the base token", async () => {
    const pr = s.openRamp(base, 55, { fork: 'mallory' })
    const run = await s.runGate(pr.number, { traffic: [healthy] })
    s.expectRun(run, { exitCode: 0, verdict: 'pass', outcomes: ['pass'] })
    expect(s.checkRunsOn(pr.headSha)).toEqual([
      expect.objectContaining({ name: CHECK, conclusion: 'success' }),
    ])
    expect(s.commentsOn(pr.number)).toHaveLength(1)
    expect(s.labelsOf(pr.number)).toEqual(['canary:pass'])
  })

  it("under the README's workflow_run setup: found by its head, reported as a commit status", async () => {
    const pr = s.openRamp(base, 85, { fork: 'mallory' })
    const run = await s.runGate(pr.number, { event: 'workflow_run', traffic: [healthy] })
    s.expectRun(run, { exitCode: 0, verdict: 'pass', outcomes: ['pass'] })
    // GitHub lists no pull request in a fork's workflow_run: the action found it by the head sha.
    expect(run.requests.map((r) => r.operation)).toContain('GET /repos/{owner}/{repo}/pulls')
    expect(s.checkRunsOn(pr.headSha)).toEqual([])
    expect(s.gh.state.statuses.filter((status) => status.sha === pr.headSha)).toEqual([
      expect.objectContaining({
        context: CHECK,
        state: 'success',
        description: expect.stringMatching(/^PASS: /),
        targetUrl: `${s.gh.serverUrl}/acme/support-bot/actions/runs/4242`,
        creator: 'github-actions[bot]',
      }),
    ])
    expect(s.commentsOn(pr.number)).toHaveLength(1)
    expect(s.labelsOf(pr.number)).toEqual(['canary:pass'])
    expect(run.summary).toContain(`## 🐤 llm-canary gate · pull request #${pr.number}`)
  })
})
