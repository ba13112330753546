import { readFileSync } from 'node:fs'
import { HumanMessage } from '@langchain/core/messages'
import { tool } from '@langchain/core/tools'
import { MessagesAnnotation, START, StateGraph } from '@langchain/langgraph'
import { ChatOpenAI } from '@langchain/openai'
import type { Experiment, ModelRef } from '@llm-canary/core'
import type { DiagLogger } from '@opentelemetry/api'
import { DiagLogLevel, diag, trace } from '@opentelemetry/api'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { createAgent } from 'langchain'
import { afterEach, describe, expect, it } from 'vitest'
import { createKillSwitch } from '../kill-switch/kill-switch.ts'
import { createArmModels } from '../routing/arm-models.ts'
import { llmCanaryMiddleware } from '../routing/canary-middleware.ts'
import { withLlmCanary } from '../routing/llm-canary-state.ts'
import { createRouterNode } from '../routing/router-node.ts'
import { buildExperiment, failedCandidateCall, findUnitId } from '../routing/routing.fixture.ts'
import { createTestTracing } from './handler.fixture.ts'
import { LlmCanaryHandler } from './llm-canary-handler.ts'
import type { TestOpenAiServer } from './openai-server.fixture.ts'
import { FAKE_RESPONSE_MODEL, startTestOpenAiServer } from './openai-server.fixture.ts'

// Issue 12, item 2: the spans as the GenAI and feature-flag conventions expect them, on a createAgent
// agent with tools driven through the real ChatOpenAI, checked against docs/spans.md.

const HASH_KEY = 'conventions-hash-key'
const lookup = tool(() => 'found it', {
  name: 'lookup',
  description: 'Looks a thing up in the records.',
  schema: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
})

let server: TestOpenAiServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

function openAiFactory(baseURL: string) {
  return (model: ModelRef) =>
    new ChatOpenAI({
      model: model.name,
      apiKey: 'sk-test',
      temperature: 0.2,
      maxTokens: 256,
      topP: 0.9,
      maxRetries: 0,
      configuration: { baseURL },
    })
}

/** Runs a named createAgent agent with one tool, the llm-canary middleware and handler; returns its spans. */
async function recordCreateAgentRun(experiment: Experiment, threadId: string) {
  server = await startTestOpenAiServer('lookup')
  const tracing = createTestTracing()
  const handler = new LlmCanaryHandler({
    experiment,
    hashKey: HASH_KEY,
    tracer: tracing.provider.getTracer('t'),
  })
  const agent = createAgent({
    name: 'support',
    model: new ChatOpenAI({ model: 'unused', apiKey: 'sk-test' }),
    tools: [lookup],
    middleware: [
      llmCanaryMiddleware({ experiment, hashKey: HASH_KEY, factory: openAiFactory(server.baseURL) }),
    ],
  })
  await agent.invoke(
    { messages: [new HumanMessage('where is order 42?')] },
    {
      configurable: { thread_id: threadId },
      callbacks: [handler],
    },
  )
  expect(handler.openRunCount()).toBe(0)
  return { tracing, server }
}

