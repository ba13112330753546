import type { RunnableConfig } from '@langchain/core/runnables'

/**
 * The method by which a node tells the llm-canary handlers of its run that it is the router: a
 * registered symbol, so a second copy of the package still understands it. The handler then gives the
 * node no `invoke_agent` span (the router is plumbing, not an agent).
 */
export const MARK_ROUTER_RUN = Symbol.for('@llm-canary/langgraph.markRouterRun')

/** A callback handler that understands the router mark. */
interface RouterMarkable {
  [MARK_ROUTER_RUN]?: (runId: string) => void
}

/**
 * Tells every llm-canary handler in the node's callbacks that the running node is the router. The
 * node's callbacks are a manager whose parent run is the node's run. Never throws: outside a graph, or
 * with callbacks given as a plain list, there is nothing to tell.
 *
 * @param config - The node's config (`currentConfig`).
 */
export function markRouterRun(config: RunnableConfig | undefined): void {
  const manager = config?.callbacks as
    | { getParentRunId?: () => string | undefined; handlers?: readonly unknown[] }
    | undefined
  const runId = typeof manager?.getParentRunId === 'function' ? manager.getParentRunId() : undefined
  if (runId === undefined || !Array.isArray(manager?.handlers)) return
  for (const handler of manager.handlers as readonly RouterMarkable[]) handler[MARK_ROUTER_RUN]?.(runId)
}
