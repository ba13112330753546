import type { RunKind, RunRecord } from '../internal-types.ts'
import { HIDDEN_TAG, hasTag, JUDGE_RUN_TAG, metadataString } from './run-tags.ts'

/** What a chain start callback says about the run. */
export interface ChainRunFacts {
  readonly tags: readonly string[] | undefined
  readonly metadata: Readonly<Record<string, unknown>> | undefined
  readonly runName: string | undefined
}

/**
 * Decides what a chain run becomes. A root chain is the workflow. A LangGraph node run is an agent: it
 * is named after its node (`runName === metadata.langgraph_node`, the rule LangGraph's own message
 * streaming uses), is not hidden, and opens a new checkpoint namespace (a lambda named like its node
 * shares the node's namespace). Everything else (hidden runs, sequences and lambdas inside a node,
 * subgraph shells) is plumbing: no span.
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
  const node = metadataString(metadata, 'langgraph_node')
  if (node === undefined || runName !== node) return 'plumbing'
  const namespace = metadataString(metadata, 'langgraph_checkpoint_ns')
  if (parent.agent !== undefined && parent.agent.checkpointNs === namespace) return 'plumbing'
  return 'agent'
}
