import {
  ATTR_FEATURE_FLAG_CONTEXT_ID,
  ATTR_FEATURE_FLAG_KEY,
  ATTR_FEATURE_FLAG_PROVIDER,
  ATTR_FEATURE_FLAG_RESULT_REASON,
  ATTR_FEATURE_FLAG_VARIANT,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_WORKFLOW_NAME,
  EVENT_FEATURE_FLAG_EVALUATION,
  OPERATION_EXECUTE_TOOL,
  OPERATION_INVOKE_AGENT,
  OPERATION_INVOKE_WORKFLOW,
  OPERATION_RETRIEVAL,
} from '@llm-canary/core'
import type { Attributes } from '@opentelemetry/api'
import { SpanKind } from '@opentelemetry/api'
import type { DeferredSpan, RootState, RunKind, RunRecord } from '../internal-types.ts'
import type { UnitArm } from '../types.ts'
import { classifyChainRun, createAgentNameOf } from './classify-chain-run.ts'
import { classifyError, errorMessage, errorName } from './error-kind.ts'
import type { HandlerState } from './handler-state.ts'
import { readRetrievedDocuments } from './retrieved-documents.ts'
import type { RunOutcome, StartRunInit } from './run-lifecycle.ts'
import { childContextOf, endRun, learnUnitArm, startRun, sweepRuns } from './run-lifecycle.ts'
import { hasTag, JUDGE_RUN_TAG, metadataString, serializedName } from './run-tags.ts'
import { findUnitArmInChainValues } from './run-unit-arm.ts'

/** The arguments of a start callback the handler reads (chain, tool and retriever alike). */
export interface RunStart {
  readonly serialized: unknown
  readonly runId: string
  readonly parentRunId: string | undefined
  readonly tags: readonly string[] | undefined
  readonly metadata: Readonly<Record<string, unknown>> | undefined
  readonly runName: string | undefined
  /** The tool call this tool run answers (`toolCallId`, tool runs only). */
  readonly toolCallId?: string | undefined
}

/** Feature-flag provider name on workflow spans. */
const FEATURE_FLAG_PROVIDER = 'llm-canary'

/**
 * Sweeps stale runs, then finds a new run's open parent (undefined for a root run).
 *
 * @param state - The handler state.
 * @param parentRunId - The start callback's parent run id.
 * @param nowMs - Start time, epoch ms.
 * @returns The open parent run, if any.
 */
export function locateParent(
  state: HandlerState,
  parentRunId: string | undefined,
  nowMs: number,
): RunRecord | undefined {
  sweepRuns(state, nowMs)
  return state.registry.get(parentRunId)
}

/**
 * The outcome of an error callback: LangGraph interrupts and bubble-ups are control flow, not errors.
 *
 * @param state - The handler state (error messages are recorded only with content capture on).
 * @param err - What the callback received.
 * @returns The run's outcome.
 */
export function toErrorOutcome(state: HandlerState, err: unknown): RunOutcome {
  const kind = classifyError(err)
  if (kind === 'interrupt') return { kind: 'interrupt' }
  if (kind === 'control') return { kind: 'ok' }
  const errorType = errorName(err)
  return {
    kind: 'error',
    errorType,
    message: state.options.captureMessageContent ? errorMessage(err) : errorType,
  }
}

/**
 * `handleChainStart`: the graph run (workflow span), a node run (agent span) or plumbing (no span).
 * Learns the session from the inputs (graph state) when the root does not know it yet.
 *
 * @param state - The handler state.
 * @param start - The callback's arguments.
 * @param inputs - The chain's inputs.
 */
export function onChainStart(state: HandlerState, start: RunStart, inputs: unknown): void {
  if (state.registry.isDuplicateStart(start.runId)) return
  const nowMs = state.clock()
  const parent = locateParent(state, start.parentRunId, nowMs)
  const root = parent?.root ?? state.registry.createRoot(start.runId, nowMs)
  if (root.unitArm === undefined) {
    const unitArm = findUnitArmInChainValues(inputs)
    if (unitArm !== undefined) learnUnitArm(state, root, unitArm)
  }
  const kind: RunKind = classifyChainRun(parent, start)
  const record = startRun(state, {
    runId: start.runId,
    kind,
    parent,
    root,
    // Plumbing asks its parent for a context only when a traced child needs one.
    parentContext: kind === 'plumbing' ? undefined : childContextOf(state, parent),
    checkpointNs: metadataString(start.metadata, 'langgraph_checkpoint_ns'),
    startMs: nowMs,
    ...describeChainSpan(kind, start),
    state: kind === 'agent' && state.options.evaluators.length > 0 ? asState(inputs) : undefined,
  })
  if (kind === 'agent' && state.routerRuns.has(start.runId)) record.router = true
}

