import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_INPUT_HASH,
  ATTR_PAIR_ID,
  ATTR_SHADOW,
} from '@llm-canary/core'
import type { Attributes, Context } from '@opentelemetry/api'
import { diag, SpanKind } from '@opentelemetry/api'
import type { LlmCallState, RootState, RunRecord } from '../internal-types.ts'
import { agentNameOf } from '../routing/runnable-config.ts'
import type { ShadowCallMetadata } from '../types.ts'
import type { RunStart } from './chain-runs.ts'
import { locateParent } from './chain-runs.ts'
import type { HandlerState } from './handler-state.ts'
import { toOtelMessages } from './message-content.ts'
import { toOtelProviderName } from './provider-names.ts'
import { addRequestAttributes, addServerAttributes, rememberToolDescriptions } from './request-attributes.ts'
import { childContextOf, learnUnitArm, startRun } from './run-lifecycle.ts'
import { hasTag, JUDGE_RUN_TAG, metadataString } from './run-tags.ts'
import { readShadowMetadata } from './run-unit-arm.ts'

/** The arguments of `handleChatModelStart` / `handleLLMStart` the handler reads. */
export interface LlmStart extends RunStart {
  /** `chat` for chat models, `text_completion` for completion LLMs. */
  readonly operation: string
  /** The call's messages (chat) or prompt strings (completion), first batch entry. */
  readonly messages: readonly unknown[]
  /** `extraParams`: `invocation_params`, `options`, `batch_size`. */
  readonly extraParams: Readonly<Record<string, unknown>> | undefined
}

/**
 * `handleChatModelStart` / `handleLLMStart`: opens the LLM span `{operation} {model}` (kind CLIENT) with
 * provider, request model and parameters, server, calling node, keyed input hash, the session's
 * attributes and served arm.
 * A shadow call (metadata `llm_canary.shadow`) is its own root run (it outlives the primary's run)
 * whose span sits beside the primary call. A primary chat call of a control session with shadow arms
 * is offered to the shadow runner.
 *
 * @param state - The handler state.
 * @param start - The callback's arguments.
 */
export function onLlmStart(state: HandlerState, start: LlmStart): void {
  const registry = state.registry
  if (registry.isDuplicateStart(start.runId)) return
  const nowMs = state.clock()
  const spanParent = locateParent(state, start.parentRunId, nowMs)
  if (hasTag(start.tags, JUDGE_RUN_TAG) || spanParent?.kind === 'ignored') {
    startRun(state, {
      runId: start.runId,
      kind: 'ignored',
      parent: spanParent,
      root: spanParent?.root ?? registry.createRoot(start.runId, nowMs),
      parentContext: undefined,
      checkpointNs: undefined,
      startMs: nowMs,
    })
    return
  }
  const shadow = readShadowMetadata(start.metadata)
  const parent = shadow === undefined ? spanParent : undefined
  const root = parent?.root ?? registry.createRoot(start.runId, nowMs)
  if (shadow !== undefined) learnUnitArm(state, root, shadow.unitArm)
  const llm = toLlmCallState(state, start, shadow)
  const parentContext =
    childContextOf(state, spanParent, llm.providerName) ?? findPrimaryContext(state, shadow)
  const model = llm.requestModel
  const record = startRun(state, {
    runId: start.runId,
    kind: 'llm',
    parent,
    root,
    parentContext,
    checkpointNs: metadataString(start.metadata, 'langgraph_checkpoint_ns'),
    startMs: nowMs,
    spanName: model === undefined ? llm.operation : `${llm.operation} ${model}`,
    spanKind: SpanKind.CLIENT,
    attributes: toStartAttributes(state, llm, start, root),
    llm,
  })
  if (shadow === undefined && llm.operation !== 'text_completion') offerShadow(state, record, start)
}

