import { getOctokit } from '@actions/github'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { FakeGitHub, PullState } from './index.ts'
import { startFakeGitHub } from './index.ts'
import { REPO as repo } from './test-support.ts'

const BEFORE = 'arms:\n  candidate: { model: openai:gpt-4.1 }\n'
const AFTER = 'arms:\n  candidate: { model: openai:gpt-5 }\n'

const NODE_ID = `query($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) { pullRequest(number: $number) { id number state } }
}`
const REVERT = `mutation($id: ID!, $title: String) {
  revertPullRequest(input: { pullRequestId: $id, title: $title }) {
    pullRequest { number state mergeCommit { oid } }
    revertPullRequest { id number title url headRefName baseRefName state author { login } }
  }
}`

interface RevertAnswer {
  revertPullRequest: {
    pullRequest: { number: number; state: string; mergeCommit: { oid: string } }
    revertPullRequest: {
      number: number
      title: string
      headRefName: string
      baseRefName: string
      author: { login: string }
    }
  }
}

let gh: FakeGitHub
let merged: PullState

beforeEach(async () => {
  gh = await startFakeGitHub({ owner: 'acme', repo: 'support-bot' })
  gh.commit('main', { 'experiment.yaml': BEFORE, 'README.md': 'bot\n' })
  merged = gh.openPullRequest({
    head: 'bump-gpt5',
    files: { 'experiment.yaml': AFTER },
    author: 'alice',
    title: 'Bump to gpt-5',
  })
  gh.merge(merged.number, { by: 'bob' })
  gh.commit('main', { 'README.md': 'bot, later\n' })
})
afterEach(() => gh.close())

/** POSTs a GraphQL request the way octokit.graphql does, returning the raw answer (data and errors). */
async function graphql(
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const response = await fetch(gh.graphqlUrl, {
    method: 'POST',
    headers: { authorization: `bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  })
  expect(response.status).toBe(200)
  return (await response.json()) as Record<string, unknown>
}

describe('node ids', () => {
  test('repository.pullRequest and node(id:) find the same pull request as REST', async () => {
    const octokit = getOctokit(gh.token('actions'), { baseUrl: gh.apiUrl })
    const answer = await octokit.graphql<{
      repository: { pullRequest: { id: string; number: number; state: string } }
    }>(NODE_ID, { owner: 'acme', name: 'support-bot', number: merged.number })
    const { data: rest } = await octokit.rest.pulls.get({ ...repo, pull_number: merged.number })
    expect(answer.repository.pullRequest).toEqual({
      id: rest.node_id,
      number: merged.number,
      state: 'MERGED',
    })
    const node = await octokit.graphql<{ node: { number: number } }>(
      'query($id: ID!) { node(id: $id) { ... on PullRequest { number } } }',
      { id: rest.node_id },
    )
    expect(node.node.number).toBe(merged.number)
    expect(gh.violations).toEqual([])
  })
})

describe('revertPullRequest', () => {
  test('opens the revert pull request on a branch that restores the merged change', async () => {
    gh.settings.actionsCanCreatePullRequests = true
    const octokit = getOctokit(gh.token('actions'), { baseUrl: gh.apiUrl })
    const answer = await octokit.graphql<RevertAnswer>(REVERT, { id: merged.nodeId, title: null })
    const { pullRequest, revertPullRequest: revert } = answer.revertPullRequest
    expect(pullRequest).toEqual({
      number: merged.number,
      state: 'MERGED',
      mergeCommit: { oid: merged.mergeCommitSha },
    })
    expect(revert).toMatchObject({
      number: 2,
      title: 'Revert "Bump to gpt-5"',
      headRefName: `revert-${merged.number}-bump-gpt5`,
      baseRefName: 'main',
      author: { login: 'github-actions[bot]' },
    })
    const { data: pull } = await octokit.rest.pulls.get({ ...repo, pull_number: revert.number })
    expect(pull.body).toBe(`Reverts acme/support-bot#${merged.number}`)
    const file = await octokit.rest.repos.getContent({ ...repo, path: 'experiment.yaml', ref: pull.head.sha })
    expect(
      !Array.isArray(file.data) &&
        'content' in file.data &&
        Buffer.from(file.data.content, 'base64').toString(),
    ).toBe(BEFORE)
    const readme = await octokit.rest.repos.getContent({ ...repo, path: 'README.md', ref: pull.head.sha })
    expect(
      !Array.isArray(readme.data) &&
        'content' in readme.data &&
        Buffer.from(readme.data.content, 'base64').toString(),
    ).toBe('bot, later\n')
    expect(gh.state.pulls.size).toBe(2)
    expect(gh.violations).toEqual([])
  })

  test("the repository setting blocks it with GitHub's FORBIDDEN error, and nothing is created", async () => {
    const answer = await graphql(gh.token('actions'), REVERT, { id: merged.nodeId })
    expect(answer).toEqual({
      data: { revertPullRequest: null },
      errors: [
        {
          type: 'FORBIDDEN',
          message: 'GitHub Actions is not permitted to create or approve pull requests',
          locations: [{ line: 2, column: 3 }],
          path: ['revertPullRequest'],
        },
      ],
    })
    expect(gh.state.pulls.size).toBe(1)
    expect(gh.violations).toEqual([])
  })

  test('a read-only fork token is not allowed to revert', async () => {
    gh.settings.actionsCanCreatePullRequests = true
    const answer = await graphql(gh.token('fork'), REVERT, { id: merged.nodeId })
    expect(answer.errors).toEqual([
      expect.objectContaining({ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }),
    ])
    expect(gh.state.pulls.size).toBe(1)
  })
})

describe('documents GitHub rejects', () => {
  test('a field the schema does not have: errors and a violation, nothing runs', async () => {
    gh.settings.actionsCanCreatePullRequests = true
    const bad = REVERT.replace('headRefName', 'headBranch')
    const answer = await graphql(gh.token('actions'), bad, { id: merged.nodeId })
    expect(answer.data).toBeUndefined()
    expect(answer.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('Cannot query field "headBranch" on type "PullRequest".'),
      }),
    ])
    expect(gh.violations.map((v) => [v.kind, v.request])).toEqual([['graphql-invalid', 'POST /graphql']])
    expect(gh.state.pulls.size).toBe(1)
  })

  test('a variable of the wrong type and a syntax error are violations too', async () => {
    const token = gh.token('actions')
    const wrongType = await graphql(token, NODE_ID, { owner: 'acme', name: 'support-bot', number: 'one' })
    expect(wrongType.errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining('Int cannot represent') }),
    ])
    const syntax = await graphql(token, 'query { repository(owner: "acme" { id } }', {})
    expect(syntax.errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining('Syntax Error') }),
    ])
    expect(gh.violations.map((v) => v.kind)).toEqual(['graphql-invalid', 'graphql-invalid'])
  })

  test('a field the fake does not provide is reported as a violation naming it', async () => {
    const answer = await graphql(
      gh.token('actions'),
      'query { repository(owner: "acme", name: "support-bot") { pullRequest(number: 1) { bodyHTML } } }',
      {},
    )
    expect(answer.errors).toEqual([
      expect.objectContaining({ message: 'Cannot return null for non-nullable field PullRequest.bodyHTML.' }),
    ])
    expect(gh.violations).toEqual([
      expect.objectContaining({
        kind: 'graphql-invalid',
        message:
          'unimplemented or invalid: Cannot return null for non-nullable field PullRequest.bodyHTML. at repository.pullRequest.bodyHTML',
      }),
    ])
  })
})
