/** Every error code `@llm-canary/core` throws. Check `err.code`, not `instanceof`, across packages. */
export type CoreErrorCode =
  /** The experiment file breaks the schema; `issues` lists every problem with its path. */
  | 'CONFIG_INVALID'
  /** A unit id (session, user or thread id) is empty or not a string. */
  | 'UNIT_ID_INVALID'
  /** An assignment asks for a hash version this release does not implement. */
  | 'HASH_VERSION_UNSUPPORTED'
  /** A price override or token usage is not a finite non-negative number. */
  | 'PRICING_INVALID'
  /** A statistics function got an argument outside its domain (n < 2, alpha outside (0, 1), ...). */
  | 'INVALID_ARGUMENT'

/** One problem found in an experiment file: where it is and what to do. */
export interface ConfigIssue {
  /** Path inside the document, as keys and array indices: `['arms', 'candidate', 'weight']`. */
  readonly path: readonly (string | number)[]
  /** What is wrong, the offending value, and what to do. */
  readonly message: string
}

/**
 * The one error class of `@llm-canary/core`.
 *
 * @example
 * try { loadExperiment(raw) } catch (err) {
 *   if (err instanceof Error && err.name === 'CoreError') console.error(err.message)
 * }
 */
export class CoreError extends Error {
  override name = 'CoreError'
  /** For `CONFIG_INVALID`: every problem, not only the first. Empty otherwise. */
  readonly issues: readonly ConfigIssue[]

  constructor(
    readonly code: CoreErrorCode,
    message: string,
    options?: { cause?: unknown; issues?: readonly ConfigIssue[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.issues = options?.issues ?? []
  }
}

/** Formats an issue path the way users write it: `arms.candidate.weight`, `scope.agents[1]`. */
export function formatIssuePath(path: readonly (string | number)[]): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out === '' ? part : `.${part}`
  }
  return out === '' ? '(root)' : out
}
