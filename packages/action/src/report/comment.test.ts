import { describe, expect, it } from 'vitest'
import { API_URL, createGitHubRecorder, emptyRepoState, REPO, repoRoutes } from '../action.fixture.ts'
import { GitHubApi } from '../github/github-api.ts'
import { upsertComment } from './comment.ts'

function setUp() {
  const state = emptyRepoState()
  const recorder = createGitHubRecorder(repoRoutes(state))
  const api = new GitHubApi({ token: 't', repository: REPO, apiUrl: API_URL, fetch: recorder.fetch })
  return { state, recorder, api }
}

const marker = '<!-- llm-canary:triage -->'

describe('upsertComment', () => {
  it('creates one comment, then edits it in place, then leaves it alone when the content is unchanged', async () => {
    const { state, recorder, api } = setUp()
    expect(await upsertComment(api, 7, { marker: 'triage', body: `first\n${marker}`, digest: 'aaaa' })).toBe(
      'created',
    )
    expect(await upsertComment(api, 7, { marker: 'triage', body: `second\n${marker}`, digest: 'bbbb' })).toBe(
      'updated',
    )
    expect(await upsertComment(api, 7, { marker: 'triage', body: `third\n${marker}`, digest: 'bbbb' })).toBe(
      'unchanged',
    )
    expect(state.comments).toHaveLength(1)
    expect(state.comments[0]?.body).toBe(`second\n${marker}\n<!-- llm-canary-digest:bbbb -->\n`)
    expect(recorder.callsTo('PATCH', /\/issues\/comments\/\d+$/)).toHaveLength(1)
  })

  it('finds its comment past the first page of 100', async () => {
    const { state, api } = setUp()
    for (let i = 0; i < 150; i += 1)
      state.comments.push({ id: i + 1, body: `chatter ${i}`, login: 'dev', type: 'User', issue: 7 })
    state.comments.push({
      id: 500,
      body: `old\n${marker}`,
      login: 'github-actions[bot]',
      type: 'Bot',
      issue: 7,
    })
    expect(await upsertComment(api, 7, { marker: 'triage', body: `new\n${marker}`, digest: 'cccc' })).toBe(
      'updated',
    )
    expect(state.comments.filter((c) => c.body.includes(marker))).toHaveLength(1)
  })

  it("cannot be hijacked by a reader who pastes the marker; a writer's personal-token comment counts", async () => {
    const { state, api } = setUp()
    state.comments.push({
      id: 1,
      body: `gotcha\n${marker}\n<!-- llm-canary-digest:dddd -->`,
      login: 'mallory',
      type: 'User',
      issue: 7,
    })
    expect(await upsertComment(api, 7, { marker: 'triage', body: `real\n${marker}`, digest: 'dddd' })).toBe(
      'created',
    )
    expect(state.comments[0]?.body).toContain('gotcha')

    const own = setUp()
    own.state.permissions.alice = 'admin'
    own.state.comments.push({ id: 1, body: `mine\n${marker}`, login: 'alice', type: 'User', issue: 7 })
    expect(
      await upsertComment(own.api, 7, { marker: 'triage', body: `real\n${marker}`, digest: 'eeee' }),
    ).toBe('updated')
  })

  it('only updates when asked to, never creating', async () => {
    const { state, api } = setUp()
    expect(
      await upsertComment(api, 7, { marker: 'triage', body: marker, digest: 'ffff' }, { onlyIfExists: true }),
    ).toBe('absent')
    expect(state.comments).toEqual([])
  })
})
