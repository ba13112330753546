/** Every error code `@llm-canary/langgraph` throws. Check `err.code`, not `instanceof`, across packages. */
export type CanaryErrorCode =
  /** No unit id: the `unitId` function returned nothing and the config has no `configurable.thread_id`. */
  | 'UNIT_ID_MISSING'
  /** The `unitId` function returned something other than a non-empty string. */
  | 'UNIT_ID_INVALID'
  /** The experiment is scoped to agents and the caller's agent (graph node) cannot be told. */
  | 'AGENT_UNKNOWN'
  /** An option of a router, middleware, kill switch or shadow runner is out of range or missing. */
  | 'INVALID_OPTION'
  /** The default model factory (`initChatModel`) does not know an arm's provider. */
  | 'MODEL_PROVIDER_UNSUPPORTED'
  /** A model factory threw while building an arm's chat model. */
  | 'MODEL_FACTORY_FAILED'

/**
 * The one error class of `@llm-canary/langgraph`: thrown at set-up (bad options) and by the router
 * and arm-aware models when a session cannot be assigned. The callback handler and the shadow runner
 * never throw into the user's graph.
 *
 * @example
 * try { createRouterNode({ experiment, hashKey: '' }) } catch (err) {
 *   if (err instanceof Error && err.name === 'CanaryError') console.error(err.message)
 * }
 */
export class CanaryError extends Error {
  override name = 'CanaryError'

  /**
   * @param code - What went wrong, from a closed set.
   * @param message - What happened, the offending value, and what to do.
   * @param options - The underlying error, when there is one.
   */
  constructor(
    readonly code: CanaryErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
  }
}