/** Every span name, event and attribute docs/spans.md lists in "What the llm-canary handler writes". */
function documentedContract() {
  const text = readFileSync(new URL('../../../../docs/spans.md', import.meta.url), 'utf8')
  const section = text.slice(
    text.indexOf('## What the llm-canary handler writes'),
    text.indexOf('# What the gate reads'),
  )
  const rows = section.split('\n').filter((line) => line.startsWith('| `'))
  const attributes = new Map<string, string>()
  const spanNames: RegExp[] = []
  const events = new Map<string, string[]>()
  for (const row of rows) {
    const cells = row.split(' | ').map((cell) => cell.replace(/^\| /, ''))
    const keys = [...(cells[0] ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '')
    if (section.indexOf(row) < section.indexOf('| attribute | status |')) {
      if (row.startsWith('| `feature_flag.evaluation`') || row.startsWith('| `gen_ai.evaluation.result`')) {
        events.set(
          keys[0] ?? '',
          [...(cells[3] ?? '').matchAll(/`([a-z_.]+)`/g)].map((m) => m[1] ?? ''),
        )
      }
      continue
    }
    for (const key of keys) attributes.set(key, cells[1] ?? '')
  }
  for (const match of section.matchAll(
    /\| `(\w+) \{\w+\}`(?:, `(\w+) \{\w+\}`)? \| (?:INTERNAL|CLIENT) \|/g,
  )) {
    for (const operation of [match[1], match[2]]) {
      if (operation !== undefined) spanNames.push(new RegExp(`^${operation} \\S+$`))
    }
  }
  return { attributes, spanNames, events }
}

function named(spans: readonly ReadableSpan[], name: string): ReadableSpan[] {
  return spans.filter((span) => span.name === name)
}

describe('spans of a createAgent agent with tools, as the conventions expect', () => {
  const experiment = buildExperiment()
  const threadId = findUnitId(experiment, 'candidate', { prefix: 'conventions' })

  it('gives the agent one invoke_agent span (not model_request, not a span per hook) inside the run', async () => {
    const { tracing } = await recordCreateAgentRun(experiment, threadId)
    const spans = tracing.spans()
    expect(spans.map((span) => span.name).sort()).toEqual([
      'chat gpt-5',
      'chat gpt-5',
      'execute_tool lookup',
      'invoke_agent support',
      'invoke_workflow support',
    ])
    const workflow = tracing.one('invoke_workflow support')
    const agent = tracing.one('invoke_agent support')
    expect(tracing.parentOf(agent)).toBe(workflow)
    for (const child of [...named(spans, 'chat gpt-5'), tracing.one('execute_tool lookup')]) {
      expect(tracing.parentOf(child)).toBe(agent)
    }
    expect(agent.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'support',
      'gen_ai.provider.name': 'openai',
      'feature_flag.result.variant': 'candidate',
    })
  })

  it('records the recommended attributes LangChain gives on the LLM and tool spans', async () => {
    const { tracing, server: openAi } = await recordCreateAgentRun(experiment, threadId)
    const [first, second] = named(tracing.spans(), 'chat gpt-5')
    expect(first?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-5',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 256,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.stream': false,
      'gen_ai.response.model': FAKE_RESPONSE_MODEL,
      'gen_ai.response.id': 'chatcmpl-test-1',
      'gen_ai.response.finish_reasons': ['tool_calls'],
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 4,
      'gen_ai.agent.name': 'support',
      'server.address': '127.0.0.1',
      'server.port': openAi.port,
      'llm_canary.served_arm': 'candidate',
    })
    expect(second?.attributes['gen_ai.response.finish_reasons']).toEqual(['stop'])
    expect(tracing.one('execute_tool lookup').attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'lookup',
      'gen_ai.tool.call.id': 'call_1',
      'gen_ai.tool.type': 'function',
      'gen_ai.tool.description': 'Looks a thing up in the records.',
    })
  })

  it('records the arm decision as a feature_flag.evaluation event on the run span (reason split)', async () => {
    const { tracing } = await recordCreateAgentRun(experiment, threadId)
    const workflow = tracing.one('invoke_workflow support')
    const decisions = workflow.events.filter((event) => event.name === 'feature_flag.evaluation')
    expect(decisions).toHaveLength(1)
    expect(decisions[0]?.attributes).toMatchObject({
      'feature_flag.key': experiment.id,
      'feature_flag.result.variant': 'candidate',
      'feature_flag.provider.name': 'llm-canary',
      'feature_flag.result.reason': 'split',
      'feature_flag.context.id': workflow.attributes['gen_ai.conversation.id'],
    })
  })

  it('lists in docs/spans.md every span name, event and attribute of the run, each with its status', async () => {
    const { tracing } = await recordCreateAgentRun(experiment, threadId)
    const contract = documentedContract()
    expect(contract.attributes.size).toBeGreaterThan(40)
    expect(contract.spanNames).toHaveLength(8)
    expect([...contract.events.keys()]).toEqual(['feature_flag.evaluation', 'gen_ai.evaluation.result'])
    expect(contract.events.get('feature_flag.evaluation')).toContain('feature_flag.result.reason')
    for (const status of contract.attributes.values()) {
      expect(status).toMatch(/^(stable|release candidate|development|proposed|ours)\b/)
    }
    for (const span of tracing.spans()) {
      expect(
        contract.spanNames.some((pattern) => pattern.test(span.name)),
        span.name,
      ).toBe(true)
      for (const key of Object.keys(span.attributes)) {
        expect(contract.attributes.has(key), `${span.name}: ${key}`).toBe(true)
      }
      for (const event of span.events) {
        const documented = contract.events.get(event.name)
        expect(documented, `${span.name}: event ${event.name}`).toBeDefined()
        for (const key of Object.keys(event.attributes ?? {})) expect(documented, key).toContain(key)
      }
    }
  })
})

