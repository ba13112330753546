import { HumanMessage } from '@langchain/core/messages'
import type { RunnableConfig } from '@langchain/core/runnables'
import { Annotation, END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph'
import type { Experiment } from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import { createKillSwitch } from '../kill-switch/kill-switch.ts'
import type { ArmModels } from './arm-models.ts'
import { createArmModels } from './arm-models.ts'
import { defaultModelFactory, LazyChatModel } from './lazy-chat-model.ts'
import { llmCanaryState } from './llm-canary-state.ts'
import { createRouterNode } from './router-node.ts'
import type { RecordingChatModel } from './routing.fixture.ts'
import {
  answerOf,
  buildExperiment,
  CANDIDATE_MODEL,
  CONTROL_MODEL,
  findUnitId,
  recordingFactory,
} from './routing.fixture.ts'
import { sendWithArm } from './send-with-arm.ts'

const HASH_KEY = 'test-hash-key'
// A union: subgraphs return their whole state, so a node's entry comes back more than once.
const collect = () =>
  Annotation<string[]>({ reducer: (all, more) => [...new Set([...all, ...more])], default: () => [] })
const ask = { messages: [new HumanMessage('hello')] }
const onThread = (threadId: string) => ({ configurable: { thread_id: threadId } })

/** A node that records `node:answer` with the model `modelFor` picks. */
function answeringNode(models: ArmModels, name: string) {
  return async (state: object & { messages: HumanMessage[]; topic?: string }, config: RunnableConfig) => {
    const reply = await models.modelFor(state, config).invoke(state.messages, config)
    const label = state.topic === undefined ? name : `${name}-${state.topic}`
    const source = models.selectFor(state, config).fromState ? 'state' : 'recomputed'
    return { served: [`${label}:${String(reply.content)} (${source})`] }
  }
}

/**
 * router → planner → (Send × 3 to `worker`) and `research` (a subgraph that declares llmCanary) and
 * `legacy` (a subgraph that does not: its node falls back to the thread id).
 */
function buildFanOutGraph(experiment: Experiment, models: ArmModels) {
  const State = Annotation.Root({
    ...MessagesAnnotation.spec,
    llmCanary: llmCanaryState,
    served: collect(),
  })
  const WorkerState = Annotation.Root({ ...State.spec, topic: Annotation<string> })
  const ResearchState = Annotation.Root({
    ...MessagesAnnotation.spec,
    llmCanary: llmCanaryState,
    served: collect(),
  })
  const LegacyState = Annotation.Root({ ...MessagesAnnotation.spec, served: collect() })

  const research = new StateGraph(ResearchState)
    .addNode('researcher', answeringNode(models, 'researcher'))
    .addEdge(START, 'researcher')
    .addEdge('researcher', END)
    .compile()
  const legacy = new StateGraph(LegacyState)
    .addNode('archivist', answeringNode(models, 'archivist'))
    .addEdge(START, 'archivist')
    .addEdge('archivist', END)
    .compile()

  return new StateGraph(WorkerState)
    .addNode('router', createRouterNode({ experiment, hashKey: HASH_KEY }))
    .addNode('planner', answeringNode(models, 'planner'))
    .addNode('worker', answeringNode(models, 'worker'))
    .addNode('research', research)
    .addNode('legacy', legacy)
    .addEdge(START, 'router')
    .addEdge('router', 'planner')
    .addConditionalEdges('planner', (state) =>
      ['a', 'b', 'c'].map((topic) => sendWithArm('worker', { messages: state.messages, topic }, state)),
    )
    .addEdge('planner', 'research')
    .addEdge('planner', 'legacy')
    .addEdge('worker', END)
    .addEdge('research', END)
    .addEdge('legacy', END)
    .compile()
}

describe('createArmModels', () => {
  it('gives every node, Send branch and subgraph of a session the same arm model', async () => {
    const experiment = buildExperiment()
    for (const arm of ['control', 'candidate']) {
      const recorder = recordingFactory()
      const models = createArmModels({ experiment, factory: recorder.factory })
      const threadId = findUnitId(experiment, arm, { prefix: 'fan' })
      const result = await buildFanOutGraph(experiment, models).invoke(ask, onThread(threadId))
      const model = arm === 'control' ? CONTROL_MODEL : CANDIDATE_MODEL

      expect([...result.served].sort()).toEqual([
        `archivist:${answerOf(model)} (recomputed)`,
        ...['planner', 'researcher', 'worker-a', 'worker-b', 'worker-c'].map(
          (node) => `${node}:${answerOf(model)} (state)`,
        ),
      ])
      expect(recorder.calls.map((ref) => ref.id)).toEqual([model])
    }
  })

  it('hands Send branches the session arm even when the thread id would hash elsewhere', async () => {
    const experiment = buildExperiment()
    const models = createArmModels({ experiment, factory: recordingFactory().factory })
    const planner = findUnitId(experiment, 'candidate')
    const stored = createRouterNode({ experiment, hashKey: HASH_KEY })({}, onThread(planner)).llmCanary
    const send = sendWithArm('worker', { topic: 'a' }, { llmCanary: stored, messages: [] })
    const elsewhere = findUnitId(experiment, 'control')

    expect(send.args).toEqual({ topic: 'a', llmCanary: stored })
    expect(models.selectFor(send.args as object, onThread(elsewhere), 'worker')).toMatchObject({
      assignedArm: 'candidate',
      servedArm: 'candidate',
      fromState: true,
    })
    expect(sendWithArm('worker', { topic: 'a' }, { messages: [] }).args).toEqual({ topic: 'a' })
  })

  it('serves control to agents outside the experiment scope', async () => {
    const experiment = buildExperiment({ scope: { agents: ['extractor'] } })
    const models = createArmModels({ experiment, factory: recordingFactory().factory })
    const State = Annotation.Root({
      ...MessagesAnnotation.spec,
      llmCanary: llmCanaryState,
      served: collect(),
    })
    const graph = new StateGraph(State)
      .addNode('router', createRouterNode({ experiment, hashKey: HASH_KEY }))
      .addNode('extractor', answeringNode(models, 'extractor'))
      .addNode('summarizer', answeringNode(models, 'summarizer'))
      .addEdge(START, 'router')
      .addEdge('router', 'extractor')
      .addEdge('extractor', 'summarizer')
      .addEdge('summarizer', END)
      .compile()

    const result = await graph.invoke(ask, onThread(findUnitId(experiment, 'candidate')))

    expect(result.llmCanary?.arm).toBe('candidate')
    expect(result.served).toEqual([
      `extractor:${answerOf(CANDIDATE_MODEL)} (state)`,
      `summarizer:${answerOf(CONTROL_MODEL)} (state)`,
    ])
  })

  it('reads the node from LangGraph’s current config when the node passes none', async () => {
    const experiment = buildExperiment({ scope: { agents: ['extractor'] } })
    const models = createArmModels({ experiment, factory: recordingFactory().factory })
    const State = Annotation.Root({
      ...MessagesAnnotation.spec,
      llmCanary: llmCanaryState,
      served: collect(),
    })
    const graph = new StateGraph(State)
      .addNode('router', createRouterNode({ experiment, hashKey: HASH_KEY }))
      .addNode('extractor', (state: typeof State.State) => ({
        served: [(models.modelFor(state) as RecordingChatModel).modelId],
      }))
      .addEdge(START, 'router')
      .addEdge('router', 'extractor')
      .addEdge('extractor', END)
      .compile()

    const result = await graph.invoke(ask, onThread(findUnitId(experiment, 'candidate')))

    expect(result.served).toEqual([CANDIDATE_MODEL])
  })

  it('refuses to guess the agent of a scoped experiment', () => {
    const experiment = buildExperiment({ scope: { agents: ['extractor'] } })
    const models = createArmModels({ experiment, factory: recordingFactory().factory })
    const state = {
      llmCanary: createRouterNode({ experiment, hashKey: HASH_KEY })({}, onThread('x')).llmCanary,
    }
    expect(() => models.modelFor(state, {})).toThrow(expect.objectContaining({ code: 'AGENT_UNKNOWN' }))
    expect(models.selectFor(state, {}, 'summarizer')).toMatchObject({ servedArm: 'control', inScope: false })
  })

  it('recomputes the arm from the thread id when state lacks it, and follows the kill switch then', () => {
    const experiment = buildExperiment()
    const killSwitch = createKillSwitch({ windowCalls: 5, windowMs: 1000, minCalls: 1, maxErrorRate: 0.5 })
    const models = createArmModels({ experiment, factory: recordingFactory().factory, killSwitch })
    const threadId = findUnitId(experiment, 'candidate')

    expect(models.selectFor({}, onThread(threadId), 'agent')).toMatchObject({
      assignedArm: 'candidate',
      fromState: false,
    })
    killSwitch.observe({
      experiment: experiment.id,
      arm: 'candidate',
      servedArm: 'candidate',
      model: CANDIDATE_MODEL,
      latencyMs: 5,
      error: true,
      shadow: false,
    })
    expect(models.selectFor({}, onThread(threadId), 'agent')).toMatchObject({ assignedArm: 'control' })
    expect(() => models.selectFor({}, {}, 'agent')).toThrow(
      expect.objectContaining({ code: 'UNIT_ID_MISSING' }),
    )
  })

  it('serves control to a session whose arm the experiment no longer has', () => {
    const withTwo = buildExperiment({
      arms: {
        control: { model: CONTROL_MODEL, weight: 40 },
        candidate: { model: CANDIDATE_MODEL, weight: 30 },
        claude: { model: 'anthropic:claude-4-opus', weight: 30 },
      },
    })
    const threadId = findUnitId(withTwo, 'claude')
    const stored = createRouterNode({ experiment: withTwo, hashKey: HASH_KEY })(
      {},
      onThread(threadId),
    ).llmCanary
    const models = createArmModels({ experiment: buildExperiment(), factory: recordingFactory().factory })

    expect(models.selectFor({ llmCanary: stored }, {}, 'agent')).toMatchObject({
      assignedArm: 'claude',
      servedArm: 'control',
      model: { id: CONTROL_MODEL },
    })
  })

  it('builds each model once, and reports a factory that throws', () => {
    const experiment = buildExperiment()
    const recorder = recordingFactory()
    const models = createArmModels({ experiment, factory: recorder.factory })
    expect(models.modelForArm('candidate')).toBe(models.modelForArm('candidate'))
    expect(models.modelForArm('nope')).toBeUndefined()
    expect(recorder.calls).toHaveLength(1)

    const broken = createArmModels({
      experiment,
      factory: () => {
        throw new Error('no API key')
      },
    })
    expect(() => broken.modelForArm('control')).toThrow(
      expect.objectContaining({
        code: 'MODEL_FACTORY_FAILED',
        message: expect.stringContaining('no API key'),
      }),
    )
  })

  it("runs the factory's checkModels at set-up: defaultModelFactory rejects providers initChatModel does not know", () => {
    const models = createArmModels({ experiment: buildExperiment(), factory: defaultModelFactory })
    expect(models.modelForArm('candidate')).toBeInstanceOf(LazyChatModel)

    const unknown = buildExperiment({
      arms: {
        control: { model: CONTROL_MODEL, weight: 50 },
        candidate: { model: 'acme:rocket-1', weight: 50 },
      },
    })
    expect(() => createArmModels({ experiment: unknown, factory: defaultModelFactory })).toThrow(
      expect.objectContaining({
        code: 'MODEL_PROVIDER_UNSUPPORTED',
        message: expect.stringContaining('acme:rocket-1'),
      }),
    )
  })

  it('refuses to start without a factory, naming the two ways to give one', () => {
    const options = { experiment: buildExperiment() } as unknown as Parameters<typeof createArmModels>[0]
    expect(() => createArmModels(options)).toThrow(
      expect.objectContaining({
        code: 'INVALID_OPTION',
        message: expect.stringMatching(/options\.factory.*@llm-canary\/langgraph\/init-chat-model/),
      }),
    )
  })
})
