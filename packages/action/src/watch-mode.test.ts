import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { RecordingIO, RepoState, Route } from './action.fixture.ts'
import {
  buildRunEnvironment,
  createGitHubRecorder,
  createRecordingIO,
  emptyRepoState,
  pullRequestBody,
  REPO,
  repoRoutes,
  sha,
} from './action.fixture.ts'
import { runWatch } from './watch-mode.ts'

const FILE = 'deploy/experiment.yaml'
const fixture = (name: string) => fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url))
const currentText = readFileSync(fixture('experiment.yaml'), 'utf8')
/** Before the bump: the candidate at 20%. */
const previousText = currentText
  .replace('control: { model: openai:gpt-4.1, weight: 50 }', 'control: { model: openai:gpt-4.1, weight: 80 }')
  .replace('candidate: { model: openai:gpt-5, weight: 50 }', 'candidate: { model: openai:gpt-5, weight: 20 }')
const MAIN = sha('main')
const MERGE = sha('merge12')

/** A repository whose #12, merged on 2026-01-05, ramped the candidate 20% → 50%. */
function mergedBump(): RepoState {
  const state = emptyRepoState()
  state.branches.main = MAIN
  state.files[MAIN] = { [FILE]: currentText }
  state.files[MERGE] = { [FILE]: currentText }
  state.files[sha('old')] = { [FILE]: previousText }
  state.history[FILE] = [
    { sha: MERGE, date: '2026-01-05T00:00:00Z' },
    { sha: sha('old'), date: '2025-12-01T00:00:00Z' },
  ]
  state.pulls[12] = pullRequestBody({
    number: 12,
    title: 'Ramp gpt-5 to 50%',
    headSha: sha('head12'),
    baseSha: sha('old'),
    mergedAt: '2026-01-05T00:00:00Z',
    mergeCommitSha: MERGE,
  })
  return state
}

/** GraphQL `revertPullRequest`, answered by `revert`; a created revert joins the pull requests. */
function graphql(revert: (input: { pullRequestId: string; body: string }) => unknown): Route {
  return {
    method: 'POST',
    path: /\/graphql/,
    reply: (call) => {
      const input = (call.body as { variables: { input: { pullRequestId: string; body: string } } }).variables
        .input
      return { body: revert(input) }
    },
  }
}

function openRevert(state: RepoState, input: { body: string }, number = 13) {
  state.pulls[number] = pullRequestBody({
    number,
    headSha: sha(`revert${number}`),
    baseSha: MAIN,
    body: input.body,
    author: 'github-actions[bot]',
    authorType: 'Bot',
    createdAt: '2026-01-09T00:00:00Z',
  })
  return { number, url: `https://github.test/${REPO}/pull/${number}` }
}

async function watch(state: RepoState, extra: Route[], io: RecordingIO = createRecordingIO()) {
  const recorder = createGitHubRecorder(repoRoutes(state, extra))
  const env = buildRunEnvironment({
    recorder,
    io,
    eventName: 'schedule',
    inputs: {
      mode: 'watch',
      source: `file:${fixture('traces-regressed.jsonl.gz')}`,
      reviewers: 'alice, acme/ml',
    },
  })
  return { outcome: await runWatch(env), recorder, io }
}

