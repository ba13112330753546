import type { ArmAssignment, Pricer, SeededRandom } from '@llm-canary/core'
import {
  ATTR_CITATIONS,
  ATTR_FEATURE_FLAG_KEY,
  ATTR_FEATURE_FLAG_VARIANT,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_EVALUATION_SCORE_VALUE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_COST_CURRENCY,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_WORKFLOW_NAME,
  ATTR_INPUT_HASH,
  ATTR_PAIR_ID,
  ATTR_RUN_COST_USD,
  ATTR_SERVED_ARM,
  ATTR_SHADOW,
  createAssigner,
  createPricer,
  createRandom,
  EVENT_GEN_AI_EVALUATION_RESULT,
  findArm,
} from '@llm-canary/core'
import type { AttributeValue, SpanEventRecord, SpanRecord } from '../types.ts'
import type { SyntheticCallProfile, SyntheticTraceOptions } from './synthetic-profiles.fixture.ts'
import { applyRegression, DEFAULT_CALL_PROFILE } from './synthetic-profiles.fixture.ts'
import { buildSyntheticSpan, citeSources, randomHex, roundMicros } from './synthetic-spans.fixture.ts'

interface GeneratorState {
  readonly options: SyntheticTraceOptions
  readonly random: SeededRandom
  readonly pricer: Pricer
  readonly idPrefix: string
  spanCounter: number
}

/**
 * Generates synthetic llm-canary traces, one session at a time, seeded: sessions assigned to arms by
 * core's real assigner (so the split matches the weights, shadows included), each with runs
 * (`invoke_workflow`), agents (`invoke_agent`) and LLM calls (`chat {model}`) whose latency, TTFT, errors,
 * tokens, cost, accuracy, judge scores and citations follow per-arm profiles with an optional regression.
 * Reused by the analysis tests, the CLI tests and the 1M-span benchmark.
 *
 * @param options - The experiment, number of sessions and profiles.
 * @returns A generator of each session's spans.
 * @example
 * for (const spans of generateSyntheticSessions({ experiment, sessions: 1000, seed: 7 })) write(spans)
 */
export function* generateSyntheticSessions(options: SyntheticTraceOptions): Generator<SpanRecord[]> {
  const seed = options.seed ?? 1
  const state: GeneratorState = {
    options,
    random: createRandom(seed),
    pricer: createPricer({ overrides: options.experiment.pricing }),
    idPrefix: (seed >>> 0).toString(16).padStart(8, '0').slice(-8),
    spanCounter: 0,
  }
  const assigner = createAssigner(options.experiment)
  const startMs = options.startMs ?? Date.UTC(2026, 4, 1)
  const intervalMs = options.sessionIntervalMs ?? 60_000
  for (let index = 0; index < options.sessions; index += 1) {
    const sessionId = randomHex(state.random, 32)
    yield generateSession(state, assigner.assign(sessionId), sessionId, startMs + index * intervalMs)
  }
}

/**
 * All spans of `generateSyntheticSessions` in one array (for small tests).
 *
 * @param options - As for `generateSyntheticSessions`.
 * @returns The spans, session after session.
 */
export function generateSyntheticSpans(options: SyntheticTraceOptions): SpanRecord[] {
  const spans: SpanRecord[] = []
  for (const session of generateSyntheticSessions(options)) spans.push(...session)
  return spans
}

