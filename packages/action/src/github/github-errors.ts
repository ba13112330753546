import { ActionError } from '../errors.ts'

/** The setting GitHub names when it refuses a pull request from a workflow token. */
export const PULL_REQUEST_SETTING =
  'Settings → Actions → General → Workflow permissions → "Allow GitHub Actions to create and approve pull requests"'

/** An error Octokit threw for an HTTP answer: its status and GitHub's message. */
interface HttpFailure {
  readonly status: number
  readonly message: string
}

/**
 * Reads the status and GitHub's message out of an Octokit `RequestError` (or a GraphQL error).
 *
 * @param err - Whatever was thrown.
 * @returns The status (0 for a network failure or a GraphQL error) and the message.
 */
function readHttpFailure(err: unknown): HttpFailure {
  const status =
    typeof (err as { status?: unknown })?.status === 'number' ? (err as { status: number }).status : 0
  const data = (err as { response?: { data?: { message?: unknown } } })?.response?.data
  // A GraphQL answer with errors: GitHub's own messages, not Octokit's multi-line wrapper around them.
  const graphqlErrors = (err as { errors?: unknown })?.errors
  const graphqlMessages = Array.isArray(graphqlErrors)
    ? graphqlErrors.map((e) => (e as { message?: unknown })?.message).filter((m) => typeof m === 'string')
    : []
  const message =
    typeof data?.message === 'string'
      ? data.message
      : graphqlMessages.length > 0
        ? graphqlMessages.join('; ')
        : err instanceof Error
          ? err.message
          : String(err)
  return { status, message }
}

/**
 * True when GitHub answered 404 (or 410): the thing does not exist.
 *
 * @param err - Whatever was thrown.
 */
export function isNotFound(err: unknown): boolean {
  const { status } = readHttpFailure(err)
  return status === 404 || status === 410
}

/**
 * True when GitHub refused a pull request because Actions may not create pull requests here.
 *
 * @param err - Whatever was thrown (REST or GraphQL).
 */
function isPullRequestCreationDisabled(err: unknown): boolean {
  return /not permitted to create or approve pull requests/i.test(readHttpFailure(err).message)
}

/**
 * Turns a failed GitHub call into an `ActionError` that says what the action was doing, what GitHub
 * answered, and what to change: the permission to add for a 403, the repository setting when Actions
 * may not create pull requests.
 *
 * @param err - What Octokit threw.
 * @param doing - What the call was for, e.g. `create the check run llm-canary / triage`.
 * @param permission - The `permissions:` entry the call needs, e.g. `checks: write`.
 * @returns The error to throw or report.
 */
export function toActionError(err: unknown, doing: string, permission?: string): ActionError {
  if (err instanceof ActionError) return err
  const { status, message } = readHttpFailure(err)
  if (isPullRequestCreationDisabled(err)) {
    return new ActionError(
      'PULL_REQUESTS_DISABLED',
      `GitHub refused to ${doing}: GitHub Actions is not permitted to create pull requests in this repository. ` +
        `Turn on ${PULL_REQUEST_SETTING} (an organization may lock it), or pass a GitHub App token or a personal access token as github-token`,
      { cause: err },
    )
  }
  if (status === 403 || status === 401) {
    const hint =
      permission === undefined
        ? 'check the token given as github-token'
        : `give the job \`permissions: ${permission}\` (a pull request from a fork gets a read-only token under pull_request)`
    return new ActionError(
      'GITHUB_FORBIDDEN',
      `GitHub refused to ${doing} (HTTP ${status}: ${message}); ${hint}`,
      {
        cause: err,
      },
    )
  }
  const answer = status === 0 ? message : `HTTP ${status}: ${message}`
  return new ActionError('GITHUB_REQUEST_FAILED', `could not ${doing} (${answer})`, { cause: err })
}
