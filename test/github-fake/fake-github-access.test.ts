import { getOctokit } from '@actions/github'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { FakeGitHub, PullState } from './index.ts'
import type { Octokit } from './test-support.ts'
import { rejection, REPO as repo, startBumpScenario } from './test-support.ts'

let gh: FakeGitHub
let octokit: Octokit
let pr: PullState

beforeEach(async () => {
  ;({ gh, octokit, pr } = await startBumpScenario())
})
afterEach(() => gh.close())

describe('tokens and settings', () => {
  test('a request without a token is 401; a fork token reads but cannot write', async () => {
    const anonymous = await fetch(`${gh.apiUrl}/repos/acme/support-bot/pulls/${pr.number}`)
    expect([anonymous.status, await anonymous.json()]).toEqual([
      401,
      {
        message: 'Requires authentication',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      },
    ])
    const fork = getOctokit(gh.token('fork'), { baseUrl: gh.apiUrl })
    await fork.rest.pulls.get({ ...repo, pull_number: pr.number })
    const write = await rejection(
      fork.rest.issues.createComment({ ...repo, issue_number: pr.number, body: 'x' }),
    )
    expect(write).toMatchObject({ status: 403, data: { message: 'Resource not accessible by integration' } })
    const check = await rejection(fork.rest.checks.create({ ...repo, name: 'c', head_sha: pr.headSha }))
    expect(check.status).toBe(403)
    expect(gh.state.comments).toEqual([])
    expect(gh.violations).toEqual([])
  })

  test('an Actions token only has the permissions the workflow gave it', async () => {
    const readOnlyChecks = getOctokit(
      gh.token('actions', { permissions: { contents: 'read', checks: 'read' } }),
      {
        baseUrl: gh.apiUrl,
      },
    )
    await readOnlyChecks.rest.repos.getContent({ ...repo, path: 'experiment.yaml' })
    const denied = await rejection(
      readOnlyChecks.rest.checks.create({ ...repo, name: 'c', head_sha: pr.headSha }),
    )
    expect(denied).toMatchObject({ status: 403, data: { message: 'Resource not accessible by integration' } })
  })

  test('the repository setting keeps the Actions token from opening pull requests, with GitHub message', async () => {
    gh.commit('revert-branch', { 'experiment.yaml': 'restored\n' })
    const open = () =>
      octokit.rest.pulls.create({ ...repo, head: 'revert-branch', base: 'main', title: 'Revert the bump' })
    expect(await rejection(open())).toEqual({
      status: 403,
      data: {
        message: 'GitHub Actions is not permitted to create or approve pull requests.',
        documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
        status: '403',
      },
    })
    gh.settings.actionsCanCreatePullRequests = true
    const created = await open()
    expect(created.data).toMatchObject({
      number: 2,
      user: { login: 'github-actions[bot]' },
      base: { ref: 'main' },
    })
    expect((await rejection(open())).data).toMatchObject({
      errors: [{ message: 'A pull request already exists for acme:revert-branch.' }],
    })
    expect(gh.violations).toEqual([])
  })
})

describe('people: labels, reviewers, permissions', () => {
  test('a labeled event names who added the label, and their permission is readable', async () => {
    gh.setPermission('carol', 'write')
    gh.addLabel(pr.number, 'canary:override', { actor: 'carol' })
    gh.addLabel(pr.number, 'canary:override-too', { actor: 'dave' })
    const events = await octokit.rest.issues.listEvents({ ...repo, issue_number: pr.number })
    expect(
      events.data.map((e) => [e.event, 'label' in e ? e.label?.name : undefined, e.actor?.login]),
    ).toEqual([
      ['labeled', 'canary:override', 'carol'],
      ['labeled', 'canary:override-too', 'dave'],
    ])
    const timeline = await octokit.rest.issues.listEventsForTimeline({ ...repo, issue_number: pr.number })
    expect(timeline.data).toHaveLength(2)
    const carol = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: 'carol' })
    const dave = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: 'dave' })
    expect([carol.data.permission, carol.data.role_name, dave.data.permission]).toEqual([
      'write',
      'write',
      'read',
    ])
    expect(gh.violations).toEqual([])
  })

  test('reviewers: the author and non-collaborators are refused with 422, collaborators are requested', async () => {
    gh.setPermission('bob', 'maintain')
    const author = await rejection(
      octokit.rest.pulls.requestReviewers({ ...repo, pull_number: pr.number, reviewers: ['alice'] }),
    )
    expect(author).toMatchObject({
      status: 422,
      data: { message: 'Review cannot be requested from pull request author.' },
    })
    const stranger = await rejection(
      octokit.rest.pulls.requestReviewers({ ...repo, pull_number: pr.number, reviewers: ['eve'] }),
    )
    expect(stranger.data.message).toMatch(/^Reviews may only be requested from collaborators/)
    const ok = await octokit.rest.pulls.requestReviewers({
      ...repo,
      pull_number: pr.number,
      reviewers: ['bob'],
    })
    expect(ok.data.requested_reviewers?.map((u) => u.login)).toEqual(['bob'])
    expect(gh.state.events.map((e) => [e.event, e.actor, e.reviewer])).toEqual([
      ['review_requested', 'github-actions[bot]', 'bob'],
    ])
    expect(gh.violations).toEqual([])
  })
})

describe('failure injection', () => {
  test('one-shot failures, rate limits and dropped connections, then normal answers', async () => {
    const key = 'GET /repos/{owner}/{repo}/pulls/{pull_number}'
    gh.failNext(key, { status: 502 })
    gh.failNext(key, { rateLimit: true })
    gh.failNext(key, { reset: true })
    expect((await rejection(octokit.rest.pulls.get({ ...repo, pull_number: pr.number }))).status).toBe(502)
    const limited = await octokit.rest.pulls.get({ ...repo, pull_number: pr.number }).catch((e: unknown) => e)
    expect(limited).toMatchObject({
      status: 403,
      response: {
        headers: { 'x-ratelimit-remaining': '0' },
        data: { message: 'API rate limit exceeded for installation ID 1.' },
      },
    })
    await expect(octokit.rest.pulls.get({ ...repo, pull_number: pr.number })).rejects.toThrow()
    expect((await octokit.rest.pulls.get({ ...repo, pull_number: pr.number })).status).toBe(200)
    expect(gh.violations).toEqual([])
  })

  test('a failure for a route GitHub does not have is a setup error', () => {
    expect(() => gh.failNext('GET /repos/{owner}/{repo}/pull/{n}', { status: 500 })).toThrow(
      /"GET \/repos\/\{owner\}\/\{repo\}\/pull\/\{n\}" is not an operation of GitHub's REST description/,
    )
  })
})
