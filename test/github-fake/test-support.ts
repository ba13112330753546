import { getOctokit } from '@actions/github'
import type { FakeGitHub, PullState } from './index.ts'
import { startFakeGitHub } from './index.ts'

/** The Octokit an action gets from `@actions/github`'s `getOctokit`. */
export type Octokit = ReturnType<typeof getOctokit>

/** The owner/repo parameters of the fake's repository. */
export const REPO = { owner: 'acme', repo: 'support-bot' } as const

/** A fake with an experiment on main, an open bump pull request by alice, and an Actions-token client. */
export interface BumpScenario {
  readonly gh: FakeGitHub
  readonly octokit: Octokit
  readonly pr: PullState
}

/** Starts the fake with the usual model-bump pull request open. */
export async function startBumpScenario(): Promise<BumpScenario> {
  const gh = await startFakeGitHub({ owner: REPO.owner, repo: REPO.repo, defaultBranch: 'main' })
  gh.commit(
    'main',
    { 'experiment.yaml': 'arms: { candidate: { model: openai:gpt-4.1 } }\n' },
    { message: 'add experiment' },
  )
  const pr = gh.openPullRequest({
    head: 'bump-gpt5',
    files: { 'experiment.yaml': 'arms: { candidate: { model: openai:gpt-5 } }\n' },
    author: 'alice',
    title: 'Bump the candidate to gpt-5',
  })
  return { gh, pr, octokit: getOctokit(gh.token('actions'), { baseUrl: gh.apiUrl }) }
}

/** The HTTP status and GitHub's error body of a call that must be rejected. */
export async function rejection(
  call: Promise<unknown>,
): Promise<{ status: number; data: Record<string, unknown> }> {
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e,
  )) as { status?: number; response?: { data?: Record<string, unknown> } } | undefined
  if (error === undefined) throw new Error('expected the call to be rejected')
  return { status: error.status ?? 0, data: error.response?.data ?? {} }
}