describe('spans of a StateGraph with the router node', () => {
  const experiment = buildExperiment({ guardrails: { error_rate: { max_increase: '1pp' } } })

  async function runGraph(options: { readonly threadId: string; readonly tripped?: boolean }) {
    server = await startTestOpenAiServer()
    const tracing = createTestTracing()
    const killSwitch = createKillSwitch({ windowCalls: 10, windowMs: 60_000, minCalls: 2, maxErrorRate: 0.1 })
    const handler = new LlmCanaryHandler({
      experiment,
      hashKey: HASH_KEY,
      tracer: tracing.provider.getTracer('t'),
    })
    const models = createArmModels({ experiment, factory: openAiFactory(server.baseURL) })
    const State = withLlmCanary(MessagesAnnotation)
    const graph = new StateGraph(State)
      .addNode('router', createRouterNode({ experiment, hashKey: HASH_KEY, killSwitch }))
      .addNode('writer', async (state: typeof State.State, config) => ({
        messages: [await models.modelFor(state, config).invoke(state.messages, config)],
      }))
      .addEdge(START, 'router')
      .addEdge('router', 'writer')
      .compile({ name: 'app' })
    if (options.tripped === true) {
      for (let i = 0; i < 3; i++) {
        killSwitch.observe(failedCandidateCall(experiment))
      }
      expect(killSwitch.isTripped()).toBe(true)
    }
    await graph.invoke(
      { messages: [new HumanMessage('hi')] },
      { configurable: { thread_id: options.threadId }, callbacks: [handler] },
    )
    return tracing
  }

  it('gives the router no span; the node is an agent with its provider; the arm decision is an event', async () => {
    const tracing = await runGraph({ threadId: findUnitId(experiment, 'control', { prefix: 'graph' }) })
    expect(
      tracing
        .spans()
        .map((span) => span.name)
        .sort(),
    ).toEqual(['chat gpt-4.1', 'invoke_agent writer', 'invoke_workflow app'])
    expect(tracing.one('invoke_agent writer').attributes['gen_ai.provider.name']).toBe('openai')
    const decision = tracing
      .one('invoke_workflow app')
      .events.find((event) => event.name === 'feature_flag.evaluation')
    expect(decision?.attributes).toMatchObject({
      'feature_flag.result.variant': 'control',
      'feature_flag.result.reason': 'split',
    })
  })

  it('says disabled when the kill switch sent the session to control', async () => {
    const tracing = await runGraph({
      threadId: findUnitId(experiment, 'candidate', { prefix: 'graph' }),
      tripped: true,
    })
    const workflow = tracing.one('invoke_workflow app')
    expect(workflow.attributes['llm_canary.kill_switch']).toBe(true)
    const decision = workflow.events.find((event) => event.name === 'feature_flag.evaluation')
    expect(decision?.attributes).toMatchObject({
      'feature_flag.result.variant': 'control',
      'feature_flag.result.reason': 'disabled',
    })
  })

  it('marks a streamed call gen_ai.request.stream', async () => {
    server = await startTestOpenAiServer()
    const tracing = createTestTracing()
    const handler = new LlmCanaryHandler({
      experiment,
      hashKey: HASH_KEY,
      tracer: tracing.provider.getTracer('t'),
    })
    const model = openAiFactory(server.baseURL)({ id: 'openai:gpt-4.1', provider: 'openai', name: 'gpt-4.1' })
    for await (const _chunk of await model.stream('hi', { callbacks: [handler] })) {
      // drain
    }
    expect(tracing.one('chat gpt-4.1').attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.id': 'chatcmpl-test-1',
    })
    expect(
      tracing.one('chat gpt-4.1').attributes['gen_ai.response.time_to_first_chunk'],
    ).toBeGreaterThanOrEqual(0)
  })
})

describe('without a registered tracer provider', () => {
  afterEach(() => {
    trace.disable()
    diag.disable()
  })

  it('warns once through the diagnostic logger, and not at all once a provider is registered', async () => {
    trace.disable()
    const warnings: string[] = []
    const logger: DiagLogger = {
      error: () => undefined,
      warn: (message: string) => warnings.push(message),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    }
    diag.setLogger(logger, DiagLogLevel.WARN)
    const experiment = buildExperiment()
    const model = openAiFactory('http://127.0.0.1:9/v1')({
      id: 'openai:gpt-4.1',
      provider: 'openai',
      name: 'gpt-4.1',
    })
    const handler = new LlmCanaryHandler({ experiment, hashKey: HASH_KEY })
    for (let i = 0; i < 2; i++) await model.invoke('hi', { callbacks: [handler] }).catch(() => undefined)
    expect(warnings.filter((message) => message.includes('no OpenTelemetry tracer provider'))).toHaveLength(1)
    expect(warnings[0]).toMatch(/NodeSDK/)

    const tracing = createTestTracing()
    trace.setGlobalTracerProvider(tracing.provider)
    const registered = new LlmCanaryHandler({ experiment, hashKey: HASH_KEY })
    await model.invoke('hi', { callbacks: [registered] }).catch(() => undefined)
    expect(warnings).toHaveLength(1)
    expect(tracing.spans().map((span) => span.name)).toEqual(['chat gpt-4.1'])
  })
})
