import { awaitAllCallbacks } from '@langchain/core/callbacks/promises'
import { Document } from '@langchain/core/documents'
import { AIMessage } from '@langchain/core/messages'
import { DynamicTool } from '@langchain/core/tools'
import {
  FakeListChatModel,
  FakeLLM,
  FakeRetriever,
  FakeStreamingChatModel,
} from '@langchain/core/utils/testing'
import { Annotation, END, START, StateGraph } from '@langchain/langgraph'
import {
  ATTR_CITATIONS,
  ATTR_ERROR_TYPE,
  ATTR_FEATURE_FLAG_KEY,
  ATTR_FEATURE_FLAG_VARIANT,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_COST_CURRENCY,
  ATTR_GEN_AI_USAGE_COST_SOURCE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_GEN_AI_WORKFLOW_NAME,
  ATTR_INPUT_HASH,
  ATTR_RUN_CALLS,
  ATTR_RUN_COST_USD,
  ATTR_SERVED_ARM,
  createPricer,
} from '@llm-canary/core'
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { describe, expect, it } from 'vitest'
import type { ScriptedAnswer, TestTracing } from './handler.fixture.ts'
import {
  createTestTracing,
  findUnitOnArm,
  makeExperiment,
  makeUnitArm,
  ScriptedChatModel,
  SERIALIZED,
} from './handler.fixture.ts'
import type { LlmCanaryHandlerOptions } from './handler-options.ts'
import { LlmCanaryHandler } from './llm-canary-handler.ts'

const State = Annotation.Root({
  unit: Annotation<string>,
  llmCanary: Annotation<unknown>,
  answer: Annotation<string>,
})

type Model = { invoke(input: string): Promise<{ content: unknown }> }

/** router (writes the session) → writer (one LLM call) → reviewer (one LLM call). */
function buildGraph(experiment: ReturnType<typeof makeExperiment>, writer: Model, reviewer: Model = writer) {
  return new StateGraph(State)
    .addNode('router', (state) => ({ llmCanary: makeUnitArm(experiment, state.unit) }))
    .addNode('writer', async () => ({ answer: String((await writer.invoke('write it')).content) }))
    .addNode('reviewer', async (state) => ({
      answer: String((await reviewer.invoke(`review ${state.answer}`)).content),
    }))
    .addEdge(START, 'router')
    .addEdge('router', 'writer')
    .addEdge('writer', 'reviewer')
    .addEdge('reviewer', END)
    .compile({ name: 'support' })
}

function setUp(options: Partial<LlmCanaryHandlerOptions> = {}, experiment = makeExperiment()) {
  const tracing = createTestTracing()
  const handler = new LlmCanaryHandler({
    experiment,
    hashKey: 'test-hash-key',
    tracer: tracing.provider.getTracer('test'),
    captureMessageContent: false,
    ...options,
  })
  return { tracing, handler, experiment }
}

const USAGE_ANSWER: ScriptedAnswer = {
  text: 'done',
  usage: {
    input_tokens: 1200,
    output_tokens: 300,
    total_tokens: 1500,
    input_token_details: { cache_read: 1000 },
    output_token_details: { reasoning: 100 },
  },
  responseModel: 'gpt-4.1-2025-04-14',
  finishReason: 'stop',
}

function chatSpans(tracing: TestTracing) {
  return tracing.spans().filter((span) => span.attributes[ATTR_GEN_AI_OPERATION_NAME] === 'chat')
}