describe('watch mode', () => {
  it('opens one revert pull request for a regressed merge, however often it runs, and comments once', async () => {
    const state = mergedBump()
    const mutation = graphql((input) => ({
      data: { revertPullRequest: { revertPullRequest: openRevert(state, input) } },
    }))
    const first = await watch(state, [mutation])
    expect(first.outcome.results[0]?.decision).toMatchObject({ outcome: 'regression', verdict: 'fail' })
    expect(first.outcome.results[0]?.window).toMatchObject({ origin: 'merge', pullRequest: 12 })
    expect(first.outcome.revertUrl).toBe(`https://github.test/${REPO}/pull/13`)
    const call = first.recorder.callsTo('POST', /\/graphql$/)[0]?.body as {
      query: string
      variables: { input: { pullRequestId: string } }
    }
    expect(call.query).toContain('revertPullRequest(input: $input)')
    expect(call.variables.input.pullRequestId).toBe('PR_node12')
    for (let run = 0; run < 2; run += 1) {
      const again = await watch(state, [mutation])
      expect(again.recorder.callsTo('POST', /\/graphql$/)).toEqual([])
      expect(again.outcome.revertUrl).toBe(`https://github.test/${REPO}/pull/13`)
    }
    expect(state.comments.filter((c) => c.issue === 12)).toHaveLength(1)
    expect(state.comments[0]?.body).toContain('🔁 Revert pull request: #13')
    expect(state.comments[0]?.body).toContain('❌ **Regressed since the merge.**')
    expect(state.issueLabels[12]).toEqual(['canary:fail'])
  })

  it('names the repository setting when Actions may not create pull requests', async () => {
    const state = mergedBump()
    const refused = graphql(() => ({
      data: { revertPullRequest: null },
      errors: [
        { type: 'FORBIDDEN', message: 'GitHub Actions is not permitted to create or approve pull requests.' },
      ],
    }))
    const { outcome } = await watch(state, [refused])
    expect(outcome.revertUrl).toBeUndefined()
    expect(outcome.failures.join('\n')).toContain(
      '"Allow GitHub Actions to create and approve pull requests"',
    )
    expect(state.comments[0]?.body).toContain('The revert pull request could not be opened')

    // The setting turned on: the revert opens, and the same comment says so instead.
    const allowed = graphql((input) => ({
      data: { revertPullRequest: { revertPullRequest: openRevert(state, input) } },
    }))
    await watch(state, [allowed])
    expect(state.comments).toHaveLength(1)
    expect(state.comments[0]?.body).toContain('🔁 Revert pull request: #13')
    expect(state.comments[0]?.body).not.toContain('could not be opened')
  })

  it('falls back to restoring the previous file on a branch when GitHub cannot revert, and reuses the branch', async () => {
    const state = mergedBump()
    const conflict = graphql(() => ({
      data: null,
      errors: [{ message: 'Could not revert: merge conflict' }],
    }))
    const rest: Route[] = [
      {
        method: 'POST',
        path: new RegExp(`/repos/${REPO}/git/refs`),
        reply: (call) => {
          const { ref, sha: at } = call.body as { ref: string; sha: string }
          const branch = ref.replace('refs/heads/', '')
          state.branches[branch] = sha(branch)
          state.files[sha(branch)] = { ...state.files[at] }
          return { status: 201, body: { ref, object: { sha: sha(branch) } } }
        },
      },
      {
        method: 'PUT',
        path: new RegExp(`/repos/${REPO}/contents/(.+)`),
        reply: (call, match) => {
          const { branch, content } = call.body as { branch: string; content: string }
          const files = state.files[state.branches[branch] ?? ''] ?? {}
          files[decodeURIComponent(match[1] ?? '')] = Buffer.from(content, 'base64').toString('utf8')
          return { body: { content: {}, commit: { sha: sha('restored') } } }
        },
      },
      {
        method: 'POST',
        path: new RegExp(`/repos/${REPO}/pulls`),
        reply: (call) => ({
          status: 201,
          body: state.pulls[openRevert(state, call.body as { body: string }, 14).number],
        }),
      },
    ]
    const { outcome, recorder, io } = await watch(state, [conflict, ...rest])
    expect(outcome.revertUrl).toBe(`https://github.test/${REPO}/pull/14`)
    expect(io.warnings).toContainEqual(
      expect.stringMatching(
        /^GitHub's revert of #12 failed \(could not open the revert pull request \(Could not revert: merge conflict\)\); the previous configuration of deploy\/experiment\.yaml was restored/,
      ),
    )
    expect(recorder.callsTo('POST', /\/git\/refs$/)[0]?.body).toEqual({
      ref: 'refs/heads/llm-canary/revert-12',
      sha: MAIN,
    })
    expect(state.files[state.branches['llm-canary/revert-12'] ?? '']?.[FILE]).toBe(previousText)
    expect(recorder.callsTo('POST', /\/pulls$/)[0]?.body).toMatchObject({
      head: 'llm-canary/revert-12',
      base: 'main',
    })
    const again = await watch(state, [conflict, ...rest])
    expect(again.recorder.callsTo('POST', /\/pulls$/)).toEqual([])
    expect(again.recorder.callsTo('POST', /\/git\/refs$/)).toEqual([])
  })

  it('leaves a bump merged before the watch window alone', async () => {
    const state = mergedBump()
    state.history[FILE] = [
      { sha: MERGE, date: '2025-12-20T00:00:00Z' },
      { sha: sha('old'), date: '2025-12-01T00:00:00Z' },
    ]
    const { outcome, recorder } = await watch(state, [])
    expect(outcome.results).toEqual([])
    expect(outcome.notes.join('\n')).toContain('before the watch window')
    expect(recorder.calls.filter((call) => call.method !== 'GET')).toEqual([])
  })
})
