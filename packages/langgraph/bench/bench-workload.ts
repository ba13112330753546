import type { BaseCallbackHandler } from '@langchain/core/callbacks/base'
import type { BaseMessage } from '@langchain/core/messages'
import { HumanMessage, SystemMessage } from '@langchain/core/messages'
import type { ChatResult } from '@langchain/core/outputs'
import { Annotation, END, START, StateGraph } from '@langchain/langgraph'
import type { Experiment } from '@llm-canary/core'
import { makeExperiment, ScriptedChatModel } from '../src/handler/handler.fixture.ts'
import { withLlmCanary } from '../src/routing/llm-canary-state.ts'
import { createRouterNode } from '../src/routing/router-node.ts'

/** The graph's nodes after the router, each making one LLM call. */
export const LLM_NODES = ['extractor', 'checker', 'summarizer', 'reviewer'] as const

/** LLM calls per graph run. */
export const LLM_CALLS_PER_RUN = LLM_NODES.length

/**
 * The scripted model, reporting its answer the way LangChain's provider integrations do (ChatOpenAI):
 * usage on the message (`usage_metadata`) and in `llmOutput.tokenUsage`, the finish reason in
 * `generationInfo` and `response_metadata`, so every tracer finds what it reads.
 */
class ProviderLikeChatModel extends ScriptedChatModel {
  override async _generate(messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<ChatResult> {
    const result = await super._generate(messages, options)
    const generation = result.generations[0]!
    const usage = (generation.message as { usage_metadata?: { input_tokens: number; output_tokens: number } })
      .usage_metadata
    return {
      generations: [{ ...generation, generationInfo: { finish_reason: 'stop' } }],
      llmOutput:
        usage === undefined
          ? {}
          : {
              tokenUsage: {
                promptTokens: usage.input_tokens,
                completionTokens: usage.output_tokens,
                totalTokens: usage.input_tokens + usage.output_tokens,
              },
            },
    }
  }
}

/** The two operations every configuration is measured on. */
export type BenchMode = 'direct' | 'graph'

/** What one configuration runs: the same model and graph for all, with its own callbacks. */
export interface BenchWorkload {
  readonly experiment: Experiment
  /** One `model.invoke(messages, { callbacks })`: one LLM call. */
  direct(callbacks: BaseCallbackHandler[] | undefined): Promise<unknown>
  /** One run of the 5-node graph (router, then one LLM call per node of `LLM_NODES`), a new unit each time. */
  graphRun(callbacks: BaseCallbackHandler[] | undefined): Promise<unknown>
}

/**
 * Builds the benchmark's workload: a scripted chat model (a real LangChain `BaseChatModel` that reports
 * usage with cache reads, the response model and the finish reason as ChatOpenAI does, and does no
 * I/O) and a LangGraph
 * `StateGraph` of 5 nodes: llm-canary's router node, then `LLM_NODES` in a line, each calling the model.
 *
 * @returns The workload.
 */
export function createWorkload(): BenchWorkload {
  // The control model is priced from the bundled table (what most experiments rely on), the candidate by an override.
  const experiment = makeExperiment({ pricing: { 'openai:gpt-5': { input: 10, output: 40 } } })
  const model = new ProviderLikeChatModel({
    modelName: 'gpt-4.1',
    answers: [
      {
        text: 'The invoice total is 1,200.50 EUR, due on 2026-05-03.',
        usage: {
          input_tokens: 812,
          output_tokens: 64,
          total_tokens: 876,
          input_token_details: { cache_read: 512 },
        },
        responseModel: 'gpt-4.1-2025-04-14',
        finishReason: 'stop',
      },
    ],
  })
  const messages = [
    new SystemMessage(
      'You extract invoice fields. Answer with the total, the currency and the due date only.',
    ),
    new HumanMessage(
      'Invoice #4411 from ACME GmbH. Lines: 3 x widgets at 400.1667 EUR. Payment due 3 May 2026.',
    ),
  ]
  const State = withLlmCanary(
    Annotation.Root({
      unit: Annotation<string>,
      notes: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
    }),
  )
  const llmNode = async () => ({ notes: [String((await model.invoke(messages)).content)] })
  const router = createRouterNode<typeof State.State>({
    experiment,
    hashKey: 'bench-session-key',
    unitId: (state) => state.unit,
  })
  const [first, second, third, fourth] = LLM_NODES
  const graph = new StateGraph(State)
    .addNode('router', router)
    .addNode(first, llmNode)
    .addNode(second, llmNode)
    .addNode(third, llmNode)
    .addNode(fourth, llmNode)
    .addEdge(START, 'router')
    .addEdge('router', first)
    .addEdge(first, second)
    .addEdge(second, third)
    .addEdge(third, fourth)
    .addEdge(fourth, END)
    .compile({ name: 'invoices' })
  let unit = 0
  return {
    experiment,
    direct: (callbacks) => model.invoke(messages, callbacks === undefined ? undefined : { callbacks }),
    graphRun: (callbacks) =>
      graph.invoke({ unit: `user-${unit++ & 1023}` }, callbacks === undefined ? undefined : { callbacks }),
  }
}