describe('LlmCanaryHandler: span tree', () => {
  it('makes one trace per graph run: workflow, one agent span per node, chat spans under their node', async () => {
    const { tracing, handler, experiment } = setUp()
    const graph = buildGraph(experiment, new FakeListChatModel({ responses: ['draft', 'ok'] }))
    await graph.invoke({ unit: 'user-1' }, { callbacks: [handler] })

    const workflow = tracing.one('invoke_workflow support')
    expect(workflow.parentSpanContext).toBeUndefined()
    expect(workflow.attributes[ATTR_GEN_AI_WORKFLOW_NAME]).toBe('support')
    expect(workflow.kind).toBe(SpanKind.INTERNAL)
    const agents = tracing
      .named('invoke_agent router')
      .concat(tracing.named('invoke_agent writer'), tracing.named('invoke_agent reviewer'))
    expect(agents).toHaveLength(3)
    for (const agent of agents) expect(tracing.parentOf(agent)).toBe(workflow)
    const chats = chatSpans(tracing)
    expect(chats.map((span) => span.attributes[ATTR_GEN_AI_AGENT_NAME]).sort()).toEqual([
      'reviewer',
      'writer',
    ])
    for (const chat of chats) {
      expect(chat.name).toBe('chat')
      expect(chat.kind).toBe(SpanKind.CLIENT)
      const parent = tracing.parentOf(chat)
      expect(parent?.name).toBe(`invoke_agent ${chat.attributes[ATTR_GEN_AI_AGENT_NAME]}`)
    }
    const traceIds = new Set(tracing.spans().map((span) => span.spanContext().traceId))
    expect(traceIds.size).toBe(1)
    expect(tracing.named('invoke_agent __start__')).toHaveLength(0)
    expect(tracing.spans().every((span) => span.ended)).toBe(true)
    expect(handler.openRunCount()).toBe(0)
  })

  it('starts a new trace for each invocation', async () => {
    const { tracing, handler, experiment } = setUp()
    const graph = buildGraph(experiment, new FakeListChatModel({ responses: ['a'] }))
    await graph.invoke({ unit: 'user-1' }, { callbacks: [handler] })
    await graph.invoke({ unit: 'user-2' }, { callbacks: [handler] })
    const workflows = tracing.named('invoke_workflow support')
    expect(workflows).toHaveLength(2)
    expect(workflows[0]!.spanContext().traceId).not.toBe(workflows[1]!.spanContext().traceId)
  })

  it('puts the session on every span, the ones opened before the router ran included', async () => {
    const { tracing, handler, experiment } = setUp()
    const unit = findUnitOnArm(experiment, 'candidate')
    const unitArm = makeUnitArm(experiment, unit)
    await buildGraph(experiment, new FakeListChatModel({ responses: ['a'] })).invoke(
      { unit },
      { callbacks: [handler] },
    )
    expect(tracing.spans().length).toBeGreaterThanOrEqual(6)
    for (const span of tracing.spans()) {
      expect(span.attributes[ATTR_FEATURE_FLAG_KEY]).toBe(experiment.id)
      expect(span.attributes[ATTR_FEATURE_FLAG_VARIANT]).toBe('candidate')
      expect(span.attributes[ATTR_GEN_AI_CONVERSATION_ID]).toBe(unitArm.unitHash)
    }
  })

  it('records the served arm per node: nodes outside scope.agents are served by control', async () => {
    const experiment = makeExperiment({ scope: { agents: ['writer'] } })
    const { tracing, handler } = setUp({}, experiment)
    const unit = findUnitOnArm(experiment, 'candidate')
    await buildGraph(experiment, new FakeListChatModel({ responses: ['a'] })).invoke(
      { unit },
      { callbacks: [handler] },
    )
    const served = Object.fromEntries(
      chatSpans(tracing).map((span) => [
        span.attributes[ATTR_GEN_AI_AGENT_NAME],
        span.attributes[ATTR_SERVED_ARM],
      ]),
    )
    expect(served).toEqual({ writer: 'candidate', reviewer: 'control' })
    for (const span of chatSpans(tracing))
      expect(span.attributes[ATTR_FEATURE_FLAG_VARIANT]).toBe('candidate')
  })

  it('serves a session whose arm the experiment no longer has by control (as the router does)', async () => {
    const original = makeExperiment()
    const reverted = makeExperiment({
      arms: {
        control: { model: 'openai:gpt-4.1', weight: 90 },
        other: { model: 'openai:gpt-5', weight: 10 },
      },
    })
    const { tracing, handler } = setUp({}, reverted)
    const unit = findUnitOnArm(original, 'candidate')
    const unitArm = makeUnitArm(original, unit)
    handler.handleChainStart(SERIALIZED, { llmCanary: unitArm }, 'root', undefined, [], {}, undefined, 'g')
    handler.handleChatModelStart(SERIALIZED, [[]], 'llm', 'root', {}, [], { langgraph_node: 'writer' })
    handler.handleLLMEnd({ generations: [[{ text: 'x' }]] }, 'llm')
    handler.handleChainEnd({}, 'root')
    const chat = tracing.one('chat')
    expect(chat.attributes[ATTR_FEATURE_FLAG_VARIANT]).toBe('candidate')
    expect(chat.attributes[ATTR_SERVED_ARM]).toBe('control')
  })

  it("names the calling agent after createAgent's lc_agent_name when present, else the node", async () => {
    const { tracing, handler } = setUp()
    const model = new FakeListChatModel({ responses: ['x'] })
    await model.invoke('a', {
      callbacks: [handler],
      metadata: { lc_agent_name: 'triage', langgraph_node: 'model' },
    })
    await model.invoke('b', { callbacks: [handler], metadata: { langgraph_node: 'model' } })
    expect(tracing.named('chat').map((span) => span.attributes[ATTR_GEN_AI_AGENT_NAME])).toEqual([
      'triage',
      'model',
    ])
  })

  it("joins the caller's active context: the workflow span is a child of the HTTP request span", async () => {
    for (const awaitHandlers of [true, false]) {
      const { tracing, handler, experiment } = setUp({ awaitHandlers })
      const contextManager = new AsyncLocalStorageContextManager().enable()
      context.setGlobalContextManager(contextManager)
      try {
        const outer = tracing.provider.getTracer('app').startSpan('http request')
        await context.with(trace.setSpan(context.active(), outer), () =>
          buildGraph(experiment, new FakeListChatModel({ responses: ['a'] })).invoke(
            { unit: 'user-1' },
            { callbacks: [handler] },
          ),
        )
        await awaitAllCallbacks()
        outer.end()
        const workflow = tracing.one('invoke_workflow support')
        if (awaitHandlers) {
          expect(workflow.parentSpanContext?.spanId).toBe(outer.spanContext().spanId)
          expect(workflow.spanContext().traceId).toBe(outer.spanContext().traceId)
        } else {
          // Background callbacks run from LangChain's queue, in no caller's context: a trace of its own.
          expect(workflow.parentSpanContext).toBeUndefined()
        }
        // Below the workflow, parents still come from LangChain's run ids.
        const chat = tracing.spans().find((span) => span.name === 'chat')
        expect(chat === undefined ? undefined : tracing.parentOf(chat)?.name).toBe('invoke_agent writer')
      } finally {
        context.disable()
      }
    }
  })

  it('traces a direct model call as one root chat span', async () => {
    const { tracing, handler } = setUp()
    const model = new ScriptedChatModel({ answers: [USAGE_ANSWER], modelName: 'gpt-4.1' })
    await model.invoke('hello', { callbacks: [handler] })
    const span = tracing.one('chat gpt-4.1')
    expect(span.parentSpanContext).toBeUndefined()
    expect(span.attributes[ATTR_FEATURE_FLAG_KEY]).toBeUndefined()
    expect(handler.openRunCount()).toBe(0)
  })

  it('names a completion model span text_completion', async () => {
    const { tracing, handler } = setUp()
    await new FakeLLM({ response: 'x' }).invoke('prompt', { callbacks: [handler] })
    const [span] = tracing.spans()
    expect(span?.name).toBe('text_completion')
    expect(span?.attributes[ATTR_GEN_AI_OPERATION_NAME]).toBe('text_completion')
  })
})

