import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { ActionError } from './errors.ts'

/** What the runner tells the action about the run: repository, event, URLs and file commands. */
export interface ActionContext {
  /** `owner/repo`. */
  readonly repository: string
  readonly eventName: string
  readonly event: ActionEvent
  /** The commit the workflow runs on (`GITHUB_SHA`). */
  readonly sha: string
  readonly apiUrl: string
  readonly graphqlUrl: string | undefined
  /** The workflow run's page: the check's and the comment's "full report" link. */
  readonly runUrl: string | undefined
  /** Folder for the JSON report (`RUNNER_TEMP`, else the working directory's `.llm-canary`). */
  readonly tempDir: string
}

/** The pull request an event is about, as its payload gives it. */
interface EventPullRequest {
  readonly number: number
  readonly headSha: string
  /** `owner/repo` of the head; undefined when the fork was deleted. */
  readonly headRepository: string | undefined
  readonly baseSha: string
  readonly baseRef: string
  readonly labels: readonly string[]
}

/** The parts of the event payload the action reads. */
export interface ActionEvent {
  /** For `pull_request` / `pull_request_target`. */
  readonly pullRequest?: EventPullRequest
  /** For `workflow_run`: the commit the finished run built, and its pull requests (empty for forks). */
  readonly workflowRun?: { readonly headSha: string; readonly pullRequests: readonly number[] }
}

const pullRequestPayload = z.object({
  pull_request: z.object({
    number: z.number().int().positive(),
    head: z.object({
      sha: z.string().regex(/^[0-9a-f]{40}$/),
      repo: z.object({ full_name: z.string() }).nullable().optional(),
    }),
    base: z.object({ sha: z.string().regex(/^[0-9a-f]{40}$/), ref: z.string() }),
    labels: z.array(z.object({ name: z.string() })).default([]),
  }),
})

const workflowRunPayload = z.object({
  workflow_run: z.object({
    head_sha: z.string().regex(/^[0-9a-f]{40}$/),
    pull_requests: z.array(z.object({ number: z.number().int().positive() })).default([]),
  }),
})

/**
 * Reads the run's context from the runner's environment and the event payload file.
 *
 * @param env - The environment (`process.env`).
 * @returns The context.
 * @throws ActionError `EVENT_INVALID` when a variable the runner always sets is missing, or the payload
 *   of a pull request or workflow_run event lacks what the action reads.
 */
export function readActionContext(env: Readonly<Record<string, string | undefined>>): ActionContext {
  const repository = required(env, 'GITHUB_REPOSITORY')
  if (!/^[^/\s]+\/[^/\s]+$/.test(repository)) {
    throw new ActionError(
      'EVENT_INVALID',
      `GITHUB_REPOSITORY is ${JSON.stringify(repository)}; expected owner/repo`,
    )
  }
  const eventName = required(env, 'GITHUB_EVENT_NAME')
  const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com'
  const runId = env.GITHUB_RUN_ID
  return {
    repository,
    eventName,
    event: readEvent(eventName, env.GITHUB_EVENT_PATH),
    sha: env.GITHUB_SHA ?? '',
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    graphqlUrl: env.GITHUB_GRAPHQL_URL === '' ? undefined : env.GITHUB_GRAPHQL_URL,
    runUrl:
      runId === undefined || runId === '' ? undefined : `${serverUrl}/${repository}/actions/runs/${runId}`,
    tempDir: env.RUNNER_TEMP ?? '.llm-canary',
  }
}

function readEvent(eventName: string, path: string | undefined): ActionEvent {
  const needsPayload = ['pull_request', 'pull_request_target', 'workflow_run'].includes(eventName)
  if (!needsPayload) return {}
  if (path === undefined || path === '') {
    throw new ActionError(
      'EVENT_INVALID',
      `GITHUB_EVENT_PATH is not set for a ${eventName} event; run the action in a workflow`,
    )
  }
  let payload: unknown
  try {
    payload = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new ActionError('EVENT_INVALID', `cannot read the event payload ${path}: ${(err as Error).message}`)
  }
  if (eventName === 'workflow_run') {
    const run = workflowRunPayload.safeParse(payload)
    if (!run.success) throw invalidPayload(eventName, run.error)
    return {
      workflowRun: {
        headSha: run.data.workflow_run.head_sha,
        pullRequests: run.data.workflow_run.pull_requests.map((pull) => pull.number),
      },
    }
  }
  const parsed = pullRequestPayload.safeParse(payload)
  if (!parsed.success) throw invalidPayload(eventName, parsed.error)
  const pull = parsed.data.pull_request
  return {
    pullRequest: {
      number: pull.number,
      headSha: pull.head.sha,
      headRepository: pull.head.repo?.full_name ?? undefined,
      baseSha: pull.base.sha,
      baseRef: pull.base.ref,
      labels: pull.labels.map((label) => label.name),
    },
  }
}

function invalidPayload(eventName: string, error: z.ZodError): ActionError {
  const where = error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')
  return new ActionError(
    'EVENT_INVALID',
    `the ${eventName} event payload lacks what the action reads (${where})`,
  )
}

function required(env: Readonly<Record<string, string | undefined>>, name: string): string {
  const value = env[name]
  if (value === undefined || value === '') {
    throw new ActionError(
      'EVENT_INVALID',
      `${name} is not set; the action runs inside a GitHub Actions workflow`,
    )
  }
  return value
}
