import { createHmac } from 'node:crypto'
import { HumanMessage } from '@langchain/core/messages'
import type { RunnableConfig } from '@langchain/core/runnables'
import { Annotation, END, MemorySaver, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph'
import type { Experiment } from '@llm-canary/core'
import { createAssigner } from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import { createKillSwitch } from '../kill-switch/kill-switch.ts'
import type { KillSwitch } from '../kill-switch/kill-switch-types.ts'
import { createArmModels } from './arm-models.ts'
import { llmCanaryState } from './llm-canary-state.ts'
import { createRouterNode } from './router-node.ts'
import {
  answerOf,
  buildExperiment,
  CANDIDATE_MODEL,
  CONTROL_MODEL,
  failedCandidateCall,
  findUnitId,
  recordingFactory,
} from './routing.fixture.ts'
import type { UnitIdResolver } from './unit-id.ts'

const HASH_KEY = 'test-hash-key'

const State = Annotation.Root({
  ...MessagesAnnotation.spec,
  llmCanary: llmCanaryState,
  userId: Annotation<string | undefined>,
  served: Annotation<string[]>({ reducer: (all, more) => all.concat(more), default: () => [] }),
})
type GraphState = typeof State.State

function buildGraph(options: {
  readonly experiment: Experiment
  readonly checkpointer?: MemorySaver
  readonly unitId?: UnitIdResolver<GraphState>
  readonly killSwitch?: KillSwitch
}) {
  const { experiment } = options
  const models = createArmModels({ experiment, factory: recordingFactory().factory })
  const router = createRouterNode<GraphState>({
    experiment,
    hashKey: HASH_KEY,
    ...(options.unitId === undefined ? {} : { unitId: options.unitId }),
    ...(options.killSwitch === undefined ? {} : { killSwitch: options.killSwitch }),
  })
  const agent = async (state: GraphState, config: RunnableConfig) => {
    const reply = await models.modelFor(state, config).invoke(state.messages, config)
    return { served: [String(reply.content)] }
  }
  return new StateGraph(State)
    .addNode('router', router)
    .addNode('agent', agent)
    .addEdge(START, 'router')
    .addEdge('router', 'agent')
    .addEdge('agent', END)
    .compile(options.checkpointer === undefined ? {} : { checkpointer: options.checkpointer })
}

const ask = { messages: [new HumanMessage('hello')] }
const onThread = (threadId: string) => ({ configurable: { thread_id: threadId } })

describe('createRouterNode', () => {
  it('assigns the session to its hashed arm once and stores a keyed hash, never the raw id', async () => {
    const experiment = buildExperiment()
    for (const arm of ['control', 'candidate']) {
      const threadId = findUnitId(experiment, arm, { prefix: 'thread' })
      const result = await buildGraph({ experiment }).invoke(ask, onThread(threadId))
      const expected = createAssigner(experiment).assign(threadId)

      expect(result.llmCanary).toEqual({
        ...expected,
        unitHash: createHmac('sha256', HASH_KEY).update(threadId).digest('hex').slice(0, 32),
        killSwitch: false,
      })
      expect(JSON.stringify(result.llmCanary)).not.toContain(threadId)
      expect(result.served).toEqual([answerOf(expected.model)])
    }
  })

  it('keeps a checkpointed thread on its arm across invokes, even after the weights change', async () => {
    const experiment = buildExperiment()
    const threadId = findUnitId(experiment, 'candidate', { prefix: 'sticky' })
    const checkpointer = new MemorySaver()
    const first = await buildGraph({ experiment, checkpointer }).invoke(ask, onThread(threadId))

    const rolledBack = buildExperiment({
      arms: {
        control: { model: CONTROL_MODEL, weight: 100 },
        candidate: { model: CANDIDATE_MODEL, weight: 0 },
      },
    })
    expect(createAssigner(rolledBack).assign(threadId).arm).toBe('control')
    const second = await buildGraph({ experiment: rolledBack, checkpointer }).invoke(ask, onThread(threadId))

    expect(second.llmCanary).toEqual(first.llmCanary)
    expect(second.served).toEqual([answerOf(CANDIDATE_MODEL), answerOf(CANDIDATE_MODEL)])
  })

  it('hashes the id the unitId function returns, and falls back to the thread id when it returns undefined', async () => {
    const experiment = buildExperiment()
    const userId = findUnitId(experiment, 'candidate', { prefix: 'user' })
    const threadId = findUnitId(experiment, 'control', { prefix: 'thread' })
    const graph = buildGraph({ experiment, unitId: (state) => state.userId })

    const byUser = await graph.invoke({ ...ask, userId }, onThread(threadId))
    const byThread = await graph.invoke(ask, onThread(threadId))

    expect(byUser.llmCanary?.arm).toBe('candidate')
    expect(byUser.llmCanary?.unitHash).toBe(
      createHmac('sha256', HASH_KEY).update(userId).digest('hex').slice(0, 32),
    )
    expect(byThread.llmCanary?.arm).toBe('control')
  })

  it('throws UNIT_ID_MISSING when there is neither a unitId result nor a thread id', async () => {
    const graph = buildGraph({ experiment: buildExperiment(), unitId: () => undefined })
    await expect(graph.invoke(ask)).rejects.toMatchObject({
      name: 'CanaryError',
      code: 'UNIT_ID_MISSING',
      message: expect.stringContaining('thread_id'),
    })
  })

  it('throws UNIT_ID_INVALID when the unitId function returns an empty string', async () => {
    const graph = buildGraph({ experiment: buildExperiment(), unitId: () => '' })
    await expect(graph.invoke(ask, onThread('t'))).rejects.toMatchObject({ code: 'UNIT_ID_INVALID' })
  })

  it('refuses an empty hash key at build time', () => {
    expect(() => createRouterNode({ experiment: buildExperiment(), hashKey: '' })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    )
    expect(() => createRouterNode({ experiment: buildExperiment(), hashKey: new Uint8Array() })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    )
  })

  it('sends new sessions to control with killSwitch: true once the switch trips; assigned sessions keep their arm', async () => {
    const experiment = buildExperiment()
    const killSwitch = createKillSwitch({ windowCalls: 10, windowMs: 60_000, minCalls: 2, maxErrorRate: 0.5 })
    const checkpointer = new MemorySaver()
    const graph = buildGraph({ experiment, checkpointer, killSwitch })
    const early = findUnitId(experiment, 'candidate', { prefix: 'early' })
    const late = findUnitId(experiment, 'candidate', { prefix: 'late' })
    await graph.invoke(ask, onThread(early))

    const failure = failedCandidateCall(experiment)
    killSwitch.observe(failure)
    killSwitch.observe(failure)
    expect(killSwitch.isTripped()).toBe(true)

    const lateResult = await graph.invoke(ask, onThread(late))
    const earlyResult = await graph.invoke(ask, onThread(early))

    expect(lateResult.llmCanary).toMatchObject({ arm: 'control', model: CONTROL_MODEL, killSwitch: true })
    expect(lateResult.served).toEqual([answerOf(CONTROL_MODEL)])
    expect(earlyResult.llmCanary).toMatchObject({ arm: 'candidate', killSwitch: false })
    expect(earlyResult.served.at(-1)).toBe(answerOf(CANDIDATE_MODEL))
  })

  it('returns no update when the state already holds an assignment of this experiment', () => {
    const experiment = buildExperiment()
    const router = createRouterNode({ experiment, hashKey: HASH_KEY })
    const assigned = router({}, onThread('a'))
    expect(assigned.llmCanary?.experiment).toBe(experiment.id)
    expect(router({ llmCanary: assigned.llmCanary }, onThread('b'))).toEqual({})
  })

  it('assigns again when the stored assignment belongs to another experiment', () => {
    const router = createRouterNode({ experiment: buildExperiment(), hashKey: HASH_KEY })
    const other = createRouterNode({
      experiment: buildExperiment({ experiment: 'other-test' }),
      hashKey: HASH_KEY,
    })
    const stale = other({}, onThread('a')).llmCanary
    expect(router({ llmCanary: stale }, onThread('a')).llmCanary?.experiment).toBe('routing-test')
  })
})
