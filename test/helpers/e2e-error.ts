/** Every error code the end-to-end test kit (the offline GitHub, `runAction`) throws. */
export type E2eErrorCode =
  /** A test set the fake up wrongly: unknown branch, pull request, user, route key, bad helper argument. */
  | 'FAKE_SETUP'
  /** A commit sha that the fake repository does not hold. */
  | 'UNKNOWN_COMMIT'
  /** A merge or revert whose changes conflict with the base branch. */
  | 'MERGE_CONFLICT'
  /** Inside the fake: a handler answers the HTTP request with a GitHub error (`response` says which). */
  | 'GITHUB_RESPONSE'
  /** `runAction` was given an action.yml it cannot use, or lacks a required input. */
  | 'ACTION_SETUP'
  /** A heavy test-only engine of `test/engines/` is not installed (`pnpm test:engines`). */
  | 'ENGINE_MISSING'
  /** A rendered comment holds a Mermaid block that Mermaid's own parser rejects. */
  | 'MERMAID_SYNTAX'

/** What the fake sends when a handler stops with `GITHUB_RESPONSE`. */
export interface GitHubErrorResponse {
  readonly status: number
  readonly body: Readonly<Record<string, unknown>>
  readonly headers?: Readonly<Record<string, string>>
}

/**
 * The one error class of the end-to-end test kit. The message says what is wrong and what to do;
 * `response` is set for `GITHUB_RESPONSE` only.
 */
export class E2eError extends Error {
  override readonly name = 'E2eError'
  constructor(
    readonly code: E2eErrorCode,
    message: string,
    readonly response?: GitHubErrorResponse,
  ) {
    super(message)
  }
}
