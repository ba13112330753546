import type { ConfigIssue } from '@llm-canary/core'

/** Every error code `@llm-canary/gate` throws. The CLI maps all of them to exit code 2. */
export type GateErrorCode =
  /** A command line that cannot be run: unknown flag, missing argument, bad value. */
  | 'USAGE'
  /** A file named on the command line cannot be read (missing, a directory, no permission). */
  | 'FILE_UNREADABLE'
  /** The experiment file is not valid YAML or breaks the schema; `issues` lists every problem. */
  | 'CONFIG_INVALID'
  /** A `--source` spec that cannot be used (unknown scheme, bad URL, missing path). */
  | 'SOURCE_INVALID'
  /** The trace backend did not answer (refused, timed out, 5xx) after the retries. */
  | 'BACKEND_UNREACHABLE'
  /** The trace backend answered with a client error (401, 403, 400 ...): retrying will not help. */
  | 'BACKEND_REJECTED'
  /** The trace backend or file answered with something that is not the documented format. */
  | 'BACKEND_RESPONSE_INVALID'

/** A config problem located in its file: the core issue plus line and column when known (1-based). */
export interface LocatedIssue extends ConfigIssue {
  readonly line?: number
  readonly column?: number
}

/**
 * The one error class of `@llm-canary/gate`. Its message is meant for the user as is: what is
 * wrong, where, and what to do.
 */
export class GateError extends Error {
  override name = 'GateError'
  /** For `CONFIG_INVALID`: every problem found, in file order. */
  readonly issues: readonly LocatedIssue[]
  /** The file the issues are located in, when there is one. */
  readonly file: string | undefined

  constructor(
    readonly code: GateErrorCode,
    message: string,
    options?: { cause?: unknown; issues?: readonly LocatedIssue[]; file?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.issues = options?.issues ?? []
    this.file = options?.file
  }
}
