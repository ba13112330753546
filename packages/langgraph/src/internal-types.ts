/**
 * Internal types of `@llm-canary/langgraph`: the callback handler's bookkeeping. Never exported from
 * `index.ts`; public types live in `types.ts` and next to the public functions.
 */
import type { Attributes, Context, Span, SpanContext } from '@opentelemetry/api'
import type { UnitArm } from './types.ts'

/**
 * What a LangChain run became:
 * - `workflow`: a root chain run (the graph invocation), span `invoke_workflow {graph}`;
 * - `agent`: a LangGraph node run, span `invoke_agent {node}`;
 * - `llm`: a chat model or LLM run, span `chat {model}`;
 * - `tool`, `retrieval`: spans `execute_tool {tool}`, `retrieval {source}`;
 * - `plumbing`: a run with no span (hidden runs, sequences and lambdas inside a node, subgraph shells);
 *   its children attach to the nearest ancestor span;
 * - `ignored`: a run of our own (the judge) and all its descendants: no span, no totals.
 */
export type RunKind = 'workflow' | 'agent' | 'llm' | 'tool' | 'retrieval' | 'plumbing' | 'ignored'

/** State of one LLM call between its start and its end. */
export interface LlmCallState {
  /** `chat` or `text_completion`. */
  readonly operation: string
  /** OpenTelemetry provider name (`openai`, `gcp.gemini`), or undefined when LangChain did not say. */
  readonly providerName: string | undefined
  /** The provider as LangChain wrote it (`ls_provider`), for price overrides keyed that way. */
  readonly rawProvider: string | undefined
  readonly requestModel: string | undefined
  /** The agent that made the call: `metadata.lc_agent_name` (createAgent), else `metadata.langgraph_node`. */
  readonly agentName: string | undefined
  /** True for the candidate half of a shadow pair. */
  readonly shadow: boolean
  /** Pair id: set on both halves of a shadow pair. */
  pairId: string | undefined
  /** The session, for shadow runs taken from their metadata (user runs read it from their root). */
  readonly shadowUnitArm: UnitArm | undefined
  /** For shadow runs: the candidate arm the call serves. */
  readonly shadowServedArm: string | undefined
  /** The served arm once the session is known. */
  servedArm: string | undefined
  /** The served arm's model id (`openai:gpt-5`) once the session is known. */
  servedModel: string | undefined
  /** Epoch ms of the first streamed chunk (token or stream event); undefined until one arrives. */
  firstChunkMs: number | undefined
  /** The input messages, kept only when evaluators need them. */
  readonly messages: readonly unknown[] | undefined
}

/** One open LangChain run, whatever its kind. Deleted when the run ends. */
export interface RunRecord {
  readonly runId: string
  readonly kind: RunKind
  /** The direct parent run, when it is open and known. */
  readonly parent: RunRecord | undefined
  /** The root run's shared state. */
  readonly root: RootState
  /** Distance from the root run (0 for the root). */
  readonly depth: number
  /**
   * This run's own span; undefined for plumbing and ignored runs, and for an agent run until its span is
   * started (`deferredSpan`).
   */
  span: Span | undefined
  /**
   * An agent span not started yet: started (at the run's start time) when a child needs its context or
   * the run ends, and never when the run turns out to be the router (`router`).
   */
  deferredSpan: DeferredSpan | undefined
  /**
   * For the root run of a `createAgent` agent: its `invoke_agent` span, a child of the run's own
   * `invoke_workflow` span; the run's children go under it.
   */
  innerAgentSpan: Span | undefined
  /** True when the router node (or another node that assigns the session) runs as this run: no agent span. */
  router: boolean
  /** Context the span was started in (its parent span); undefined for a span at the top of a trace. */
  readonly parentContext: Context | undefined
  /**
   * Context for this run's children: its own span's (created on first use, see `childContextOf`), else
   * the nearest ancestor's; undefined at the top of a trace.
   */
  childContext: Context | undefined
  /** The nearest agent run, this one included (set right after creation for agent runs). */
  agent: RunRecord | undefined
  /** LangGraph checkpoint namespace of the run (`metadata.langgraph_checkpoint_ns`). */
  readonly checkpointNs: string | undefined
  /** Start time, epoch milliseconds (fractional). */
  readonly startMs: number
  /** Runs started under this one and still open. */
  openChildren: number
  /** LLM runs only. */
  readonly llm: LlmCallState | undefined
  /** Agent and root runs: source ids of the documents retrievers returned inside this run. */
  retrievedIds: string[] | undefined
  /** Agent runs: the node's input state, kept only when evaluators need it. */
  readonly state: Readonly<Record<string, unknown>> | undefined
}

/** An agent span whose start waits until it is known to be wanted. */
export interface DeferredSpan {
  readonly name: string
  readonly attributes: Attributes
}

/** State shared by all runs of one root run (one trace). Deleted when the root run ends. */
export interface RootState {
  readonly rootRunId: string
  /** Every open run of this root, the root included. */
  readonly openRuns: Set<RunRecord>
  /** The unit's arm once learned from graph state or shadow metadata. */
  unitArm: UnitArm | undefined
  /** `feature_flag.*` and `gen_ai.conversation.id` attributes of the session, once known. */
  sessionAttributes: Attributes | undefined
  /** Finished LLM calls of the run, shadow calls excluded. */
  calls: number
  /** Sum of the known costs of those calls. */
  costUsd: number
  /** False once a successful call had an unknown cost. */
  costKnown: boolean
  /** True once a node of the run was interrupted (`GraphInterrupt`). */
  interrupted: boolean
  /** Last start or end seen in this root, epoch ms: the TTL sweep reads it. */
  lastActivityMs: number
  /** Descriptions of the tools the run's models were offered (`invocation_params.tools`), by tool name. */
  toolDescriptions: Map<string, string> | undefined
}

/** What the evaluation module keeps of an ended LLM span, so a late score can still join its trace. */
export interface EndedLlmSpan {
  readonly spanContext: SpanContext
  /** The LLM span's parent, so a shadow call started after its primary ended can sit beside it. */
  readonly parentContext: Context | undefined
  /** The session attributes every span of the session carries (empty when no session was known). */
  readonly sessionAttributes: Attributes
  readonly agentName: string | undefined
}
