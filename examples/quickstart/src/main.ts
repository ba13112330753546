/**
 * The smallest llm-canary setup: a LangGraph graph with the router node and one agent, the llm-canary
 * callback handler, and spans exported through OTLP/HTTP to Jaeger, Tempo or any OpenTelemetry
 * collector (`OTEL_EXPORTER_OTLP_ENDPOINT`, default http://localhost:4318) by the OpenTelemetry NodeSDK
 * started in `./tracing.ts`. The agent answers with
 * LangChain's fake chat model; set `LLM_CANARY_REAL_MODELS=true` (and install `@langchain/openai`, and
 * set `OPENAI_API_KEY`) to call the experiment's real models through `initChatModel` instead.
 *
 * Run: pnpm --filter @llm-canary/example-quickstart start [-- --sessions 40]
 */
import './tracing.ts' // first: starts OpenTelemetry, as the README's graph.ts does
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { HumanMessage } from '@langchain/core/messages'
import type { RunnableConfig } from '@langchain/core/runnables'
import { END, MemorySaver, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph'
import type { ModelRef } from '@llm-canary/core'
import { loadExperiment } from '@llm-canary/core'
import { createArmModels, createRouterNode, LlmCanaryHandler, withLlmCanary } from '@llm-canary/langgraph'
import { defaultModelFactory } from '@llm-canary/langgraph/init-chat-model'
import { parse } from 'yaml'
import { ArmFakeChatModel } from './fake-chat-model.ts'
import { sdk } from './tracing.ts'

// pnpm passes a lone `--` through (`pnpm start -- --sessions 200`).
const args = process.argv.slice(2).filter((arg) => arg !== '--')
const { values } = parseArgs({ args, options: { sessions: { type: 'string', default: '40' } } })
const sessions = Number(values.sessions)
if (!Number.isSafeInteger(sessions) || sessions < 1) {
  console.error(`--sessions ${values.sessions}: give a whole number of sessions ≥ 1, e.g. --sessions 200`)
  process.exit(2)
}
const experiment = loadExperiment(
  parse(await readFile(new URL('../experiment.yaml', import.meta.url), 'utf8')),
)
// Keys the exported conversation ids and input hashes: use one secret in every process of the app.
const hashKey = process.env.LLM_CANARY_HASH_KEY ?? 'quickstart-hash-key'

// 1. OpenTelemetry: started by ./tracing.ts, imported first.

// 2. Each arm's model: fake by default; with LLM_CANARY_REAL_MODELS=true no factory is given, so each arm's
// model is initChatModel('provider:model'), loaded on first use.
const fakeModel = (model: ModelRef) => new ArmFakeChatModel(model, model.name.startsWith('gpt-5') ? 120 : 80)
const models = createArmModels({
  experiment,
  factory: process.env.LLM_CANARY_REAL_MODELS === 'true' ? defaultModelFactory : fakeModel,
})

// 3. The graph: the router assigns the session's arm, the agent asks for the arm's model. The checkpointer
// keeps each thread's state, its arm included (in production a persistent one, e.g. Postgres).
const checkpointer = new MemorySaver()
const State = withLlmCanary(MessagesAnnotation)
const graph = new StateGraph(State)
  .addNode('router', createRouterNode({ experiment, hashKey }))
  .addNode('agent', async (state: typeof State.State, config: RunnableConfig) => ({
    messages: [await models.modelFor(state, config).invoke(state.messages, config)],
  }))
  .addEdge(START, 'router')
  .addEdge('router', 'agent')
  .addEdge('agent', END)
  .compile({ checkpointer, name: 'quickstart' })

// 4. The handler turns every run into spans (workflow, agents, LLM calls) tagged with the arm, through the
// global tracer provider the SDK registered.
const handler = new LlmCanaryHandler({ experiment, hashKey })

const arms = new Map<string, number>()
for (let index = 0; index < sessions; index++) {
  const result = await graph.invoke(
    { messages: [new HumanMessage('Where is my order?')] },
    { configurable: { thread_id: `quickstart-session-${index}` }, callbacks: [handler] },
  )
  const arm = result.llmCanary?.arm ?? 'unassigned'
  arms.set(arm, (arms.get(arm) ?? 0) + 1)
}
const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://localhost:4318'
const split = [...arms].map(([arm, count]) => `${arm} ${count}`).join(', ')
try {
  await sdk.shutdown()
  console.log(`${sessions} sessions (${split}); spans sent to ${endpoint}.`)
  console.log(
    `Next: npx -p @llm-canary/gate llm-canary analyze --experiment examples/quickstart/experiment.yaml --source jaeger:http://localhost:16686 --service ${process.env.OTEL_SERVICE_NAME}`,
  )
} catch (err) {
  console.error(
    `${sessions} sessions ran (${split}), but their spans could not be sent to ${endpoint}: ` +
      `${err instanceof Error ? err.message : String(err)}. Start Jaeger first (see README.md), or set OTEL_EXPORTER_OTLP_ENDPOINT.`,
  )
  process.exitCode = 1
}