describe('LlmCanaryHandler: LLM attributes', () => {
  it('records provider, models, usage with cache and reasoning, finish reasons and cost', async () => {
    const { tracing, handler, experiment } = setUp()
    const model = new ScriptedChatModel({ answers: [USAGE_ANSWER], modelName: 'gpt-4.1', provider: 'openai' })
    await buildGraph(experiment, model).invoke({ unit: 'user-1' }, { callbacks: [handler] })
    const [span] = chatSpans(tracing)
    const expectedCost = createPricer({ overrides: experiment.pricing }).estimateCost('openai:gpt-4.1', {
      inputTokens: 1200,
      outputTokens: 300,
      cacheReadTokens: 1000,
      reasoningTokens: 100,
    }).costUsd
    expect(span?.name).toBe('chat gpt-4.1')
    expect(span?.attributes).toMatchObject({
      [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4.1',
      [ATTR_GEN_AI_RESPONSE_MODEL]: 'gpt-4.1-2025-04-14',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 1200,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 300,
      [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 1000,
      [ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: 100,
      [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['stop'],
      [ATTR_GEN_AI_USAGE_COST_AMOUNT]: expectedCost,
      [ATTR_GEN_AI_USAGE_COST_CURRENCY]: 'USD',
      [ATTR_GEN_AI_USAGE_COST_SOURCE]: 'local',
    })
    const workflow = tracing.one('invoke_workflow support')
    expect(workflow.attributes[ATTR_RUN_CALLS]).toBe(2)
    expect(workflow.attributes[ATTR_RUN_COST_USD]).toBeCloseTo(2 * expectedCost!, 12)
  })

  it('maps LangChain provider names to OpenTelemetry ones', async () => {
    const { tracing, handler } = setUp()
    const model = new ScriptedChatModel({
      answers: [{ text: 'x' }],
      provider: 'google_genai',
      modelName: 'gemini-2.5-pro',
    })
    await model.invoke('hi', { callbacks: [handler] })
    expect(tracing.spans()[0]?.attributes[ATTR_GEN_AI_PROVIDER_NAME]).toBe('gcp.gemini')
  })

  it('leaves unknown usage absent (never 0) and the run cost unknown', async () => {
    const { tracing, handler, experiment } = setUp()
    const model = new ScriptedChatModel({ answers: [{ text: 'no usage' }], modelName: 'gpt-4.1' })
    await buildGraph(experiment, model).invoke({ unit: 'user-1' }, { callbacks: [handler] })
    for (const span of chatSpans(tracing)) {
      expect(span.attributes).not.toHaveProperty(ATTR_GEN_AI_USAGE_INPUT_TOKENS)
      expect(span.attributes).not.toHaveProperty(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS)
      expect(span.attributes).not.toHaveProperty(ATTR_GEN_AI_USAGE_COST_AMOUNT)
    }
    const workflow = tracing.one('invoke_workflow support')
    expect(workflow.attributes[ATTR_RUN_CALLS]).toBe(2)
    expect(workflow.attributes).not.toHaveProperty(ATTR_RUN_COST_USD)
  })

  it('records the time to first chunk from handleLLMNewToken when the call streams', async () => {
    const { tracing, handler } = setUp()
    const model = new ScriptedChatModel({ answers: [USAGE_ANSWER], modelName: 'gpt-4.1', delayMs: 5 })
    for await (const _chunk of await model.stream('hi', { callbacks: [handler] })) {
      // drain
    }
    const span = tracing.one('chat gpt-4.1')
    const ttft = span.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]
    expect(typeof ttft).toBe('number')
    const durationS = span.duration[0] + span.duration[1] / 1e9
    expect(ttft as number).toBeGreaterThanOrEqual(0)
    expect(ttft as number).toBeLessThanOrEqual(durationS + 1e-6)
  })

  it("records the time to first chunk of LangChain's FakeStreamingChatModel streamed inside a node", async () => {
    const { tracing, handler, experiment } = setUp()
    const model = new FakeStreamingChatModel({ responses: [new AIMessage('abc')], sleep: 1 })
    const graph = new StateGraph(State)
      .addNode('router', (state) => ({ llmCanary: makeUnitArm(experiment, state.unit) }))
      .addNode('writer', async () => {
        let text = ''
        for await (const chunk of await model.stream('go')) text += String(chunk.content)
        return { answer: text }
      })
      .addEdge(START, 'router')
      .addEdge('router', 'writer')
      .addEdge('writer', END)
      .compile({ name: 'streaming' })
    const result = await graph.invoke({ unit: 'user-1' }, { callbacks: [handler] })
    expect(result.answer).toBe('abc')
    const chat = tracing.one('chat')
    expect(tracing.parentOf(chat)?.name).toBe('invoke_agent writer')
    const ttft = chat.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] as number
    expect(ttft).toBeGreaterThanOrEqual(0)
    expect(ttft).toBeLessThanOrEqual(chat.duration[0] + chat.duration[1] / 1e9 + 1e-6)
  })

  it('records the time to first chunk from handleChatModelStreamEvent', async () => {
    const { tracing, handler } = setUp()
    const { BaseCallbackHandler } = await import('@langchain/core/callbacks/base')
    const eventsSeen: string[] = []
    class PrefersEvents extends BaseCallbackHandler {
      name = 'prefers_events'
      readonly lc_prefer_chat_model_stream_events = true
      override handleChatModelStreamEvent(event: { event: string }) {
        eventsSeen.push(event.event)
      }
    }
    const model = new ScriptedChatModel({ answers: [USAGE_ANSWER], modelName: 'gpt-4.1' })
    await model.invoke('hi', { callbacks: [handler, new PrefersEvents({ _awaitHandler: true })] })
    expect(eventsSeen.length).toBeGreaterThan(0)
    const span = tracing.one('chat gpt-4.1')
    expect(typeof span.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toBe('number')
  })

  it('records no time to first chunk for a call that did not stream', async () => {
    const { tracing, handler } = setUp()
    await new ScriptedChatModel({ answers: [USAGE_ANSWER], modelName: 'gpt-4.1' }).invoke('hi', {
      callbacks: [handler],
    })
    expect(tracing.one('chat gpt-4.1').attributes).not.toHaveProperty(
      ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
    )
  })

  it('records prompts and completions only with content capture on', async () => {
    for (const capture of [false, true]) {
      const { tracing, handler } = setUp({ captureMessageContent: capture })
      await new ScriptedChatModel({ answers: [USAGE_ANSWER], modelName: 'gpt-4.1' }).invoke('secret prompt', {
        callbacks: [handler],
      })
      const attributes = tracing.one('chat gpt-4.1').attributes
      if (capture) {
        expect(JSON.parse(String(attributes[ATTR_GEN_AI_INPUT_MESSAGES]))).toEqual([
          { role: 'user', parts: [{ type: 'text', content: 'secret prompt' }] },
        ])
        expect(JSON.parse(String(attributes[ATTR_GEN_AI_OUTPUT_MESSAGES]))).toEqual([
          { role: 'assistant', parts: [{ type: 'text', content: 'done' }], finish_reason: 'stop' },
        ])
      } else {
        expect(JSON.stringify(attributes)).not.toContain('secret prompt')
        expect(attributes).not.toHaveProperty(ATTR_GEN_AI_INPUT_MESSAGES)
        expect(attributes).not.toHaveProperty(ATTR_GEN_AI_OUTPUT_MESSAGES)
      }
    }
  })

  it('reads the content-capture default from the environment once, at construction', () => {
    const previous = process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT
    try {
      process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = 'true'
      const tracing = createTestTracing()
      const handler = new LlmCanaryHandler({
        experiment: makeExperiment(),
        hashKey: 'k',
        tracer: tracing.provider.getTracer('t'),
      })
      process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = 'false'
      handler.handleChatModelStart(SERIALIZED, [[]], 'run-env')
      handler.handleLLMEnd({ generations: [[{ text: 'out' }]] }, 'run-env')
      expect(tracing.spans()[0]?.attributes).toHaveProperty(ATTR_GEN_AI_OUTPUT_MESSAGES)
    } finally {
      if (previous === undefined) delete process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT
      else process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = previous
    }
  })

  it('hashes identical inputs alike across arms and never exports the raw unit id', async () => {
    const { tracing, handler, experiment } = setUp()
    const control = findUnitOnArm(experiment, 'control')
    const candidate = findUnitOnArm(experiment, 'candidate')
    const graph = buildGraph(experiment, new FakeListChatModel({ responses: ['same'] }))
    await graph.invoke({ unit: control }, { callbacks: [handler] })
    await graph.invoke({ unit: candidate }, { callbacks: [handler] })
    const writerHashes = chatSpans(tracing)
      .filter((span) => span.attributes[ATTR_GEN_AI_AGENT_NAME] === 'writer')
      .map((span) => span.attributes[ATTR_INPUT_HASH])
    expect(writerHashes).toHaveLength(2)
    expect(writerHashes[0]).toMatch(/^[0-9a-f]{32}$/)
    expect(writerHashes[0]).toBe(writerHashes[1])
    const exported = JSON.stringify(tracing.spans().map((span) => span.attributes))
    expect(exported).not.toContain(control)
    expect(exported).not.toContain(candidate)

    const other = setUp({ hashKey: 'another-key' })
    await buildGraph(experiment, new FakeListChatModel({ responses: ['same'] })).invoke(
      { unit: control },
      { callbacks: [other.handler] },
    )
    const otherHash = chatSpans(other.tracing).find(
      (span) => span.attributes[ATTR_GEN_AI_AGENT_NAME] === 'writer',
    )?.attributes[ATTR_INPUT_HASH]
    expect(otherHash).not.toBe(writerHashes[0])
  })

  it('marks a failed call and its failed run as errors, and still counts the call', async () => {
    const { tracing, handler, experiment } = setUp()
    class RateLimitError extends Error {
      override name = 'RateLimitError'
    }
    const model = new ScriptedChatModel({
      answers: [{ text: '', error: new RateLimitError('429') }],
      modelName: 'gpt-4.1',
    })
    await expect(
      buildGraph(experiment, model).invoke({ unit: 'user-1' }, { callbacks: [handler] }),
    ).rejects.toThrow('429')
    const chat = tracing.one('chat gpt-4.1')
    expect(chat.status.code).toBe(SpanStatusCode.ERROR)
    expect(chat.attributes[ATTR_ERROR_TYPE]).toBe('RateLimitError')
    expect(chat.status.message).not.toContain('429')
    const writer = tracing.one('invoke_agent writer')
    expect(writer.status.code).toBe(SpanStatusCode.ERROR)
    const workflow = tracing.one('invoke_workflow support')
    expect(workflow.status.code).toBe(SpanStatusCode.ERROR)
    expect(workflow.attributes[ATTR_ERROR_TYPE]).toBe('RateLimitError')
    expect(workflow.attributes[ATTR_RUN_CALLS]).toBe(1)
    expect(workflow.attributes[ATTR_RUN_COST_USD]).toBe(0)
    expect(handler.openRunCount()).toBe(0)
  })
})

describe('LlmCanaryHandler: tools and citations', () => {
  it('traces tools under their node, with failures as errors', async () => {
    const { tracing, handler, experiment } = setUp()
    const lookup = new DynamicTool({
      name: 'lookup',
      description: 'd',
      func: async (input) => `found ${input}`,
    })
    const failing = new DynamicTool({
      name: 'explode',
      description: 'd',
      func: async () => {
        throw new RangeError('tool broke')
      },
    })
    const graph = new StateGraph(State)
      .addNode('router', (state) => ({ llmCanary: makeUnitArm(experiment, state.unit) }))
      .addNode('agent', async () => {
        const found = await lookup.invoke('x')
        await failing.invoke('y').catch(() => undefined)
        return { answer: found }
      })
      .addEdge(START, 'router')
      .addEdge('router', 'agent')
      .addEdge('agent', END)
      .compile({ name: 'tools' })
    await graph.invoke({ unit: 'user-1' }, { callbacks: [handler] })
    const tool = tracing.one('execute_tool lookup')
    expect(tool.attributes).toMatchObject({
      [ATTR_GEN_AI_OPERATION_NAME]: 'execute_tool',
      [ATTR_GEN_AI_TOOL_NAME]: 'lookup',
    })
    expect(tracing.parentOf(tool)?.name).toBe('invoke_agent agent')
    const failed = tracing.one('execute_tool explode')
    expect(failed.status.code).toBe(SpanStatusCode.ERROR)
    expect(failed.attributes[ATTR_ERROR_TYPE]).toBe('RangeError')
    expect(tracing.one('invoke_workflow tools').status.code).toBe(SpanStatusCode.UNSET)
  })

  it('takes citations from the extractor, given the ids retrieved in the same node', async () => {
    const seen: unknown[] = []
    const { tracing, handler, experiment } = setUp({
      citationExtractor: (answer, context) => {
        seen.push(context)
        return [...answer.matchAll(/\[(\w+)\]/g)].map((match) => match[1]!)
      },
    })
    const retriever = new FakeRetriever({
      output: [new Document({ pageContent: 'a', id: 'A' }), new Document({ pageContent: 'b', id: 'B' })],
    })
    const model = new FakeListChatModel({ responses: ['see [a] and [a]'] })
    const graph = new StateGraph(State)
      .addNode('router', (state) => ({ llmCanary: makeUnitArm(experiment, state.unit) }))
      .addNode('answerer', async () => {
        await retriever.invoke('q')
        return { answer: String((await model.invoke('q')).content) }
      })
      .addEdge(START, 'router')
      .addEdge('router', 'answerer')
      .addEdge('answerer', END)
      .compile({ name: 'rag' })
    await graph.invoke({ unit: 'user-1' }, { callbacks: [handler] })
    expect(seen).toEqual([{ retrievedSourceIds: ['a', 'b'], agent: 'answerer' }])
    expect(tracing.one('chat').attributes[ATTR_CITATIONS]).toEqual(['a'])
  })
})
