import {
  ATTR_ERROR_TYPE,
  ATTR_INCOMPLETE,
  ATTR_INTERRUPTED,
  ATTR_RUN_CALLS,
  ATTR_RUN_COST_USD,
  ATTR_SERVED_ARM,
} from '@llm-canary/core'
import type { Attributes, Context, Span, SpanOptions } from '@opentelemetry/api'
import { diag, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import type { LlmCallState, RootState, RunKind, RunRecord } from '../internal-types.ts'
import { selectServedArm } from '../routing/served-arm.ts'
import type { SessionArm } from '../types.ts'
import type { HandlerState } from './handler-state.ts'
import { isSessionOf, toSessionAttributes } from './session-arm.ts'

/** How a run ended. */
export type RunOutcome =
  | { readonly kind: 'ok' }
  /** A LangGraph interrupt: control flow, status left unset, `llm_canary.interrupted` set. */
  | { readonly kind: 'interrupt' }
  | { readonly kind: 'error'; readonly errorType: string; readonly message: string }

/** Why the handler ended a run whose own end callback did not come (first). */
export type IncompleteReason = 'parent_ended' | 'ttl_expired' | 'evicted'

/** What a new run needs to be registered (and get a span, for spanned kinds). */
export interface StartRunInit {
  readonly runId: string
  readonly kind: RunKind
  /** The open parent run, when known (lifecycle: the parent's end ends this run too). */
  readonly parent: RunRecord | undefined
  readonly root: RootState
  /** Where the span goes: the parent's child context, or another span's for shadow calls. */
  readonly parentContext: Context | undefined
  readonly spanName?: string | undefined
  readonly spanKind?: SpanKind | undefined
  readonly attributes?: Attributes | undefined
  readonly checkpointNs: string | undefined
  readonly llm?: LlmCallState | undefined
  readonly state?: Readonly<Record<string, unknown>> | undefined
  readonly startMs: number
}

/**
 * Registers a run and, for spanned kinds, starts its span under `parentContext` (never the ambient
 * context), with the session's attributes when the root already knows them.
 *
 * @param state - The handler state.
 * @param init - The run.
 * @returns The open run.
 */
export function startRun(state: HandlerState, init: StartRunInit): RunRecord {
  let span: Span | undefined
  if (init.spanName !== undefined && init.kind !== 'plumbing' && init.kind !== 'ignored') {
    // The callers build `attributes` for this span alone, so the session's are added in place.
    const sessionAttributes = init.root.sessionAttributes
    const attributes =
      sessionAttributes === undefined
        ? init.attributes
        : Object.assign(init.attributes ?? {}, sessionAttributes)
    const options: SpanOptions = { startTime: init.startMs, kind: init.spanKind ?? SpanKind.INTERNAL }
    if (attributes !== undefined) options.attributes = attributes
    span = state.tracer.startSpan(init.spanName, options, init.parentContext ?? ROOT_CONTEXT)
  }
  const record: RunRecord = {
    runId: init.runId,
    kind: init.kind,
    parent: init.parent,
    root: init.root,
    depth: init.parent === undefined ? 0 : init.parent.depth + 1,
    span,
    parentContext: init.parentContext,
    // A spanned run's own context is made when its first child asks (most LLM spans have none).
    childContext: span === undefined ? init.parentContext : undefined,
    agent: init.parent?.agent,
    checkpointNs: init.checkpointNs,
    startMs: init.startMs,
    openChildren: 0,
    llm: init.llm,
    retrievedIds: undefined,
    state: init.state,
  }
  if (init.kind === 'agent') record.agent = record
  state.registry.add(record, init.startMs)
  if (record.llm !== undefined && init.root.session !== undefined) assignServedArm(state, record)
  return record
}

/**
 * The context a run's children start their spans in: the run's own span, else its nearest ancestor's.
 *
 * @param record - An open run, or undefined (a run without a traced parent).
 * @returns The context, or undefined at the top of a trace.
 */
export function childContextOf(record: RunRecord | undefined): Context | undefined {
  if (record === undefined) return undefined
  if (record.childContext === undefined && record.span !== undefined) {
    record.childContext = trace.setSpan(ROOT_CONTEXT, record.span)
  }
  return record.childContext
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
  const span = record.span
  try {
    if (span !== undefined) {
      if (outcome.kind === 'error') markError(span, outcome.errorType, outcome.message)
      if (outcome.kind === 'interrupt') {
        span.setAttribute(ATTR_INTERRUPTED, true)
        record.root.interrupted = true
      }
      if (record.kind === 'workflow') setRunTotals(span, record.root)
      span.end(nowMs)
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
export function forceEndRun(
  state: HandlerState,
  record: RunRecord,
  reason: IncompleteReason,
  errorType: string | undefined,
  nowMs: number,
): void {
  if (state.registry.get(record.runId) !== record) return
  const span = record.span
  try {
    if (span !== undefined) {
      span.setAttribute(ATTR_INCOMPLETE, reason)
      if (errorType !== undefined) markError(span, errorType, errorType)
      if (record.kind === 'workflow') setRunTotals(span, record.root)
    }
    if (record.llm !== undefined) completeLlmCall(state, record, undefined, true)
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
 * @param session - The session read from graph state or shadow metadata.
 */
export function learnSession(state: HandlerState, root: RootState, session: SessionArm): void {
  if (root.session !== undefined) return
  if (!isSessionOf(state.options.experiment, session)) {
    diag.debug(`llm-canary: ignoring the arm of experiment ${session.experiment} (not this handler's)`)
    return
  }
  root.session = session
  const attributes = toSessionAttributes(session)
  root.sessionAttributes = attributes
  for (const record of root.openRuns) {
    record.span?.setAttributes(attributes)
    if (record.llm !== undefined) assignServedArm(state, record)
  }
}

/**
 * Sets the arm whose model serves an LLM call: the shadow arm for shadow calls, else the router's own
 * rule (`selectServedArm`: the session's arm for agents in scope, control for the others and for an arm
 * the experiment no longer has), so `llm_canary.served_arm` always names the arm whose model answered.
 *
 * @param state - The handler state.
 * @param record - An LLM run of a root whose session is known.
 */
export function assignServedArm(state: HandlerState, record: RunRecord): void {
  const llm = record.llm
  const session = llm?.shadowSession ?? record.root.session
  if (llm === undefined || session === undefined || llm.servedArm !== undefined) return
  const experiment = state.options.experiment
  if (llm.shadowServedArm !== undefined) {
    llm.servedArm = llm.shadowServedArm
    llm.servedModel = experiment.arms.find((arm) => arm.name === llm.shadowServedArm)?.model.id
  } else {
    try {
      const served = selectServedArm(experiment, session, llm.agentName).arm
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
