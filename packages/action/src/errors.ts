/** Every error code `@llm-canary/action` throws. `run()` turns each into one `::error::` line. */
export type ActionErrorCode =
  /** An input that cannot be used: the message names the input, the value and what to write. */
  | 'INPUT_INVALID'
  /** The workflow's event is not one the mode handles (gate on a push, watch on a pull request). */
  | 'EVENT_UNSUPPORTED'
  /** The event payload or the runner's environment lacks what the action needs. */
  | 'EVENT_INVALID'
  /** An experiment file at the commit being judged is not valid; `problems` lists where. */
  | 'EXPERIMENT_INVALID'
  /** The token may not do what the action needs; the message names the permission or setting. */
  | 'GITHUB_FORBIDDEN'
  /** GitHub's "Allow GitHub Actions to create and approve pull requests" setting is off. */
  | 'PULL_REQUESTS_DISABLED'
  /** Another GitHub API failure (not found, validation, server error). */
  | 'GITHUB_REQUEST_FAILED'

/** A problem located in a file of the repository (for annotations). */
export interface FileProblem {
  readonly file: string
  readonly line?: number
  readonly column?: number
  readonly message: string
}

/**
 * The one error class of `@llm-canary/action`. Its message is meant for the user as is: what is wrong,
 * where, and what to do; it never holds a token.
 */
export class ActionError extends Error {
  override readonly name = 'ActionError'
  /** For `EXPERIMENT_INVALID`: every problem, located in its file. */
  readonly problems: readonly FileProblem[]

  constructor(
    readonly code: ActionErrorCode,
    message: string,
    options?: { cause?: unknown; problems?: readonly FileProblem[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.problems = options?.problems ?? []
  }
}
