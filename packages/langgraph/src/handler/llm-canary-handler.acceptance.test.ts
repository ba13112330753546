import { Document } from '@langchain/core/documents'
import { FakeListChatModel, FakeRetriever } from '@langchain/core/utils/testing'
import { Annotation, END, Send, START, StateGraph } from '@langchain/langgraph'
import {
  ATTR_CITATIONS,
  ATTR_FEATURE_FLAG_KEY,
  ATTR_FEATURE_FLAG_VARIANT,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_RUN_CALLS,
  ATTR_SERVED_ARM,
} from '@llm-canary/core'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { describe, expect, it } from 'vitest'
import type { UnitArm } from '../types.ts'
import { createTestTracing, findUnitOnArm, makeExperiment, makeUnitArm } from './handler.fixture.ts'
import { LlmCanaryHandler } from './llm-canary-handler.ts'

const FAN_OUT = 3

const State = Annotation.Root({
  unit: Annotation<string>,
  llmCanary: Annotation<UnitArm>,
  topic: Annotation<string>,
  notes: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
  draft: Annotation<string>,
})

/**
 * The acceptance graph: router (session into state) → planner (LLM) → researcher × 3 via `Send`
 * (retriever + LLM each) → drafting, a subgraph node (outline → write, one LLM call each).
 */
function buildAcceptanceGraph(experiment: ReturnType<typeof makeExperiment>) {
  const model = new FakeListChatModel({ responses: ['plan', 'note', 'outline', 'text'] })
  const retriever = new FakeRetriever({
    output: [
      new Document({ pageContent: 'a', metadata: { source: 'https://docs.example.com/a', score: 0.9 } }),
      new Document({ pageContent: 'b', metadata: { source: 'DOC-2' } }),
    ],
  })
  const drafting = new StateGraph(State)
    .addNode('outline', async () => ({ draft: String((await model.invoke('outline')).content) }))
    .addNode('write', async (state) => ({
      draft: String((await model.invoke(`write ${state.draft}`)).content),
    }))
    .addEdge(START, 'outline')
    .addEdge('outline', 'write')
    .addEdge('write', END)
    .compile()
  return new StateGraph(State)
    .addNode('router', (state) => ({ llmCanary: makeUnitArm(experiment, state.unit) }))
    .addNode('planner', async () => ({ topic: String((await model.invoke('plan')).content) }))
    .addNode('researcher', async (state) => {
      await retriever.invoke(state.topic)
      return { notes: [String((await model.invoke(`research ${state.topic}`)).content)] }
    })
    .addNode('drafting', drafting)
    .addEdge(START, 'router')
    .addEdge('router', 'planner')
    .addConditionalEdges('planner', (state) =>
      Array.from({ length: FAN_OUT }, () => new Send('researcher', { ...state, notes: [] })),
    )
    .addEdge('researcher', 'drafting')
    .addEdge('drafting', END)
    .compile({ name: 'report' })
}

function byTrace(spans: readonly ReadableSpan[]): Map<string, ReadableSpan[]> {
  const traces = new Map<string, ReadableSpan[]>()
  for (const span of spans) {
    const id = span.spanContext().traceId
    traces.set(id, [...(traces.get(id) ?? []), span])
  }
  return traces
}

