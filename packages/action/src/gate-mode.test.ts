import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { RecordingIO, RepoState } from './action.fixture.ts'
import {
  buildRunEnvironment,
  createGitHubRecorder,
  createRecordingIO,
  emptyRepoState,
  REPO,
  repoRoutes,
  sha,
} from './action.fixture.ts'
import { runGate } from './gate-mode.ts'
import type { InputName } from './inputs.ts'

const FILE = 'deploy/experiment.yaml'
const fixture = (name: string) => fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url))
const baseText = readFileSync(fixture('experiment.yaml'), 'utf8')
/** The pull request's change: the candidate 50% → 70%. */
const rampText = baseText
  .replace('control: { model: openai:gpt-4.1, weight: 50 }', 'control: { model: openai:gpt-4.1, weight: 30 }')
  .replace('candidate: { model: openai:gpt-5, weight: 50 }', 'candidate: { model: openai:gpt-5, weight: 70 }')
const BASE = sha('base')
const HEAD = sha('head')

/** A repository whose pull request #7 changes the experiment file from `base` to `head`. */
function repoWith(head: string, options: { labels?: string[]; changed?: boolean } = {}): RepoState {
  const state = emptyRepoState()
  state.files[BASE] = { [FILE]: baseText, 'README.md': '# shop' }
  state.files[HEAD] = { [FILE]: head, 'README.md': '# shop' }
  state.history[FILE] = [{ sha: sha('created'), date: '2026-01-04T00:00:00Z' }]
  if (options.changed !== false) state.changed.push({ filename: FILE, status: 'modified' })
  state.issueLabels[7] = [...(options.labels ?? [])]
  return state
}

async function gate(state: RepoState, inputs: Partial<Record<InputName, string>> = {}, fork = false) {
  const recorder = createGitHubRecorder(repoRoutes(state))
  const io: RecordingIO = createRecordingIO()
  const env = buildRunEnvironment({
    recorder,
    io,
    inputs: { source: `file:${fixture('traces-healthy.jsonl.gz')}`, ...inputs },
    event: {
      pullRequest: {
        number: 7,
        headSha: HEAD,
        baseSha: BASE,
        baseRef: 'main',
        labels: state.issueLabels[7] ?? [],
        headRepository: fork ? 'someone/shop' : REPO,
      },
    },
  })
  const outcome = await runGate(env)
  return { outcome, recorder, io, result: outcome.results[0] }
}

