import { HumanMessage } from '@langchain/core/messages'
import {
  END,
  MemorySaver,
  MessagesAnnotation,
  MessagesValue,
  START,
  StateGraph,
  StateSchema,
} from '@langchain/langgraph'
import { describe, expect, it } from 'vitest'
import { llmCanaryValue, withLlmCanary } from './llm-canary-state.ts'
import { createRouterNode } from './router-node.ts'
import { buildExperiment, CONTROL_MODEL, findUnitId } from './routing.fixture.ts'

const HASH_KEY = 'test-hash-key'
const ask = { messages: [new HumanMessage('hello')] }

describe('withLlmCanary', () => {
  it('adds llmCanary to an annotation and keeps its fields', () => {
    const State = withLlmCanary(MessagesAnnotation)
    expect(Object.keys(State.spec).sort()).toEqual(['llmCanary', 'messages'])
    expect(State.spec.messages).toBe(MessagesAnnotation.spec.messages)
  })

  it('keeps the first assignment when a later node writes another', async () => {
    const experiment = buildExperiment()
    const threadId = findUnitId(experiment, 'candidate')
    const router = createRouterNode({ experiment, hashKey: HASH_KEY })
    const graph = new StateGraph(withLlmCanary(MessagesAnnotation))
      .addNode('router', router)
      .addNode('overwrite', (state) => ({
        llmCanary: { ...state.llmCanary!, arm: 'control', model: CONTROL_MODEL },
      }))
      .addEdge(START, 'router')
      .addEdge('router', 'overwrite')
      .addEdge('overwrite', END)
      .compile()

    const result = await graph.invoke(ask, { configurable: { thread_id: threadId } })

    expect(result.llmCanary?.arm).toBe('candidate')
  })
})

describe('llmCanaryValue', () => {
  it('stores the session arm in a StateSchema graph and keeps it across invokes', async () => {
    const experiment = buildExperiment()
    const threadId = findUnitId(experiment, 'candidate')
    const State = new StateSchema({ messages: MessagesValue, llmCanary: llmCanaryValue })
    const checkpointer = new MemorySaver()
    const build = (weights: [number, number]) =>
      new StateGraph(State)
        .addNode(
          'router',
          createRouterNode({
            experiment: buildExperiment({
              arms: {
                control: { model: CONTROL_MODEL, weight: weights[0] },
                candidate: { model: 'openai:gpt-5', weight: weights[1] },
              },
            }),
            hashKey: HASH_KEY,
          }),
        )
        .addEdge(START, 'router')
        .addEdge('router', END)
        .compile({ checkpointer })

    const first = await build([50, 50]).invoke(ask, { configurable: { thread_id: threadId } })
    const second = await build([100, 0]).invoke(ask, { configurable: { thread_id: threadId } })

    expect(first.llmCanary?.arm).toBe('candidate')
    expect(second.llmCanary).toEqual(first.llmCanary)
  })
})
