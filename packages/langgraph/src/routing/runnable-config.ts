import type { RunnableConfig } from '@langchain/core/runnables'
import { getConfig } from '@langchain/langgraph'

/**
 * The config of the running node: the one passed in, else the one LangGraph keeps in
 * AsyncLocalStorage while a node runs (Node.js), else undefined (outside any graph).
 *
 * @param config - The config the node received, when the caller has it.
 * @returns A config, or undefined.
 */
export function currentConfig(config: RunnableConfig | undefined): RunnableConfig | undefined {
  if (config !== undefined) return config
  const implicit: unknown = getConfig()
  return typeof implicit === 'object' && implicit !== null ? (implicit as RunnableConfig) : undefined
}

/**
 * The thread id LangGraph runs under (`config.configurable.thread_id`).
 *
 * @param config - A runnable config.
 * @returns The thread id as a string (numbers are stringified), or undefined when there is none.
 */
export function readThreadId(config: RunnableConfig | undefined): string | undefined {
  const threadId: unknown = config?.configurable?.thread_id
  if (typeof threadId === 'string' && threadId.length > 0) return threadId
  if (typeof threadId === 'number' && Number.isFinite(threadId)) return String(threadId)
  return undefined
}

/**
 * The agent (graph node) a run belongs to, as llm-canary names it everywhere (scope decisions in the
 * router and middleware, `gen_ai.agent.name` in the handler): the `createAgent` name when the run is
 * inside a named agent (`metadata.lc_agent_name`), else the LangGraph node (`metadata.langgraph_node`).
 *
 * @param metadata - A run's metadata (`config.metadata`, or the `metadata` a callback receives).
 * @returns The agent name, or undefined outside a graph node.
 * @example
 * agentNameOf(config.metadata) // 'extractor'
 */
export function agentNameOf(metadata: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const agentName = metadata?.lc_agent_name
  if (typeof agentName === 'string' && agentName.length > 0) return agentName
  const node = metadata?.langgraph_node
  return typeof node === 'string' && node.length > 0 ? node : undefined
}