describe('LlmCanaryHandler acceptance: subgraph and Send fan-out, several sessions', () => {
  it('gives every LLM span of a session the same arm and the right parent', async () => {
    const experiment = makeExperiment()
    const units = [
      findUnitOnArm(experiment, 'control', false),
      findUnitOnArm(experiment, 'candidate'),
      findUnitOnArm(experiment, 'control', true),
      'session-x',
      'session-y',
      'session-z',
    ]
    const sessions = new Map(units.map((unit) => [makeUnitArm(experiment, unit).unitHash, unit]))
    const tracing = createTestTracing()
    const handler = new LlmCanaryHandler({
      experiment,
      hashKey: 'k',
      tracer: tracing.provider.getTracer('t'),
      recordRetrievalDocuments: true,
    })
    const graph = buildAcceptanceGraph(experiment)

    await Promise.all(units.map((unit) => graph.invoke({ unit }, { callbacks: [handler] })))

    const traces = byTrace(tracing.spans())
    expect(traces.size).toBe(units.length)
    const armsSeen = new Set<string>()
    for (const spans of traces.values()) {
      const find = (id: string | undefined) => spans.find((span) => span.spanContext().spanId === id)
      const parentName = (span: ReadableSpan) => find(span.parentSpanContext?.spanId)?.name
      const workflows = spans.filter((span) => span.name === 'invoke_workflow report')
      expect(workflows).toHaveLength(1)
      const workflow = workflows[0]!
      const unitHash = String(workflow.attributes[ATTR_GEN_AI_CONVERSATION_ID])
      const unit = sessions.get(unitHash)
      expect(unit).toBeDefined()
      const arm = makeUnitArm(experiment, unit!).arm
      armsSeen.add(arm)

      for (const span of spans) {
        expect(span.attributes[ATTR_FEATURE_FLAG_KEY]).toBe(experiment.id)
        expect(span.attributes[ATTR_FEATURE_FLAG_VARIANT]).toBe(arm)
        expect(span.attributes[ATTR_GEN_AI_CONVERSATION_ID]).toBe(unitHash)
      }
      const chats = spans.filter((span) => span.attributes[ATTR_GEN_AI_OPERATION_NAME] === 'chat')
      expect(chats).toHaveLength(1 + FAN_OUT + 2)
      expect(workflow.attributes[ATTR_RUN_CALLS]).toBe(1 + FAN_OUT + 2)
      for (const chat of chats) {
        expect(chat.attributes[ATTR_SERVED_ARM]).toBe(arm)
        expect(parentName(chat)).toBe(`invoke_agent ${chat.attributes[ATTR_GEN_AI_AGENT_NAME]}`)
      }

      const researchers = spans.filter((span) => span.name === 'invoke_agent researcher')
      expect(researchers).toHaveLength(FAN_OUT)
      for (const researcher of researchers) {
        expect(parentName(researcher)).toBe('invoke_workflow report')
        const children = spans.filter(
          (span) => span.parentSpanContext?.spanId === researcher.spanContext().spanId,
        )
        expect(children.map((span) => span.name).sort()).toEqual(['chat', 'retrieval FakeRetriever'])
        const chat = children.find((span) => span.name === 'chat')!
        expect(chat.attributes[ATTR_CITATIONS]).toEqual(['https://docs.example.com/a', 'doc-2'])
      }
      const retrieval = spans.find((span) => span.name === 'retrieval FakeRetriever')!
      expect(retrieval.attributes[ATTR_GEN_AI_DATA_SOURCE_ID]).toBe('FakeRetriever')
      expect(JSON.parse(String(retrieval.attributes[ATTR_GEN_AI_RETRIEVAL_DOCUMENTS]))).toEqual([
        { id: 'https://docs.example.com/a', score: 0.9 },
        { id: 'doc-2' },
      ])

      const drafting = spans.filter((span) => span.name === 'invoke_agent drafting')
      expect(drafting).toHaveLength(1)
      expect(parentName(drafting[0]!)).toBe('invoke_workflow report')
      for (const inner of ['invoke_agent outline', 'invoke_agent write']) {
        const node = spans.filter((span) => span.name === inner)
        expect(node).toHaveLength(1)
        expect(parentName(node[0]!)).toBe('invoke_agent drafting')
      }
      expect(parentName(spans.find((span) => span.name === 'invoke_agent planner')!)).toBe(
        'invoke_workflow report',
      )
    }
    expect(armsSeen).toEqual(new Set(['control', 'candidate']))
    expect(handler.openRunCount()).toBe(0)
  })
})
