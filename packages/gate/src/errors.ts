import type { ConfigIssue } from '@llm-canary/core'
import { ExitCode } from '../bin/exit-codes.js'

/**
 * Every error code `@llm-canary/gate` throws. The CLI exits 4 for the trace backend's (`BACKEND_*`,
 * `TRACE_LIMIT`, `DEADLINE_EXCEEDED`: no verdict) and 2 for the rest (`exitCodeOfError`).
 */
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
  /**
   * The trace data is beyond a safety limit: a response body, a JSON line or a whole JSON document over
   * `--max-body-mb`, or a decompression ratio only a bomb reaches.
   */
  | 'TRACE_LIMIT'
  /** Reading the traces did not finish within `--deadline`. */
  | 'DEADLINE_EXCEEDED'
  /** The analysis needs more memory than its budget (`LLM_CANARY_MAX_HEAP_MB`). */
  | 'MEMORY_LIMIT'

/** The codes that mean "the trace backend could not be read": no verdict, exit 4. */
const BACKEND_CODES: ReadonlySet<GateErrorCode> = new Set([
  'BACKEND_UNREACHABLE',
  'BACKEND_REJECTED',
  'BACKEND_RESPONSE_INVALID',
  'TRACE_LIMIT',
  'DEADLINE_EXCEEDED',
])

/**
 * The CLI exit code of an error code: 4 when the traces could not be read, 2 otherwise (usage,
 * configuration, files). Neither is ever a verdict.
 *
 * @param code - The `GateError` code (a `CoreError` is a configuration error: 2).
 * @returns 2 or 4.
 */
export function exitCodeOfError(code: GateErrorCode | undefined): 2 | 4 {
  return code !== undefined && BACKEND_CODES.has(code) ? ExitCode.Backend : ExitCode.Usage
}

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
