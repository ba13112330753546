import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { getOctokit } from '@actions/github'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { FakeGitHub } from './index.ts'
import { startFakeGitHub } from './index.ts'
import type { Octokit } from './test-support.ts'
import { REPO as repo } from './test-support.ts'

const V1 =
  'arms:\n  control: { model: openai:gpt-4.1, weight: 80 }\n  candidate: { model: openai:gpt-5, weight: 20 }\n'
const V2 = V1.replace('weight: 80', 'weight: 50').replace('weight: 20', 'weight: 50')

let gh: FakeGitHub
let octokit: Octokit

beforeEach(async () => {
  gh = await startFakeGitHub({ owner: 'acme', repo: 'support-bot' })
  octokit = getOctokit(gh.token('actions'), { baseUrl: gh.apiUrl })
})
afterEach(() => gh.close())

async function fileAt(ref: string, path: string): Promise<string | undefined> {
  const response = await octokit.rest.repos
    .getContent({ ...repo, path, ref })
    .catch((e: { status: number }) => {
      if (e.status === 404) return undefined
      throw e
    })
  const data = response?.data
  return data !== undefined && !Array.isArray(data) && 'content' in data
    ? Buffer.from(data.content, 'base64').toString('utf8')
    : undefined
}

describe('the git model', () => {
  test('commit, tree and blob ids are the ones git itself computes', () => {
    const date = '2026-03-01T09:30:00Z'
    const files = {
      'experiment.yaml': V1,
      'config/b.yaml': 'b: 1\n',
      'config/a.yaml': 'a: 1\n',
      'README.md': '# bot\n',
    }
    const sha = gh.commit('main', files, { message: 'add the experiment', date, author: 'alice' })
    const dir = mkdtempSync(join(tmpdir(), 'real-git-'))
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true })
      writeFileSync(join(dir, path), text)
    }
    const alice = gh.state.users.get('alice')!
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: 'alice',
      GIT_AUTHOR_EMAIL: `${alice.id}+alice@users.noreply.github.com`,
      GIT_AUTHOR_DATE: `${Date.parse(date) / 1000} +0000`,
      GIT_COMMITTER_NAME: 'alice',
      GIT_COMMITTER_EMAIL: `${alice.id}+alice@users.noreply.github.com`,
      GIT_COMMITTER_DATE: `${Date.parse(date) / 1000} +0000`,
    }
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' }).trim()
    git('init', '-q')
    git('add', '.')
    git('-c', 'commit.gpgsign=false', 'commit', '-q', '--cleanup=verbatim', '-m', 'add the experiment')
    expect(git('rev-parse', 'HEAD')).toBe(sha)
  })
})