/**
 * The spans of a workflow or agent run; nothing for plumbing and ignored runs. A graph node's agent span
 * waits (a router node drops it); a `createAgent` agent run at the root is a workflow with its agent span
 * inside.
 */
function describeChainSpan(
  kind: RunKind,
  start: RunStart,
): Pick<StartRunInit, 'spanName' | 'spanKind' | 'attributes' | 'deferredAgent'> {
  if (kind === 'workflow') {
    const graph = start.runName ?? serializedName(start.serialized) ?? 'graph'
    const agent = createAgentNameOf(start)
    return {
      spanName: `${OPERATION_INVOKE_WORKFLOW} ${graph}`,
      spanKind: SpanKind.INTERNAL,
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: OPERATION_INVOKE_WORKFLOW,
        [ATTR_GEN_AI_WORKFLOW_NAME]: graph,
        [ATTR_FEATURE_FLAG_PROVIDER]: FEATURE_FLAG_PROVIDER,
      },
      ...(agent === undefined ? {} : { deferredAgent: agentSpan(agent) }),
    }
  }
  if (kind === 'agent') return { deferredAgent: agentSpan(start.runName ?? 'node') }
  return {}
}

function agentSpan(name: string): DeferredSpan {
  return {
    name: `${OPERATION_INVOKE_AGENT} ${name}`,
    attributes: { [ATTR_GEN_AI_OPERATION_NAME]: OPERATION_INVOKE_AGENT, [ATTR_GEN_AI_AGENT_NAME]: name },
  }
}

/**
 * `handleChainEnd`: learns the session from the outputs (the router's update) before ending the span,
 * so the router's own span carries the arm; notes an interrupted graph (`__interrupt__` in its output).
 *
 * @param state - The handler state.
 * @param outputs - The chain's outputs.
 * @param runId - The run id.
 */
export function onChainEnd(state: HandlerState, outputs: unknown, runId: string): void {
  const record = state.registry.get(runId)
  if (record === undefined) return
  if (record.root.unitArm === undefined) {
    const unitArm = findUnitArmInChainValues(outputs)
    if (unitArm !== undefined) {
      learnUnitArm(state, record.root, unitArm)
      if (record.root.unitArm === unitArm) recordArmDecision(state, record.root, unitArm)
    }
  }
  if (record.kind === 'workflow' && hasInterrupt(outputs)) record.root.interrupted = true
  endRun(state, record, { kind: 'ok' }, state.clock())
}

/**
 * The feature-flag conventions' own signal, where the arm is decided (a node's update carries a new
 * assignment: the router, the middleware's hook): a `feature_flag.evaluation` event on the run's top span,
 * with the reason `split` (the hash placed the session), or `disabled` when the kill switch sent it to
 * control. The targeting key is the keyed hash of the unit id.
 */
function recordArmDecision(state: HandlerState, root: RootState, unitArm: UnitArm): void {
  const top = state.registry.get(root.rootRunId)?.span
  if (top === undefined) return
  const attributes: Attributes = {
    [ATTR_FEATURE_FLAG_KEY]: unitArm.experiment,
    [ATTR_FEATURE_FLAG_VARIANT]: unitArm.arm,
    [ATTR_FEATURE_FLAG_PROVIDER]: FEATURE_FLAG_PROVIDER,
    [ATTR_FEATURE_FLAG_RESULT_REASON]: unitArm.killSwitch ? 'disabled' : 'split',
    [ATTR_FEATURE_FLAG_CONTEXT_ID]: unitArm.unitHash,
  }
  top.addEvent(EVENT_FEATURE_FLAG_EVALUATION, attributes, state.clock())
}

/**
 * `handleChainError` / `handleToolError` / `handleRetrieverError`: ends the run (and its open
 * descendants) as an error, or as an interrupt.
 *
 * @param state - The handler state.
 * @param err - The error.
 * @param runId - The run id.
 */