function generateSession(
  state: GeneratorState,
  assignment: ArmAssignment,
  sessionId: string,
  startMs: number,
): SpanRecord[] {
  const { options } = state
  const spans: SpanRecord[] = []
  const common = {
    [ATTR_FEATURE_FLAG_KEY]: options.experiment.id,
    [ATTR_FEATURE_FLAG_VARIANT]: assignment.arm,
    [ATTR_GEN_AI_CONVERSATION_ID]: sessionId,
  }
  let cursorMs = startMs
  for (let run = 0; run < (options.runsPerSession ?? 1); run += 1) {
    const traceId = randomHex(state.random, 32)
    const runSpanId = nextSpanId(state)
    const runStartMs = cursorMs
    cursorMs += 5
    let runFailed = false
    let runCostUsd = 0
    for (const agent of options.agents ?? ['planner', 'writer']) {
      const agentSpanId = nextSpanId(state)
      const agentStartMs = cursorMs
      let agentFailed = false
      for (let call = 0; call < (options.callsPerAgent ?? 1); call += 1) {
        const context = { traceId, parentSpanId: agentSpanId, common, agent, startMs: cursorMs }
        const result = generateCalls(state, assignment, context)
        spans.push(...result.spans)
        cursorMs += result.latencyMs + 2
        agentFailed ||= result.failed
        runCostUsd += result.costUsd
      }
      runFailed ||= agentFailed
      if (options.agentSpans ?? true) {
        spans.push(
          buildSyntheticSpan({
            traceId,
            spanId: agentSpanId,
            parentSpanId: runSpanId,
            name: `invoke_agent ${agent}`,
            startMs: agentStartMs,
            durationMs: cursorMs - agentStartMs,
            attributes: {
              ...common,
              [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_agent',
              [ATTR_GEN_AI_AGENT_NAME]: agent,
            },
            failed: agentFailed,
          }),
        )
      }
    }
    cursorMs += 5
    if (options.workflowSpans ?? true) {
      spans.push(
        buildSyntheticSpan({
          traceId,
          spanId: runSpanId,
          parentSpanId: undefined,
          name: 'invoke_workflow support',
          startMs: runStartMs,
          durationMs: cursorMs - runStartMs,
          attributes: {
            ...common,
            [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_workflow',
            [ATTR_GEN_AI_WORKFLOW_NAME]: 'support',
            ...(options.runTotals === true ? { [ATTR_RUN_COST_USD]: runCostUsd } : {}),
          },
          failed: runFailed,
        }),
      )
    }
    const judge = generateJudge(state, assignment.arm, {
      traceId,
      parentSpanId: runSpanId,
      common,
      startMs: cursorMs,
    })
    if (judge !== undefined) spans.push(judge)
    cursorMs += 1000
  }
  return spans
}

interface CallContext {
  readonly traceId: string
  readonly parentSpanId: string
  readonly common: Readonly<Record<string, AttributeValue>>
  readonly agent: string
  readonly startMs: number
}

interface CallResult {
  readonly spans: SpanRecord[]
  readonly latencyMs: number
  readonly failed: boolean
  readonly costUsd: number
}

function generateCalls(state: GeneratorState, assignment: ArmAssignment, context: CallContext): CallResult {
  const { options, random } = state
  const inputs = options.citationInputs ?? 0
  const inputIndex = inputs > 0 ? random.integer(0, inputs - 1) : -1
  const primary = generateCall(state, { arm: assignment.arm, context, inputIndex, shadow: undefined })
  const spans = [primary.span]
  const scope = options.experiment.scopeAgents
  const inScope = scope === undefined || scope.includes(context.agent)
  for (const shadowArm of inScope ? assignment.shadowArms : []) {
    const pairId = primary.span.spanId
    spans[0] = { ...primary.span, attributes: { ...primary.span.attributes, [ATTR_PAIR_ID]: pairId } }
    const shadow = generateCall(state, { arm: shadowArm, context, inputIndex, shadow: { pairId } })
    spans.push(shadow.span)
  }
  return {
    spans,
    latencyMs: primary.span.durationMs,
    failed: primary.span.status.code === 2,
    costUsd: primary.costUsd,
  }
}

interface CallSpec {
  /** The arm whose model serves the call. */
  readonly arm: string
  readonly context: CallContext
  readonly inputIndex: number
  readonly shadow: { readonly pairId: string } | undefined
}

function generateCall(state: GeneratorState, spec: CallSpec): { span: SpanRecord; costUsd: number } {
  const { options, random } = state
  const { context } = spec
  const profile = profileOf(options, spec.arm, context.agent)
  const model = findArm(options.experiment, spec.arm)?.model
  const latencyMs = roundMicros(profile.latencyMedianMs * Math.exp(profile.latencySigma * random.normal()))
  const ttftMs = Math.min(latencyMs * 0.95, latencyMs * profile.ttftShare * Math.exp(0.2 * random.normal()))
  const failed = random.uniform() < profile.errorRate
  const inputTokens = random.integer(profile.inputTokens[0], profile.inputTokens[1])
  const outputTokens = random.integer(profile.outputTokens[0], profile.outputTokens[1])
  const modelId = model?.id ?? spec.arm
  const costUsd = state.pricer.estimateCost(modelId, { inputTokens, outputTokens }).costUsd ?? 0
  const recordCost = random.uniform() < (options.costRecordedShare ?? 0.5)
  const attributes: Record<string, AttributeValue> = {
    ...context.common,
    [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
    [ATTR_GEN_AI_PROVIDER_NAME]: model?.provider ?? 'openai',
    [ATTR_GEN_AI_REQUEST_MODEL]: model?.name ?? spec.arm,
    [ATTR_GEN_AI_RESPONSE_MODEL]: model?.name ?? spec.arm,
    [ATTR_GEN_AI_AGENT_NAME]: context.agent,
    [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: inputTokens,
    [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: outputTokens,
    [ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]: Math.round(ttftMs) / 1000,
    ...(recordCost
      ? { [ATTR_GEN_AI_USAGE_COST_AMOUNT]: costUsd, [ATTR_GEN_AI_USAGE_COST_CURRENCY]: 'USD' }
      : {}),
    ...(spec.inputIndex >= 0
      ? {
          [ATTR_INPUT_HASH]: `input-${context.agent}-${spec.inputIndex}`,
          [ATTR_CITATIONS]: citeSources(random, spec.inputIndex, profile.citationAgreement),
        }
      : {}),
    ...(spec.shadow === undefined
      ? {}
      : { [ATTR_SHADOW]: true, [ATTR_PAIR_ID]: spec.shadow.pairId, [ATTR_SERVED_ARM]: spec.arm }),
  }
  const events: SpanEventRecord[] = []
  if (random.uniform() < (options.accuracyShare ?? 1)) {
    events.push({
      name: EVENT_GEN_AI_EVALUATION_RESULT,
      timeUnixMs: roundMicros(context.startMs + latencyMs),
      attributes: {
        [ATTR_GEN_AI_EVALUATION_NAME]: 'accuracy',
        [ATTR_GEN_AI_EVALUATION_SCORE_VALUE]: random.uniform() < profile.accuracy ? 1 : 0,
      },
    })
  }
  const span = buildSyntheticSpan({
    traceId: context.traceId,
    spanId: nextSpanId(state),
    parentSpanId: context.parentSpanId,
    name: `chat ${model?.name ?? spec.arm}`,
    startMs: context.startMs,
    durationMs: latencyMs,
    attributes,
    failed,
    events,
  })
  return { span, costUsd }
}

function generateJudge(
  state: GeneratorState,
  arm: string,
  context: Omit<CallContext, 'agent'>,
): SpanRecord | undefined {
  const { options, random } = state
  if (!(random.uniform() < (options.judgeShare ?? 0.3))) return undefined
  const agents = options.agents ?? ['planner', 'writer']
  const agent = agents[agents.length - 1] ?? 'writer'
  const profile = profileOf(options, arm, agent)
  const score = Math.min(5, Math.max(1, Math.round(profile.judgeMean + 0.8 * random.normal())))
  return buildSyntheticSpan({
    traceId: context.traceId,
    spanId: nextSpanId(state),
    parentSpanId: context.parentSpanId,
    name: 'evaluate judge',
    startMs: context.startMs,
    durationMs: 1,
    attributes: {
      ...context.common,
      [ATTR_GEN_AI_OPERATION_NAME]: 'evaluate',
      [ATTR_GEN_AI_AGENT_NAME]: agent,
      [ATTR_GEN_AI_EVALUATION_NAME]: 'judge',
      [ATTR_GEN_AI_EVALUATION_SCORE_VALUE]: score,
    },
    failed: false,
  })
}

function profileOf(options: SyntheticTraceOptions, arm: string, agent: string): SyntheticCallProfile {
  const base = { ...DEFAULT_CALL_PROFILE, ...options.profile, ...options.armProfiles?.[arm] }
  return applyRegression(base, options.regression, arm, agent)
}

function nextSpanId(state: GeneratorState): string {
  state.spanCounter += 1
  return `${state.idPrefix}${state.spanCounter.toString(16).padStart(8, '0')}`
}
