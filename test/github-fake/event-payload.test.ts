import { getOctokit } from '@actions/github'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { FakeGitHub } from './index.ts'
import { startFakeGitHub } from './index.ts'

let gh: FakeGitHub

beforeEach(async () => {
  gh = await startFakeGitHub({ owner: 'acme', repo: 'support-bot' })
  gh.commit('main', { 'experiment.yaml': 'a: 1\n' }, { message: 'add experiment' })
})
afterEach(() => gh.close())

// Payload fields are read as untyped JSON, like an action reads GITHUB_EVENT_PATH.
// biome-ignore lint/suspicious/noExplicitAny: untyped JSON access in assertions.
type Payload = any

describe('pull request payloads', () => {
  test('opened: the real example rewritten to the pull request in the state', () => {
    const pr = gh.openPullRequest({
      head: 'bump',
      files: { 'experiment.yaml': 'a: 2\n' },
      author: 'alice',
      title: 'Bump',
    })
    const payload: Payload = gh.eventPayload('pull_request', 'opened', pr.number)
    expect(payload).toMatchObject({
      action: 'opened',
      number: pr.number,
      pull_request: {
        number: pr.number,
        node_id: pr.nodeId,
        title: 'Bump',
        user: { login: 'alice' },
        head: { ref: 'bump', sha: pr.headSha, repo: { full_name: 'acme/support-bot', fork: false } },
        base: { ref: 'main', sha: gh.state.branches.get('main'), repo: { full_name: 'acme/support-bot' } },
      },
      repository: { full_name: 'acme/support-bot', owner: { login: 'acme' }, default_branch: 'main' },
      sender: { login: 'alice' },
    })
    expect(payload.installation).toBeUndefined()
    // Fields only webhooks have stay from GitHub's example, so the shape is the real one.
    expect(Object.keys(payload.pull_request)).toEqual(
      expect.arrayContaining(['rebaseable', 'requested_teams', 'merged']),
    )
    expect(JSON.stringify(payload)).not.toContain('Codertocat')
  })

  test('a fork: head.repo is the fork, base.repo this repository', () => {
    const pr = gh.openPullRequest({
      head: 'patch-1',
      files: { 'experiment.yaml': 'a: 3\n' },
      author: 'mallory',
      fork: 'mallory',
    })
    const payload: Payload = gh.eventPayload('pull_request', 'opened', pr.number)
    expect(payload.pull_request.head.repo).toMatchObject({
      full_name: 'mallory/support-bot',
      fork: true,
      owner: { login: 'mallory' },
    })
    expect(payload.pull_request.head.label).toBe('mallory:patch-1')
    expect(payload.pull_request.base.repo).toMatchObject({ full_name: 'acme/support-bot', fork: false })
    expect(gh.state.branches.has('patch-1')).toBe(false)
  })

  test('synchronize, labeled and closed-as-merged carry before/after, the label and its actor, the merge', () => {
    const pr = gh.openPullRequest({ head: 'bump', files: { 'experiment.yaml': 'a: 2\n' }, author: 'alice' })
    const first = pr.headSha
    const second = gh.push(pr.number, { 'experiment.yaml': 'a: 4\n' })
    expect(gh.eventPayload('pull_request', 'synchronize', pr.number)).toMatchObject({
      before: first,
      after: second,
    })
    gh.addLabel(pr.number, 'canary:override', { actor: 'carol' })
    expect(gh.eventPayload('pull_request_target', 'labeled', pr.number)).toMatchObject({
      action: 'labeled',
      label: { name: 'canary:override' },
      sender: { login: 'carol' },
      pull_request: { labels: [{ name: 'canary:override' }] },
    })
    const merge = gh.merge(pr.number, { by: 'bob' })
    expect(gh.eventPayload('pull_request', 'closed', pr.number)).toMatchObject({
      action: 'closed',
      sender: { login: 'bob' },
      pull_request: { state: 'closed', merged: true, merge_commit_sha: merge, merged_by: { login: 'bob' } },
    })
  })
})