describe('gate mode on a pull request', () => {
  it('passes a canary ramp on the base configuration data: success check, one comment, canary:pass', async () => {
    const state = repoWith(rampText)
    const { result, recorder } = await gate(state)
    expect(result).toMatchObject({ experiment: 'action-fixture', checkName: 'llm-canary / action-fixture' })
    expect(result?.change.kind).toBe('canary-ramp')
    expect(result?.decision).toMatchObject({ outcome: 'pass', verdict: 'pass', check: 'success' })
    expect(result?.window).toMatchObject({ origin: 'configuration', commit: sha('created') })
    expect(state.checkRuns).toEqual([
      expect.objectContaining({
        name: 'llm-canary / action-fixture',
        head_sha: HEAD,
        status: 'completed',
        conclusion: 'success',
      }),
    ])
    expect(state.comments).toHaveLength(1)
    expect(state.comments[0]?.body).toContain('<!-- llm-canary:action-fixture -->')
    expect(state.issueLabels[7]).toEqual(['canary:pass'])
    // The files were read as data at both commits: nothing was checked out.
    expect(
      recorder.callsTo('GET', /\/contents\/deploy%2Fexperiment\.yaml$/).map((c) => c.query.get('ref')),
    ).toEqual([HEAD, BASE])
  })

  it('blocks a regression: failure check with an annotation on the guardrail line, canary:fail, blocking', async () => {
    const state = repoWith(rampText, { labels: ['canary:pass'] })
    const { result, recorder } = await gate(state, { source: `file:${fixture('traces-regressed.jsonl.gz')}` })
    expect(result?.decision).toMatchObject({ outcome: 'regression', check: 'failure', blocking: true })
    const created = recorder.callsTo('POST', /\/check-runs$/)[0]?.body as {
      conclusion: string
      output: {
        annotations: { path: string; start_line: number; annotation_level: string; message: string }[]
      }
    }
    expect(created.conclusion).toBe('failure')
    const line = rampText.split('\n').findIndex((l) => l.includes('latency_p95_ms')) + 1
    expect(created.output.annotations).toEqual([
      expect.objectContaining({ path: FILE, start_line: line, annotation_level: 'failure' }),
    ])
    expect(state.issueLabels[7]).toEqual(['canary:fail'])
  })

  it('keeps the check in progress while data is missing, and updates the same comment on a re-run', async () => {
    const state = repoWith(rampText)
    await gate(state, { since: '2026-01-05T00:00:00Z', source: `file:${fixture('traces-healthy.jsonl.gz')}` })
    // A narrow window: the data ends on 2026-01-06, so with since after it nothing decides.
    const waiting = await gate(state, { since: '2026-01-06T08:00:00Z' })
    expect(waiting.result?.decision).toMatchObject({ outcome: 'waiting', check: 'pending', blocking: false })
    expect(waiting.result?.decision.verdict).not.toBe('pass')
    const run = state.checkRuns.at(-1)
    expect(run).toMatchObject({ status: 'in_progress', conclusion: null })
    expect(state.comments).toHaveLength(1)
    expect(state.comments[0]?.body).toContain('Waiting for data')
  })

  it('does not edit the comment when a re-run finds the same data', async () => {
    const state = repoWith(rampText)
    await gate(state)
    const again = await gate(state)
    expect(again.recorder.callsTo('PATCH', /\/issues\/comments\/\d+$/)).toEqual([])
    expect(again.recorder.callsTo('POST', /\/issues\/7\/comments$/)).toEqual([])
    expect(again.io.infos).toContain('llm-canary / action-fixture: comment unchanged on #7')
  })

  it('skips a pull request that changes no experiment: a skipped check for each experiment file, no comment', async () => {
    const state = repoWith(baseText, { changed: false })
    const { outcome, recorder } = await gate(state)
    expect(outcome.results.map((r) => [r.file, r.decision.outcome, r.decision.verdict])).toEqual([
      [FILE, 'skipped', 'skipped'],
    ])
    expect(state.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'skipped' })
    expect(recorder.callsTo('GET', /\/issues\/7\/comments$/)).toEqual([])
    expect(state.comments).toEqual([])
  })

  it('asks a person for a model swap, and lets a writer override it, naming them; a reader is ignored', async () => {
    const swapText = baseText.replace('openai:gpt-5, weight', 'openai:gpt-5.1, weight')
    const reader = repoWith(swapText, { labels: ['canary:override'] })
    reader.labelEvents[7] = [{ label: 'canary:override', actor: 'mallory' }]
    reader.permissions.mallory = 'read'
    const blocked = await gate(reader)
    expect(blocked.result?.decision).toMatchObject({
      outcome: 'needs-person',
      check: 'failure',
      blocking: true,
    })
    expect(reader.comments[0]?.body).toContain('was ignored: they have read access')
    expect(reader.issueLabels[7]).toContain('canary:needs-review')

    const writer = repoWith(swapText, { labels: ['canary:override'] })
    writer.labelEvents[7] = [
      { label: 'canary:override', actor: 'mallory' },
      { label: 'canary:override', actor: 'alice' },
    ]
    writer.permissions.alice = 'maintain'
    const overridden = await gate(writer)
    expect(overridden.result?.decision).toMatchObject({
      outcome: 'overridden',
      check: 'success',
      blocking: false,
    })
    expect(overridden.result?.decision.title).toContain('by @alice (canary:override)')
    // Decided by a person: no longer labelled as waiting for one.
    expect(writer.issueLabels[7]).toEqual(['canary:override'])
  })

  it('reports a new shadow as no data yet: neutral, never pass', async () => {
    const shadowText = baseText.replace(
      'candidate: { model: openai:gpt-5, weight: 50 }',
      'candidate: { model: openai:gpt-5, weight: 50 }\n  shadowed: { model: anthropic:claude-4, weight: 0, shadow: 5% }',
    )
    const { result } = await gate(repoWith(shadowText))
    expect(result?.decision).toMatchObject({
      outcome: 'no-data-yet',
      check: 'neutral',
      verdict: 'inconclusive',
    })
  })

  it('follows on-backend-error when the trace source cannot be read', async () => {
    const missing = `file:${fixture('no-such-traces.jsonl')}`
    const failing = await gate(repoWith(rampText), { source: missing })
    expect(failing.result?.decision).toMatchObject({
      outcome: 'backend-error',
      check: 'failure',
      blocking: true,
    })
    expect(failing.result?.decision.title).toContain('no-such-traces.jsonl')
    const neutral = await gate(repoWith(rampText), { source: missing, 'on-backend-error': 'neutral' })
    expect(neutral.result?.decision).toMatchObject({ check: 'neutral', blocking: false })
  })

  it('gives a fork under pull_request the summary only: no write call, a neutral outcome', async () => {
    const state = repoWith(rampText)
    const { outcome, recorder } = await gate(state, {}, true)
    expect(outcome.results[0]?.decision).toMatchObject({
      outcome: 'not-run',
      check: 'neutral',
      blocking: false,
    })
    expect(outcome.notes.join('\n')).toContain('pull_request_target')
    expect(recorder.calls.filter((call) => call.method !== 'GET')).toEqual([])
  })

  it('fails the step with annotations when the head breaks the experiment file', async () => {
    const state = repoWith(rampText.replace('weight: 70', 'weight: 170'))
    const { outcome, io } = await gate(state)
    expect(outcome.failures.join('\n')).toContain(
      'deploy/experiment.yaml at the head of #7 is not a valid experiment file',
    )
    expect(io.errors[0]).toMatchObject({ at: { file: FILE, line: 7 } })
  })
})