function toLlmCallState(
  state: HandlerState,
  start: LlmStart,
  shadow: ShadowCallMetadata | undefined,
): LlmCallState {
  const invocation = start.extraParams?.invocation_params as Record<string, unknown> | undefined
  const rawProvider = metadataString(start.metadata, 'ls_provider')
  return {
    operation: start.operation,
    providerName: toOtelProviderName(rawProvider),
    rawProvider,
    requestModel:
      metadataString(start.metadata, 'ls_model_name') ??
      metadataString(invocation, 'model') ??
      metadataString(invocation, 'model_name') ??
      metadataString(invocation, 'modelName'),
    agentName: shadow === undefined ? agentNameOf(start.metadata) : shadow.agent,
    shadow: shadow !== undefined,
    pairId: shadow?.pairId,
    shadowUnitArm: shadow?.unitArm,
    shadowServedArm: shadow?.servedArm,
    servedArm: undefined,
    servedModel: undefined,
    firstChunkMs: undefined,
    messages: state.options.evaluators.length > 0 ? start.messages : undefined,
  }
}

function toStartAttributes(
  state: HandlerState,
  llm: LlmCallState,
  start: LlmStart,
  root: RootState,
): Attributes {
  const messages = start.messages
  const attributes: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: llm.operation }
  if (llm.providerName !== undefined) attributes[ATTR_GEN_AI_PROVIDER_NAME] = llm.providerName
  if (llm.requestModel !== undefined) attributes[ATTR_GEN_AI_REQUEST_MODEL] = llm.requestModel
  const invocation = start.extraParams?.invocation_params as Readonly<Record<string, unknown>> | undefined
  addRequestAttributes(attributes, start.metadata, invocation)
  addServerAttributes(attributes, start.serialized, llm.providerName)
  rememberToolDescriptions(root, invocation)
  if (llm.agentName !== undefined) attributes[ATTR_GEN_AI_AGENT_NAME] = llm.agentName
  if (llm.shadow) attributes[ATTR_SHADOW] = true
  if (llm.pairId !== undefined) attributes[ATTR_PAIR_ID] = llm.pairId
  try {
    attributes[ATTR_INPUT_HASH] = state.hashInput(messages)
  } catch (err) {
    diag.warn('llm-canary: could not hash the call input; llm_canary.input_hash left unset', err)
  }
  if (state.options.captureMessageContent) {
    attributes[ATTR_GEN_AI_INPUT_MESSAGES] = JSON.stringify(toOtelMessages(messages))
  }
  return attributes
}

/** Where a shadow call's span goes when its run has no traced parent: beside its primary call. */
function findPrimaryContext(
  state: HandlerState,
  shadow: ShadowCallMetadata | undefined,
): Context | undefined {
  if (shadow === undefined) return undefined
  const primary = state.registry.get(shadow.pairId)
  if (primary !== undefined) return primary.parentContext
  return state.endedSpans.get(shadow.pairId)?.parentContext
}

function offerShadow(state: HandlerState, record: RunRecord, start: LlmStart): void {
  const runner = state.options.shadowRunner
  const unitArm = record.root.unitArm
  const llm = record.llm
  if (runner === undefined || unitArm === undefined || llm === undefined) return
  if (unitArm.shadowArms.length === 0) return
  let pairId: string | undefined
  try {
    pairId = runner.maybeShadow({
      unitArm,
      agent: llm.agentName,
      runId: record.runId,
      messages: start.messages,
      invocationParams: start.extraParams?.invocation_params as Readonly<Record<string, unknown>> | undefined,
    })
  } catch (err) {
    diag.error('llm-canary: the shadow runner threw; no shadow call for this call', err)
    return
  }
  if (typeof pairId === 'string' && pairId !== '') {
    llm.pairId = pairId
    record.span?.setAttribute(ATTR_PAIR_ID, pairId)
  }
}

/**
 * Records the first streamed chunk of an LLM call (`handleLLMNewToken` or `handleChatModelStreamEvent`,
 * whichever comes first): the time to first chunk.
 *
 * @param state - The handler state.
 * @param runId - The LLM run id.
 */
export function onLlmChunk(state: HandlerState, runId: string): void {
  const llm = state.registry.get(runId)?.llm
  if (llm !== undefined && llm.firstChunkMs === undefined) llm.firstChunkMs = state.clock()
}
