import { decideRolloutGate } from '@llm-canary/gate'
import { describe, expect, it } from 'vitest'
import {
  API_URL,
  buildRampChange,
  createGitHubRecorder,
  emptyRepoState,
  REPO,
  repoRoutes,
  sha,
} from '../action.fixture.ts'
import type { ExperimentResult } from '../experiment-result.ts'
import { GitHubApi } from '../github/github-api.ts'
import { publishCheck } from './check-report.ts'

const { change } = buildRampChange('triage')
const HEAD = sha('head')

function result(gate: Parameters<typeof decideRolloutGate>[0], findings = 0): ExperimentResult {
  return {
    file: 'experiment.yaml',
    experiment: 'triage',
    checkName: 'llm-canary / triage',
    change,
    gate: {},
    decision: decideRolloutGate(gate),
    findings: Array.from({ length: findings }, (_, i) => ({
      metric: 'error_rate' as const,
      arm: `candidate${i}`,
      status: 'fail' as const,
      line: 7,
      message: `error rate of candidate${i} beyond 1pp`,
    })),
  }
}

function setUp() {
  const state = emptyRepoState()
  const recorder = createGitHubRecorder(repoRoutes(state))
  const api = new GitHubApi({ token: 't', repository: REPO, apiUrl: API_URL, fetch: recorder.fetch })
  return { state, recorder, api }
}

const backendError = { source: 'jaeger:https://jaeger', reason: 'HTTP 503' }

describe('publishCheck', () => {
  it('keeps a waiting check in progress, with no conclusion, then completes the same run', async () => {
    const { state, recorder, api } = setUp()
    const waiting = result({ change, backendError, onBackendError: 'neutral' })
    const pending = { ...waiting, decision: { ...waiting.decision, check: 'pending' as const } }
    await publishCheck(
      api,
      { result: pending, sha: HEAD, summary: 'waiting', detailsUrl: undefined },
      'check-run',
    )
    const created = recorder.callsTo('POST', /\/check-runs$/)[0]?.body as Record<string, unknown>
    expect(created).toMatchObject({ name: 'llm-canary / triage', head_sha: HEAD, status: 'in_progress' })
    expect(created).not.toHaveProperty('conclusion')
    await publishCheck(
      api,
      { result: result({ change, backendError }), sha: HEAD, summary: 'x', detailsUrl: undefined },
      'check-run',
    )
    expect(recorder.callsTo('POST', /\/check-runs$/)).toHaveLength(1)
    expect(recorder.callsTo('PATCH', /\/check-runs\/\d+$/)[0]?.body).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
    })
    expect(state.checkRuns).toHaveLength(1)
  })

  it('starts a new run when a completed check must go back to waiting (GitHub cannot reopen one)', async () => {
    const { state, api } = setUp()
    await publishCheck(
      api,
      { result: result({ change, backendError }), sha: HEAD, summary: 'x', detailsUrl: undefined },
      'check-run',
    )
    const again = result({ change, backendError })
    await publishCheck(
      api,
      {
        result: { ...again, decision: { ...again.decision, check: 'pending' } },
        sha: HEAD,
        summary: 'y',
        detailsUrl: undefined,
      },
      'check-run',
    )
    expect(state.checkRuns.map((run) => run.status)).toEqual(['completed', 'in_progress'])
  })

  it('sends annotations 50 per request, and cuts a summary over 65,535 characters', async () => {
    const { recorder, api } = setUp()
    await publishCheck(
      api,
      {
        result: result({ change, backendError }, 120),
        sha: HEAD,
        summary: 'x'.repeat(70_000),
        detailsUrl: 'https://github.test/run',
      },
      'check-run',
    )
    const created = recorder.callsTo('POST', /\/check-runs$/)[0]?.body as {
      output: { summary: string; annotations: unknown[] }
      details_url: string
    }
    expect(created.output.annotations).toHaveLength(50)
    expect(created.output.summary.length).toBe(65_535)
    expect(created.details_url).toBe('https://github.test/run')
    const appended = recorder
      .callsTo('PATCH', /\/check-runs\/\d+$/)
      .map((call) => (call.body as { output: { annotations: unknown[] } }).output.annotations.length)
    expect(appended).toEqual([50, 20])
    expect(created.output.annotations[0]).toEqual({
      path: 'experiment.yaml',
      start_line: 7,
      end_line: 7,
      annotation_level: 'failure',
      title: 'llm-canary / triage: error_rate',
      message: 'error rate of candidate0 beyond 1pp',
    })
  })

  it('maps the check to a commit status: neutral is success "neutral: …", waiting is pending, 140 characters at most', async () => {
    const { state, recorder, api } = setUp()
    const neutral = result({
      change,
      backendError: { ...backendError, reason: 'x'.repeat(300) },
      onBackendError: 'neutral',
    })
    await publishCheck(
      api,
      { result: neutral, sha: HEAD, summary: '', detailsUrl: 'https://github.test/run' },
      'status',
    )
    const waiting = { ...neutral, decision: { ...neutral.decision, check: 'pending' as const } }
    await publishCheck(api, { result: waiting, sha: HEAD, summary: '', detailsUrl: undefined }, 'status')
    const [first, second] = recorder
      .callsTo('POST', /\/statuses\/\w+$/)
      .map(
        (call) => call.body as { state: string; description: string; context: string; target_url?: string },
      )
    expect(first).toMatchObject({
      state: 'success',
      context: 'llm-canary / triage',
      target_url: 'https://github.test/run',
    })
    expect(first?.description).toMatch(/^neutral: Trace backend unreadable: /)
    expect(first?.description.length).toBe(140)
    expect(second?.state).toBe('pending')
    expect(state.checkRuns).toEqual([])
  })
})