describe('state seen through the API', () => {
  test('a merge makes a commit with two parents; its first parent holds the base as it was', async () => {
    const base = gh.commit('main', { 'experiment.yaml': V1 }, { message: 'add experiment' })
    const pr = gh.openPullRequest({
      head: 'ramp',
      files: { 'experiment.yaml': V2 },
      author: 'alice',
      title: 'Ramp to 50%',
    })
    gh.commit('main', { 'README.md': 'docs\n' }, { message: 'docs meanwhile' })
    const mainBefore = gh.state.branches.get('main')!
    const merge = gh.merge(pr.number, { by: 'bob' })

    const { data: commit } = await octokit.rest.repos.getCommit({ ...repo, ref: merge })
    expect(commit.parents.map((p) => p.sha)).toEqual([mainBefore, pr.headSha])
    expect(await fileAt(commit.parents[0]!.sha, 'experiment.yaml')).toBe(V1)
    expect(await fileAt(merge, 'experiment.yaml')).toBe(V2)
    expect(await fileAt(merge, 'README.md')).toBe('docs\n')
    expect(await fileAt(base, 'README.md')).toBeUndefined()
    const { data: pull } = await octokit.rest.pulls.get({ ...repo, pull_number: pr.number })
    expect(pull).toMatchObject({
      merged: true,
      state: 'closed',
      merge_commit_sha: merge,
      merged_by: { login: 'bob' },
    })
    expect(pull.base.sha).toBe(mainBefore)
    gh.addComment(pr.number, 'shipped', { author: 'bob' })
    const timeline = await octokit.rest.issues.listEventsForTimeline({ ...repo, issue_number: pr.number })
    expect(timeline.data.map((e) => [e.event, 'actor' in e ? e.actor?.login : undefined])).toEqual([
      ['merged', 'bob'],
      ['closed', 'bob'],
      ['commented', 'bob'],
    ])
    expect(gh.violations).toEqual([])
  })

  test("a file's history is newest first, follows the branch through a merge, and pages with Link", async () => {
    const first = gh.commit('main', { 'experiment.yaml': V1 }, { date: '2026-01-01T00:00:00Z' })
    gh.commit('main', { 'src/app.ts': 'x\n' }, { date: '2026-01-02T00:00:00Z' })
    const pr = gh.openPullRequest({
      head: 'ramp',
      files: { 'experiment.yaml': V2 },
      date: '2026-01-03T00:00:00Z',
    })
    gh.merge(pr.number, { date: '2026-01-04T00:00:00Z' })
    const history = await octokit.rest.repos.listCommits({ ...repo, path: 'experiment.yaml' })
    expect(history.data.map((c) => c.sha)).toEqual([pr.headSha, first])
    const all = await octokit.rest.repos.listCommits({ ...repo, per_page: 2 })
    expect(all.data).toHaveLength(2)
    expect(all.headers.link).toContain('rel="next"')
    const paged = await octokit.paginate(octokit.rest.repos.listCommits, { ...repo, per_page: 2 })
    expect(paged).toHaveLength(4)
    const since = await octokit.rest.repos.listCommits({
      ...repo,
      path: 'experiment.yaml',
      since: '2026-01-02T12:00:00Z',
    })
    expect(since.data.map((c) => c.sha)).toEqual([pr.headSha])
    expect(gh.violations).toEqual([])
  })

  test('compare, pull request files and the recursive tree agree with the commits', async () => {
    gh.commit('main', { 'experiment.yaml': V1, 'deploy/prod/experiment-b.yml': 'b\n' })
    const pr = gh.openPullRequest({
      head: 'two',
      files: { 'experiment.yaml': V2, 'deploy/prod/experiment-b.yml': null },
    })
    const { data: compare } = await octokit.rest.repos.compareCommitsWithBasehead({
      ...repo,
      basehead: 'main...two',
    })
    expect(compare).toMatchObject({ status: 'ahead', ahead_by: 1, behind_by: 0, total_commits: 1 })
    expect(compare.files?.map((f) => [f.filename, f.status])).toEqual([
      ['deploy/prod/experiment-b.yml', 'removed'],
      ['experiment.yaml', 'modified'],
    ])
    const files = await octokit.rest.pulls.listFiles({ ...repo, pull_number: pr.number })
    expect(files.data.map((f) => f.filename)).toEqual(compare.files?.map((f) => f.filename))
    expect(files.data[1]!.patch).toBe(
      '@@ -1,3 +1,3 @@\n arms:\n-  control: { model: openai:gpt-4.1, weight: 80 }\n-  candidate: { model: openai:gpt-5, weight: 20 }\n+  control: { model: openai:gpt-4.1, weight: 50 }\n+  candidate: { model: openai:gpt-5, weight: 50 }',
    )
    const { data: tree } = await octokit.rest.git.getTree({ ...repo, tree_sha: 'main', recursive: '1' })
    expect(tree.tree.map((e) => [e.path, e.type])).toEqual([
      ['deploy', 'tree'],
      ['deploy/prod', 'tree'],
      ['deploy/prod/experiment-b.yml', 'blob'],
      ['experiment.yaml', 'blob'],
    ])
    const { data: top } = await octokit.rest.git.getTree({ ...repo, tree_sha: tree.sha })
    expect(top.tree.map((e) => e.path)).toEqual(['deploy', 'experiment.yaml'])
    expect(gh.violations).toEqual([])
  })

  test('the REST revert path: branch from the tip, restore the parent content, open the pull request', async () => {
    gh.settings.actionsCanCreatePullRequests = true
    gh.commit('main', { 'experiment.yaml': V1 })
    const pr = gh.openPullRequest({ head: 'bump', files: { 'experiment.yaml': V2 }, author: 'alice' })
    const merge = gh.merge(pr.number)
    const { data: commit } = await octokit.rest.repos.getCommit({ ...repo, ref: merge })
    const previous = await fileAt(commit.parents[0]!.sha, 'experiment.yaml')
    const { data: ref } = await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' })
    await octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/llm-canary/revert-1', sha: ref.object.sha })
    const current = await octokit.rest.repos.getContent({
      ...repo,
      path: 'experiment.yaml',
      ref: 'llm-canary/revert-1',
    })
    const put = await octokit.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: 'experiment.yaml',
      branch: 'llm-canary/revert-1',
      message: 'Revert the gpt-5 bump',
      content: Buffer.from(previous!).toString('base64'),
      sha: Array.isArray(current.data) ? '' : current.data.sha,
    })
    expect(put.status).toBe(200)
    const created = await octokit.rest.pulls.create({
      ...repo,
      head: 'llm-canary/revert-1',
      base: 'main',
      title: 'Revert',
    })
    expect(await fileAt(created.data.head.sha, 'experiment.yaml')).toBe(V1)
    expect(await fileAt('main', 'experiment.yaml')).toBe(V2)
    const again = octokit.rest.git.createRef({
      ...repo,
      ref: 'refs/heads/llm-canary/revert-1',
      sha: ref.object.sha,
    })
    await expect(again).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Reference already exists' } },
    })
    const stale = octokit.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: 'experiment.yaml',
      branch: 'llm-canary/revert-1',
      message: 'again',
      content: 'eA==',
      sha: Array.isArray(current.data) ? '' : current.data.sha,
    })
    await expect(stale).rejects.toMatchObject({ status: 409 })
    expect(gh.violations).toEqual([])
  })

  test('check runs list per ref, newest of each name; statuses list newest first', async () => {
    const sha = gh.commit('main', { 'experiment.yaml': V1 })
    for (const conclusion of ['failure', 'success'] as const) {
      await octokit.rest.checks.create({ ...repo, name: 'llm-canary / support', head_sha: sha, conclusion })
    }
    await octokit.rest.checks.create({ ...repo, name: 'other', head_sha: sha, status: 'queued' })
    const latest = await octokit.rest.checks.listForRef({
      ...repo,
      ref: 'main',
      check_name: 'llm-canary / support',
    })
    expect(latest.data.check_runs.map((r) => r.conclusion)).toEqual(['success'])
    const every = await octokit.rest.checks.listForRef({ ...repo, ref: sha, filter: 'all' })
    expect(every.data.total_count).toBe(3)
    await octokit.rest.repos.createCommitStatus({ ...repo, sha, state: 'pending', context: 'llm-canary' })
    await octokit.rest.repos.createCommitStatus({ ...repo, sha, state: 'success', context: 'llm-canary' })
    const statuses = await octokit.rest.repos.listCommitStatusesForRef({ ...repo, ref: sha })
    expect(statuses.data.map((s) => s.state)).toEqual(['success', 'pending'])
    expect(gh.violations).toEqual([])
  })
})
