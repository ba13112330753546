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

const MARKER = '<!-- llm-canary:support-triage -->'

describe('requests GitHub accepts', () => {
  test('the calls a gate run makes pass the schema check both ways', async () => {
    const { data: pull } = await octokit.rest.pulls.get({ ...repo, pull_number: pr.number })
    expect(pull).toMatchObject({
      number: pr.number,
      state: 'open',
      head: { sha: pr.headSha, ref: 'bump-gpt5' },
    })
    expect(pull.user.login).toBe('alice')
    const files = await octokit.rest.pulls.listFiles({ ...repo, pull_number: pr.number })
    expect(files.data.map((f) => [f.filename, f.status, f.additions, f.deletions])).toEqual([
      ['experiment.yaml', 'modified', 1, 1],
    ])
    const content = await octokit.rest.repos.getContent({
      ...repo,
      path: 'experiment.yaml',
      ref: pull.base.sha,
    })
    expect('content' in content.data && Buffer.from(content.data.content, 'base64').toString()).toContain(
      'gpt-4.1',
    )
    const run = await octokit.rest.checks.create({
      ...repo,
      name: 'llm-canary',
      head_sha: pull.head.sha,
      status: 'in_progress',
    })
    await octokit.rest.checks.update({
      ...repo,
      check_run_id: run.data.id,
      conclusion: 'success',
      output: { title: 'pass', summary: 'every guardrail within tolerance' },
    })
    await octokit.rest.repos.createCommitStatus({
      ...repo,
      sha: pull.head.sha,
      state: 'pending',
      context: 'llm-canary',
    })
    await octokit.rest.issues.addLabels({ ...repo, issue_number: pr.number, labels: ['canary:pass'] })

    expect(gh.violations).toEqual([])
    expect(gh.state.checkRuns[0]).toMatchObject({
      status: 'completed',
      conclusion: 'success',
      headSha: pr.headSha,
    })
    expect(gh.requests.map((r) => `${r.status} ${r.operation}`)).toEqual([
      '200 GET /repos/{owner}/{repo}/pulls/{pull_number}',
      '200 GET /repos/{owner}/{repo}/pulls/{pull_number}/files',
      '200 GET /repos/{owner}/{repo}/contents/{path}',
      '201 POST /repos/{owner}/{repo}/check-runs',
      '200 PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}',
      '201 POST /repos/{owner}/{repo}/statuses/{sha}',
      '200 POST /repos/{owner}/{repo}/issues/{issue_number}/labels',
    ])
    expect(gh.requests.every((r) => r.actor === 'github-actions[bot]')).toBe(true)
  })
})

