import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_INCOMPLETE,
  ATTR_INTERRUPTED,
  ATTR_RUN_CALLS,
  ATTR_RUN_COST_USD,
  ATTR_SERVED_ARM,
  findArm,
} from '@llm-canary/core'
import type { Attributes, Context, Span, SpanOptions } from '@opentelemetry/api'
import { context, diag, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import type { DeferredSpan, LlmCallState, RootState, RunKind, RunRecord } from '../internal-types.ts'
import { selectServedArm } from '../routing/served-arm.ts'
import type { UnitArm } from '../types.ts'
import type { HandlerState } from './handler-state.ts'
import { toOtelProviderName } from './provider-names.ts'
import { isUnitArmOf, toUnitAttributes } from './run-unit-arm.ts'

/** How a run ended. */
export type RunOutcome =
  | { readonly kind: 'ok' }
  /** A LangGraph interrupt: control flow, status left unset, `llm_canary.interrupted` set. */
  | { readonly kind: 'interrupt' }
  | { readonly kind: 'error'; readonly errorType: string; readonly message: string }

/** Why the handler ended a run whose own end callback did not come (first). */
type IncompleteReason = 'parent_ended' | 'ttl_expired' | 'evicted'

/** What a new run needs to be registered (and get a span, for spanned kinds). */
export interface StartRunInit {
  readonly runId: string
  readonly kind: RunKind
  /** The open parent run, when known (lifecycle: the parent's end ends this run too). */
  readonly parent: RunRecord | undefined
  readonly root: RootState
  /**
   * Where the span goes: the parent's child context, or another span's for shadow calls; undefined for a
   * run at the top of the handler's trace, whose span joins the caller's active context (see `rootContext`).
   */
  readonly parentContext: Context | undefined
  readonly spanName?: string | undefined
  readonly spanKind?: SpanKind | undefined
  readonly attributes?: Attributes | undefined
  readonly checkpointNs: string | undefined
  readonly llm?: LlmCallState | undefined
  readonly state?: Readonly<Record<string, unknown>> | undefined
  readonly startMs: number
  /**
   * An `invoke_agent` span started only when it is wanted (see `RunRecord.deferredSpan`): the run's own
   * span for a graph node (no `spanName`), or, for the root run of a `createAgent` agent, a child of its
   * `invoke_workflow` span.
   */
  readonly deferredAgent?: DeferredSpan | undefined
}

/**
 * Where a run at the top of the handler's trace starts its span: the caller's active context, so a graph
 * run joins the trace of the HTTP request (or job) that caused it. With background callbacks the active
 * context in a callback is not the caller's (LangChain runs them from one queue), so there the trace
 * starts at the root.
 *
 * @param state - The handler state.
 * @returns The context for a top-level span.
 */
function rootContext(state: HandlerState): Context {
  return state.options.awaitHandlers ? context.active() : ROOT_CONTEXT
}

/**
 * Registers a run and, for spanned kinds, starts its span under `parentContext` (a run at the top of the
 * trace: the caller's active context), with the session's attributes when the root already knows them. An
 * agent span waits (`deferredAgent`) until a child or the run's end needs it.
 *
 * @param state - The handler state.
 * @param init - The run.
 * @returns The open run.
 */
export function startRun(state: HandlerState, init: StartRunInit): RunRecord {
  let span: Span | undefined
  const traced = init.kind !== 'plumbing' && init.kind !== 'ignored'
  const deferredSpan = traced ? init.deferredAgent : undefined
  const parentContext =
    traced && (init.spanName !== undefined || deferredSpan !== undefined)
      ? (init.parentContext ?? rootContext(state))
      : init.parentContext
  if (traced && init.spanName !== undefined) {
    // The callers build `attributes` for this span alone, so the session's are added in place.
    const sessionAttributes = init.root.sessionAttributes
    const attributes =
      sessionAttributes === undefined
        ? init.attributes
        : Object.assign(init.attributes ?? {}, sessionAttributes)
    const options: SpanOptions = { startTime: init.startMs, kind: init.spanKind ?? SpanKind.INTERNAL }
    if (attributes !== undefined) options.attributes = attributes
    span = state.tracer.startSpan(init.spanName, options, parentContext ?? ROOT_CONTEXT)
  }
  const record: RunRecord = {
    runId: init.runId,
    kind: init.kind,
    parent: init.parent,
    root: init.root,
    depth: init.parent === undefined ? 0 : init.parent.depth + 1,
    span,
    deferredSpan,
    innerAgentSpan: undefined,
    router: false,
    parentContext,
    // A spanned run's own context is made when its first child asks (most LLM spans have none); a run
    // without a span of its own hands its children its parent's (see `childContextOf`).
    childContext: undefined,
    agent: init.parent?.agent,
    checkpointNs: init.checkpointNs,
    startMs: init.startMs,
    openChildren: 0,
    llm: init.llm,
    retrievedIds: undefined,
    state: init.state,
  }
  if (init.kind === 'agent' || deferredSpan !== undefined) record.agent = record
  state.registry.add(record, init.startMs)
  if (record.llm !== undefined && init.root.unitArm !== undefined) assignServedArm(state, record)
  return record
}

/**
 * The OpenTelemetry provider of the model the unit's arm serves an agent (`openai:gpt-5` gives
 * `openai`), for an agent span no LLM call has told yet.
 */
function servedProviderOf(state: HandlerState, root: RootState, attributes: Attributes): string | undefined {
  const unitArm = root.unitArm
  if (unitArm === undefined) return undefined
  const agent = attributes[ATTR_GEN_AI_AGENT_NAME]
  try {
    const served = selectServedArm(
      state.options.experiment,
      unitArm,
      typeof agent === 'string' ? agent : undefined,
    )
    return toOtelProviderName(served.arm.model.provider)
  } catch {
    return undefined
  }
}

/**
 * The context a run's children start their spans in: the run's own span (started now if it was
 * deferred; for a `createAgent` root, its agent span), else its nearest traced ancestor's.
 *
 * @param state - The handler state.
 * @param record - An open run, or undefined (a run without a traced parent).
 * @param providerName - The provider of the LLM call asking, for an agent span started now.
 * @returns The context, or undefined at the top of a trace.
 */
export function childContextOf(
  state: HandlerState,
  record: RunRecord | undefined,
  providerName?: string,
): Context | undefined {
  if (record === undefined) return undefined
  if (record.childContext !== undefined) return record.childContext
  if (record.kind === 'plumbing' || record.kind === 'ignored') {
    // Asked only when a traced child starts, so plumbing never starts an agent's deferred span itself.
    return childContextOf(state, record.parent, providerName)
  }
  const span = startDeferredSpan(state, record, providerName) ?? record.innerAgentSpan ?? record.span
  record.childContext = span === undefined ? record.parentContext : trace.setSpan(ROOT_CONTEXT, span)
  return record.childContext
}

/**
 * Starts a deferred agent span, at the run's start time, with `gen_ai.provider.name`: the provider of
 * the LLM call that needs it, else the provider of the model the unit's arm serves this agent. It is
 * the run's own span, or, when the run has one already (a `createAgent` root's workflow span), its child.
 *
 * @param state - The handler state.
 * @param record - An agent run.
 * @param providerName - The provider of the asking LLM call, when an LLM call asks.
 * @returns The span, or undefined when none was deferred.
 */
function startDeferredSpan(state: HandlerState, record: RunRecord, providerName?: string): Span | undefined {
  const deferred = record.deferredSpan
  if (deferred === undefined) return undefined
  record.deferredSpan = undefined
  const attributes: Attributes = { ...deferred.attributes, ...record.root.sessionAttributes }
  const provider = providerName ?? servedProviderOf(state, record.root, deferred.attributes)
  if (provider !== undefined) attributes[ATTR_GEN_AI_PROVIDER_NAME] = provider
  const inner = record.span !== undefined
  const span = state.tracer.startSpan(
    deferred.name,
    { startTime: record.startMs, kind: SpanKind.INTERNAL, attributes },
    inner ? trace.setSpan(ROOT_CONTEXT, record.span as Span) : (record.parentContext ?? ROOT_CONTEXT),
  )
  if (inner) record.innerAgentSpan = span
  else record.span = span
  return span
}

/**
 * Ends a run: first its still-open descendants (an abort ends a node before its model call), then its
 * span with the outcome, and unregisters it.
 *
 * @param state - The handler state.
 * @param record - The run.
 * @param outcome - How it ended.
 * @param nowMs - End time, epoch ms.
 */
export function endRun(state: HandlerState, record: RunRecord, outcome: RunOutcome, nowMs: number): void {
  if (record.openChildren > 0) {
    const errorType = outcome.kind === 'error' ? outcome.errorType : undefined
    for (const child of state.registry.openDescendants(record)) {
      forceEndRun(state, child, 'parent_ended', errorType, nowMs)
    }
  }
  // An agent run that turned out to be the router gets no agent span; any other deferred span starts now.
  if (!record.router) startDeferredSpan(state, record)
  const span = record.span
  try {
    for (const ended of record.innerAgentSpan === undefined ? [span] : [record.innerAgentSpan, span]) {
      if (ended === undefined) continue
      if (outcome.kind === 'error') markError(ended, outcome.errorType, outcome.message)
      if (outcome.kind === 'interrupt') {
        ended.setAttribute(ATTR_INTERRUPTED, true)
        record.root.interrupted = true
      }
      if (record.kind === 'workflow' && ended === span) setRunTotals(ended, record.root)
      ended.end(nowMs)
    }
  } finally {
    // Whatever the span did, the run leaves the maps.
    state.registry.remove(record, nowMs)
  }
}

/**
 * Ends a run the handler gave up waiting for: `llm_canary.incomplete` says why; with an ancestor's
 * error, the span is an error of the same type. An LLM call ended this way counts in its run's calls
 * without a cost, and is not reported to observers.
 *
 * @param state - The handler state.
 * @param record - The run (skipped when it already ended).
 * @param reason - Why it is ended now.
 * @param errorType - The ancestor's error type, when an error ended the ancestor.
 * @param nowMs - End time, epoch ms.
 */
function forceEndRun(
  state: HandlerState,
  record: RunRecord,
  reason: IncompleteReason,
  errorType: string | undefined,
  nowMs: number,
): void {
  if (state.registry.get(record.runId) !== record) return
  if (!record.router) startDeferredSpan(state, record)
  const span = record.span
  try {
    for (const ended of record.innerAgentSpan === undefined ? [span] : [record.innerAgentSpan, span]) {
      if (ended === undefined) continue
      ended.setAttribute(ATTR_INCOMPLETE, reason)
      if (errorType !== undefined) markError(ended, errorType, errorType)
      if (record.kind === 'workflow' && ended === span) setRunTotals(ended, record.root)
    }
    if (record.llm !== undefined) completeLlmCall(state, record, undefined, true)
    record.innerAgentSpan?.end(nowMs)
    span?.end(nowMs)
  } finally {
    state.registry.remove(record, nowMs)
  }
}

/**
 * Ends every run of the roots that are idle past the TTL, or the oldest roots past the open-run bound.
 *
 * @param state - The handler state.
 * @param nowMs - Current time, epoch ms.
 */
export function sweepRuns(state: HandlerState, nowMs: number): void {
  for (const { root, reason } of state.registry.rootsToSweep(nowMs)) {
    diag.warn(
      `llm-canary: ending ${root.openRuns.size} open span(s) of run ${root.rootRunId} (${reason}); ` +
        'their end callbacks never came (raise runTtlMs / maxOpenRuns if the runs are legitimately long)',
    )
    for (const record of state.registry.openRunsOf(root)) forceEndRun(state, record, reason, undefined, nowMs)
  }
}

/**
 * Books a finished LLM call: run totals (shadow calls excluded; a failed call counts without a cost; an
 * unknown cost of a successful call makes the run's cost unknown) and the ended-span cache.
 *
 * @param state - The handler state.
 * @param record - The LLM run.
 * @param costUsd - Its cost, when known.
 * @param failed - True for an error or an incomplete call.
 */
export function completeLlmCall(
  state: HandlerState,
  record: RunRecord,
  costUsd: number | undefined,
  failed: boolean,
): void {
  const llm = record.llm
  if (llm === undefined) return
  const root = record.root
  if (!llm.shadow) {
    root.calls++
    if (costUsd !== undefined) root.costUsd += costUsd
    else if (!failed) root.costKnown = false
  }
  if (record.span !== undefined) {
    state.endedSpans.set(record.runId, {
      spanContext: record.span.spanContext(),
      parentContext: record.parentContext,
      sessionAttributes: root.sessionAttributes ?? {},
      agentName: llm.agentName,
    })
  }
}

/**
 * Adopts a session for a root run (the first one of the handler's experiment wins) and stamps its
 * attributes on every open span of the run, and the served arm on its open LLM calls.
 *
 * @param state - The handler state.
 * @param root - The root run.
 * @param unitArm - The session read from graph state or shadow metadata.
 */
export function learnUnitArm(state: HandlerState, root: RootState, unitArm: UnitArm): void {
  if (root.unitArm !== undefined) return
  if (!isUnitArmOf(state.options.experiment, unitArm)) {
    diag.debug(`llm-canary: ignoring the arm of experiment ${unitArm.experiment} (not this handler's)`)
    return
  }
  root.unitArm = unitArm
  const attributes = toUnitAttributes(unitArm)
  root.sessionAttributes = attributes
  for (const record of root.openRuns) {
    record.span?.setAttributes(attributes)
    record.innerAgentSpan?.setAttributes(attributes)
    if (record.llm !== undefined) assignServedArm(state, record)
  }
}

/**
 * Sets the arm whose model serves an LLM call: the shadow arm for shadow calls, else the router's own
 * rule (`selectServedArm`: the unit's arm for agents in scope, control for the others and for an arm
 * the experiment no longer has), so `llm_canary.served_arm` always names the arm whose model answered.
 *
 * @param state - The handler state.
 * @param record - An LLM run of a root whose session is known.
 */
function assignServedArm(state: HandlerState, record: RunRecord): void {
  const llm = record.llm
  const unitArm = llm?.shadowUnitArm ?? record.root.unitArm
  if (llm === undefined || unitArm === undefined || llm.servedArm !== undefined) return
  const experiment = state.options.experiment
  if (llm.shadowServedArm !== undefined) {
    llm.servedArm = llm.shadowServedArm
    llm.servedModel = findArm(experiment, llm.shadowServedArm)?.model.id
  } else {
    try {
      const served = selectServedArm(experiment, unitArm, llm.agentName).arm
      llm.servedArm = served.name
      llm.servedModel = served.model.id
    } catch (err) {
      diag.warn('llm-canary: could not tell which arm served a call; llm_canary.served_arm left unset', err)
      return
    }
  }
  record.span?.setAttribute(ATTR_SERVED_ARM, llm.servedArm)
}

function markError(span: Span, errorType: string, message: string): void {
  span.setAttribute(ATTR_ERROR_TYPE, errorType)
  span.setStatus({ code: SpanStatusCode.ERROR, message })
}

function setRunTotals(span: Span, root: RootState): void {
  span.setAttribute(ATTR_RUN_CALLS, root.calls)
  if (root.costKnown) span.setAttribute(ATTR_RUN_COST_USD, root.costUsd)
  if (root.interrupted) span.setAttribute(ATTR_INTERRUPTED, true)
}