describe('other events', () => {
  test('push lists the pushed commits; schedule and workflow_dispatch carry the repository', () => {
    const before = gh.state.branches.get('main')!
    const after = gh.commit('main', { 'experiment.yaml': 'a: 5\n' }, { message: 'ramp', author: 'alice' })
    expect(gh.eventPayload('push')).toMatchObject({
      ref: 'refs/heads/main',
      before,
      after,
      commits: [{ id: after, message: 'ramp', modified: ['experiment.yaml'], author: { username: 'alice' } }],
      head_commit: { id: after },
      repository: { full_name: 'acme/support-bot' },
    })
    expect(gh.eventPayload('schedule', '17 6 * * *')).toMatchObject({
      schedule: '17 6 * * *',
      repository: { full_name: 'acme/support-bot' },
    })
    expect(gh.eventPayload('workflow_dispatch')).toMatchObject({
      ref: 'refs/heads/main',
      inputs: {},
      sender: { login: 'acme' },
    })
  })

  test('workflow_run: the pull request CI ran for, listed only when its head is a branch of this repository', () => {
    const own = gh.openPullRequest({ head: 'bump', files: { 'experiment.yaml': 'a: 2\n' }, author: 'alice' })
    const fork = gh.openPullRequest({
      head: 'patch-1',
      files: { 'experiment.yaml': 'a: 3\n' },
      author: 'mallory',
      fork: 'mallory',
    })
    const payload: Payload = gh.eventPayload('workflow_run', 'completed', own.number)
    expect(payload).toMatchObject({
      action: 'completed',
      workflow: { name: 'CI' },
      workflow_run: {
        event: 'pull_request',
        status: 'completed',
        head_sha: own.headSha,
        head_branch: 'bump',
        pull_requests: [
          { number: own.number, head: { sha: own.headSha, ref: 'bump' }, base: { ref: 'main' } },
        ],
        repository: { full_name: 'acme/support-bot' },
      },
      repository: { full_name: 'acme/support-bot' },
      sender: { login: 'alice' },
    })
    expect(JSON.stringify(payload)).not.toContain('Codertocat')
    const forked: Payload = gh.eventPayload('workflow_run', 'completed', fork.number)
    expect(forked.workflow_run).toMatchObject({
      head_sha: fork.headSha,
      pull_requests: [],
      head_repository: { full_name: 'mallory/support-bot' },
    })
    const run = gh.runContext('workflow_run', 'completed', fork.number)
    expect([run.sha, run.ref]).toEqual([gh.state.branches.get('main'), 'refs/heads/main'])
  })

  test("pull_request runs on a test merge commit the API knows, pull_request_target on the base's tip", async () => {
    const pr = gh.openPullRequest({ head: 'bump', files: { 'experiment.yaml': 'a: 2\n' } })
    const run = gh.runContext('pull_request', 'opened', pr.number)
    expect(run.ref).toBe(`refs/pull/${pr.number}/merge`)
    const octokit = getOctokit(gh.token('actions'), { baseUrl: gh.apiUrl })
    const { data } = await octokit.rest.repos.getCommit({ owner: 'acme', repo: 'support-bot', ref: run.sha })
    expect(data.parents.map((p) => p.sha)).toEqual([gh.state.branches.get('main'), pr.headSha])
    const target = gh.runContext('pull_request_target', 'opened', pr.number)
    expect([target.sha, target.ref]).toEqual([gh.state.branches.get('main'), 'refs/heads/main'])
    expect(gh.violations).toEqual([])
  })

  test('a payload for a pull request that does not exist, or without its number, is a setup error', () => {
    expect(() => gh.eventPayload('pull_request', 'opened', 7)).toThrow(
      'no pull request #7 in acme/support-bot',
    )
    expect(() => gh.eventPayload('pull_request', 'opened')).toThrow(
      'a pull_request payload needs the pull request number',
    )
  })
})