describe('requests GitHub rejects', () => {
  test('a check-run conclusion outside the enum is a 422 in GitHub words, and a violation', async () => {
    const call = octokit.request('POST /repos/{owner}/{repo}/check-runs', {
      ...repo,
      name: 'llm-canary',
      head_sha: pr.headSha,
      conclusion: 'maybe',
    } as never)
    const { status, data } = await rejection(call)
    expect(status).toBe(422)
    expect(data.message).toBe(
      'Invalid request.\n\nFor \'properties/conclusion\', "maybe" is not a member of ["action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out"].',
    )
    expect(gh.violations).toEqual([
      expect.objectContaining({
        kind: 'invalid-request',
        request: 'POST /repos/acme/support-bot/check-runs',
      }),
    ])
    expect(gh.state.checkRuns).toEqual([])
  })

  test('a check summary over 65,535 characters, or bytes, is refused like GitHub does', async () => {
    const createWithSummary = (summary: string) =>
      octokit.rest.checks.create({
        ...repo,
        name: 'llm-canary',
        head_sha: pr.headSha,
        output: { title: 't', summary },
      })
    const tooLong = createWithSummary('x'.repeat(70_000))
    expect(await rejection(tooLong)).toMatchObject({
      status: 422,
      data: { message: 'Invalid request.\n\nOnly 65535 characters are allowed; 70000 were supplied.' },
    })
    // 30,000 characters of a 3-byte symbol: under the character limit, over the byte limit.
    const tooManyBytes = createWithSummary('€'.repeat(30_000))
    expect(await rejection(tooManyBytes)).toMatchObject({
      status: 422,
      data: {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'CheckRun',
            code: 'custom',
            field: 'summary',
            message: 'summary exceeds a maximum bytesize of 65535',
          },
        ],
      },
    })
    expect(gh.state.checkRuns).toEqual([])
  })

  test('more than 50 annotations in one request is refused; later PATCHes append', async () => {
    const annotation = (line: number) => ({
      path: 'experiment.yaml',
      start_line: line,
      end_line: line,
      annotation_level: 'failure' as const,
      message: `guardrail ${line}`,
    })
    const batch = (from: number, n: number) => Array.from({ length: n }, (_, i) => annotation(from + i))
    const output = (annotations: ReturnType<typeof batch>) => ({ title: 'fail', summary: 's', annotations })
    const fiftyOne = octokit.rest.checks.create({
      ...repo,
      name: 'c',
      head_sha: pr.headSha,
      output: output(batch(1, 51)),
    })
    expect((await rejection(fiftyOne)).status).toBe(422)
    const created = await octokit.rest.checks.create({
      ...repo,
      name: 'c',
      head_sha: pr.headSha,
      output: output(batch(1, 50)),
    })
    const updated = await octokit.rest.checks.update({
      ...repo,
      check_run_id: created.data.id,
      output: output(batch(51, 10)),
    })
    expect(updated.data.output.annotations_count).toBe(60)
    expect(gh.state.checkRuns[0]!.annotations.at(-1)!.message).toBe('guardrail 60')
  })

  test('an unknown route is a 404 and a violation; a known but unimplemented one says what to add', async () => {
    const unknown = await rejection(
      octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/verdict', { ...repo, pull_number: 1 }),
    )
    expect(unknown).toMatchObject({ status: 404, data: { message: 'Not Found' } })
    const releases = await rejection(octokit.rest.repos.listReleases(repo))
    expect(releases.status).toBe(501)
    expect(gh.violations.map((v) => [v.kind, v.message])).toEqual([
      ['unknown-route', "GitHub's REST description has no GET /repos/acme/support-bot/pulls/1/verdict"],
      ['unimplemented', 'unimplemented operation GET /repos/{owner}/{repo}/releases (repos/list-releases)'],
    ])
  })

  test('a comment body over 65,536 characters is "Body is too long"', async () => {
    const call = octokit.rest.issues.createComment({
      ...repo,
      issue_number: pr.number,
      body: 'a'.repeat(65_537),
    })
    expect(await rejection(call)).toMatchObject({
      status: 422,
      data: {
        errors: [{ resource: 'IssueComment', message: 'Body is too long (maximum is 65536 characters)' }],
      },
    })
    await octokit.rest.issues.createComment({ ...repo, issue_number: pr.number, body: 'a'.repeat(65_536) })
    expect(gh.state.comments).toHaveLength(1)
  })
})

describe('lists and comments', () => {
  test('octokit.paginate follows the Link header across pages of at most 100', async () => {
    for (let i = 0; i < 230; i += 1) gh.addComment(pr.number, `comment ${i}`, { author: 'bob' })
    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      ...repo,
      issue_number: pr.number,
      per_page: 100,
    })
    expect(all.map((c) => c.body)).toEqual(Array.from({ length: 230 }, (_, i) => `comment ${i}`))
    expect(gh.callsTo('GET /repos/{owner}/{repo}/issues/{issue_number}/comments')).toHaveLength(3)
    const first = await octokit.rest.issues.listComments({ ...repo, issue_number: pr.number, per_page: 500 })
    expect(first.data).toHaveLength(100)
    expect(first.headers.link).toBe(
      `<${gh.apiUrl}/repos/acme/support-bot/issues/1/comments?per_page=100&page=2>; rel="next", <${gh.apiUrl}/repos/acme/support-bot/issues/1/comments?per_page=100&page=3>; rel="last"`,
    )
    expect(gh.violations).toEqual([])
  })

  test('the upsert loop finds its own marked comment and edits it; a pasted marker is not hijacked', async () => {
    gh.addComment(pr.number, `${MARKER}\nI pasted the marker`, { author: 'mallory' })
    const upsert = async (body: string): Promise<void> => {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        ...repo,
        issue_number: pr.number,
      })
      const own = comments.find((c) => c.body?.includes(MARKER) && c.user?.login === 'github-actions[bot]')
      if (own === undefined)
        await octokit.rest.issues.createComment({ ...repo, issue_number: pr.number, body })
      else if (own.body !== body)
        await octokit.rest.issues.updateComment({ ...repo, comment_id: own.id, body })
    }
    await upsert(`${MARKER}\nverdict: inconclusive`)
    await upsert(`${MARKER}\nverdict: pass`)
    await upsert(`${MARKER}\nverdict: pass`)
    expect(gh.state.comments.map((c) => [c.user, c.body.split('\n')[1]])).toEqual([
      ['mallory', 'I pasted the marker'],
      ['github-actions[bot]', 'verdict: pass'],
    ])
    expect(gh.callsTo('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}')).toHaveLength(1)
    expect(gh.violations).toEqual([])
  })
})
