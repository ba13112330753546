import type { RunKind, RunRecord } from '../internal-types.ts'
import { HIDDEN_TAG, hasTag, JUDGE_RUN_TAG, metadataString } from './run-tags.ts'

/** What a chain start callback says about the run. */
export interface ChainRunFacts {
  readonly tags: readonly string[] | undefined
  readonly metadata: Readonly<Record<string, unknown>> | undefined
  readonly runName: string | undefined
}

/** `metadata.ls_integration` of every run inside a `createAgent` agent (langchain v1). */
const CREATE_AGENT_INTEGRATION = 'langchain_create_agent'

/**
 * The name of the `createAgent` agent whose own graph run this is: a named agent's runs all carry
 * `metadata.lc_agent_name`, and only the agent's graph run is named like it (its nodes are named
 * `model_request`, `tools`, `<middleware>.before_agent`, ...).
 *
 * @param facts - Metadata and name of a chain run.
 * @returns The agent's name, or undefined when the run is not a named agent's own run.
 */
export function createAgentNameOf(facts: Pick<ChainRunFacts, 'metadata' | 'runName'>): string | undefined {
  const name = metadataString(facts.metadata, 'lc_agent_name')
  return name !== undefined && facts.runName === name ? name : undefined
}

/**
 * Decides what a chain run becomes. A root chain is the workflow. A named `createAgent` agent's own run
 * is an agent (`invoke_agent {name}`); the nodes inside a `createAgent` agent (the model and tool nodes,
 * the middleware hooks) are plumbing. Elsewhere a LangGraph node run is an agent: it is named after its
 * node (`runName === metadata.langgraph_node`, the rule LangGraph's own message streaming uses), is not
 * hidden, and opens a new checkpoint namespace (a lambda named like its node shares the node's
 * namespace). Everything else (hidden runs, sequences and lambdas inside a node, subgraph shells) is
 * plumbing: no span. (The router node is an agent here; it loses its span when it marks itself.)
 *
 * @param parent - The open parent run; undefined makes this run a root.
 * @param facts - Tags, metadata and name of the run.
 * @returns `workflow`, `agent`, `plumbing`, or `ignored` for the judge's runs and their descendants.
 * @example
 * classifyChainRun(graphRun, { tags: ['graph:step:1'], metadata: { langgraph_node: 'router' }, runName: 'router' }) // 'agent'
 */
export function classifyChainRun(parent: RunRecord | undefined, facts: ChainRunFacts): RunKind {
  const { tags, metadata, runName } = facts
  if (hasTag(tags, JUDGE_RUN_TAG) || parent?.kind === 'ignored') return 'ignored'
  if (parent === undefined) return 'workflow'
  if (hasTag(tags, HIDDEN_TAG)) return 'plumbing'
  if (createAgentNameOf(facts) !== undefined) return 'agent'
  if (metadata?.lc_agent_name !== undefined || metadata?.ls_integration === CREATE_AGENT_INTEGRATION) {
    return 'plumbing'
  }
  const node = metadataString(metadata, 'langgraph_node')
  if (node === undefined || runName !== node) return 'plumbing'
  const namespace = metadataString(metadata, 'langgraph_checkpoint_ns')
  if (parent.agent !== undefined && parent.agent.checkpointNs === namespace) return 'plumbing'
  return 'agent'
}