export function onRunError(state: HandlerState, err: unknown, runId: string): void {
  const record = state.registry.get(runId)
  if (record === undefined) return
  endRun(state, record, toErrorOutcome(state, err), state.clock())
}

/**
 * `handleToolEnd` / `handleRetrieverEnd` without documents: ends the run.
 *
 * @param state - The handler state.
 * @param runId - The run id.
 */
export function onRunEnd(state: HandlerState, runId: string): void {
  const record = state.registry.get(runId)
  if (record === undefined) return
  endRun(state, record, { kind: 'ok' }, state.clock())
}

/**
 * `handleToolStart` / `handleRetrieverStart`: a tool span (`execute_tool {tool}`, with the call id and,
 * when a model of the run was offered the tool, its description) or a retrieval span (`retrieval {source}`).
 *
 * @param state - The handler state.
 * @param start - The callback's arguments.
 * @param kind - `tool` or `retrieval`.
 */
export function onLeafStart(state: HandlerState, start: RunStart, kind: 'tool' | 'retrieval'): void {
  if (state.registry.isDuplicateStart(start.runId)) return
  const nowMs = state.clock()
  const parent = locateParent(state, start.parentRunId, nowMs)
  const root = parent?.root ?? state.registry.createRoot(start.runId, nowMs)
  const ignored = parent?.kind === 'ignored' || hasTag(start.tags, JUDGE_RUN_TAG)
  const name = start.runName ?? serializedName(start.serialized) ?? kind
  const isTool = kind === 'tool'
  const operation = isTool ? OPERATION_EXECUTE_TOOL : OPERATION_RETRIEVAL
  const attributes: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: operation }
  if (isTool) {
    attributes[ATTR_GEN_AI_TOOL_NAME] = name
    attributes[ATTR_GEN_AI_TOOL_TYPE] = 'function'
    if (start.toolCallId !== undefined) attributes[ATTR_GEN_AI_TOOL_CALL_ID] = start.toolCallId
    const description = root.toolDescriptions?.get(name)
    if (description !== undefined) attributes[ATTR_GEN_AI_TOOL_DESCRIPTION] = description
  } else {
    attributes[ATTR_GEN_AI_DATA_SOURCE_ID] = name
  }
  startRun(state, {
    runId: start.runId,
    kind: ignored ? 'ignored' : kind,
    parent,
    root,
    parentContext: ignored ? undefined : childContextOf(state, parent),
    checkpointNs: metadataString(start.metadata, 'langgraph_checkpoint_ns'),
    startMs: nowMs,
    spanName: `${operation} ${name}`,
    spanKind: isTool ? SpanKind.INTERNAL : SpanKind.CLIENT,
    attributes,
  })
}

/**
 * `handleRetrieverEnd`: remembers the documents' ids in the enclosing node run (the default citations of
 * the node's LLM calls) and, on opt-in (`recordRetrievalDocuments`, as the conventions mark
 * `gen_ai.retrieval.documents`), records their ids and scores on the retrieval span.
 *
 * @param state - The handler state.
 * @param documents - The retrieved documents.
 * @param runId - The run id.
 */
export function onRetrieverEnd(state: HandlerState, documents: unknown, runId: string): void {
  const record = state.registry.get(runId)
  if (record === undefined) return
  if (record.kind === 'retrieval') {
    const found = readRetrievedDocuments(documents)
    if (state.options.recordRetrievalDocuments) {
      record.span?.setAttribute(ATTR_GEN_AI_RETRIEVAL_DOCUMENTS, JSON.stringify(found))
    }
    const scope = record.agent ?? state.registry.get(record.root.rootRunId)
    if (scope !== undefined && found.length > 0) {
      scope.retrievedIds = [...(scope.retrievedIds ?? []), ...found.map((document) => document.id)]
    }
  }
  endRun(state, record, { kind: 'ok' }, state.clock())
}

function asState(inputs: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof inputs === 'object' && inputs !== null ? (inputs as Record<string, unknown>) : undefined
}

function hasInterrupt(outputs: unknown): boolean {
  if (typeof outputs !== 'object' || outputs === null) return false
  const interrupts = (outputs as Record<string, unknown>).__interrupt__
  return Array.isArray(interrupts) && interrupts.length > 0
}
