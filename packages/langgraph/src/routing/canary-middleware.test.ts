import { HumanMessage } from '@langchain/core/messages'
import { tool } from '@langchain/core/tools'
import { MemorySaver } from '@langchain/langgraph'
import type { Experiment } from '@llm-canary/core'
import { createAssigner } from '@llm-canary/core'
import { createAgent } from 'langchain'
import { describe, expect, it } from 'vitest'
import { createKillSwitch } from '../kill-switch/kill-switch.ts'
import type { KillSwitch } from '../kill-switch/kill-switch-types.ts'
import type { MiddlewareUnitIdResolver } from './canary-middleware.ts'
import { llmCanaryMiddleware } from './canary-middleware.ts'
import type { RecordingFactory } from './routing.fixture.ts'
import {
  answerOf,
  buildExperiment,
  CANDIDATE_MODEL,
  CONTROL_MODEL,
  findUnitId,
  RecordingChatModel,
  recordingFactory,
} from './routing.fixture.ts'

const HASH_KEY = 'test-hash-key'
const ask = { messages: [new HumanMessage('hello')] }
const onThread = (threadId: string) => ({ configurable: { thread_id: threadId } })

const lookup = tool(() => 'found', {
  name: 'lookup',
  description: 'Looks a thing up.',
  schema: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
})

function buildAgent(options: {
  readonly experiment: Experiment
  readonly recorder: RecordingFactory
  readonly checkpointer?: MemorySaver
  readonly killSwitch?: KillSwitch
  readonly unitId?: MiddlewareUnitIdResolver
  readonly name?: string
}) {
  const middleware = llmCanaryMiddleware({
    experiment: options.experiment,
    hashKey: HASH_KEY,
    factory: options.recorder.factory,
    ...(options.killSwitch === undefined ? {} : { killSwitch: options.killSwitch }),
    ...(options.unitId === undefined ? {} : { unitId: options.unitId }),
  })
  return createAgent({
    model: new RecordingChatModel('the-model-in-code'),
    tools: [lookup],
    middleware: [middleware],
    ...(options.checkpointer === undefined ? {} : { checkpointer: options.checkpointer }),
    ...(options.name === undefined ? {} : { name: options.name }),
  })
}

const lastText = (messages: readonly { content: unknown }[]) => String(messages.at(-1)?.content)

describe('llmCanaryMiddleware with createAgent', () => {
  it('stores the session arm in agent state and answers with that arm’s model, tools bound', async () => {
    const experiment = buildExperiment()
    for (const arm of ['control', 'candidate']) {
      const recorder = recordingFactory()
      const threadId = findUnitId(experiment, arm, { prefix: 'agent' })
      const result = await buildAgent({ experiment, recorder }).invoke(ask, onThread(threadId))
      const model = arm === 'control' ? CONTROL_MODEL : CANDIDATE_MODEL

      expect(result.llmCanary).toMatchObject({
        ...createAssigner(experiment).assign(threadId),
        killSwitch: false,
      })
      expect(lastText(result.messages)).toBe(answerOf(model))
      const served = recorder.built.get(model)
      expect(
        served?.boundTools.map((tools) => tools.map((bound) => (bound as { name: string }).name)),
      ).toEqual([['lookup']])
      expect(served?.prompts.at(-1)?.map((message) => message.content)).toEqual(['hello'])
    }
  })

  it('keeps a checkpointed thread on its arm after the weights change', async () => {
    const experiment = buildExperiment()
    const threadId = findUnitId(experiment, 'candidate', { prefix: 'sticky' })
    const checkpointer = new MemorySaver()
    const first = await buildAgent({ experiment, recorder: recordingFactory(), checkpointer }).invoke(
      ask,
      onThread(threadId),
    )
    const rolledBack = buildExperiment({
      arms: {
        control: { model: CONTROL_MODEL, weight: 100 },
        candidate: { model: CANDIDATE_MODEL, weight: 0 },
      },
    })
    const second = await buildAgent({
      experiment: rolledBack,
      recorder: recordingFactory(),
      checkpointer,
    }).invoke(ask, onThread(threadId))

    expect(second.llmCanary).toEqual(first.llmCanary)
    expect(lastText(second.messages)).toBe(answerOf(CANDIDATE_MODEL))
  })

  it('hashes the id its unitId function picks from the runtime context', async () => {
    const experiment = buildExperiment()
    const userId = findUnitId(experiment, 'candidate', { prefix: 'user' })
    const agent = buildAgent({
      experiment,
      recorder: recordingFactory(),
      unitId: (_state, runtime) => (runtime.configurable?.user_id as string | undefined) ?? undefined,
    })
    const result = await agent.invoke(ask, { configurable: { thread_id: 'ignored', user_id: userId } })
    expect(result.llmCanary?.arm).toBe('candidate')
  })

  it('serves control when the createAgent name is outside the experiment scope', async () => {
    const experiment = buildExperiment({ scope: { agents: ['extractor'] } })
    const threadId = findUnitId(experiment, 'candidate', { prefix: 'scoped' })
    const inScope = await buildAgent({ experiment, recorder: recordingFactory(), name: 'extractor' }).invoke(
      ask,
      onThread(threadId),
    )
    const outOfScope = await buildAgent({
      experiment,
      recorder: recordingFactory(),
      name: 'summarizer',
    }).invoke(ask, onThread(threadId))

    expect(lastText(inScope.messages)).toBe(answerOf(CANDIDATE_MODEL))
    expect(lastText(outOfScope.messages)).toBe(answerOf(CONTROL_MODEL))
  })

  it('sends new sessions to control while the kill switch is tripped', async () => {
    const experiment = buildExperiment()
    const killSwitch = createKillSwitch({
      windowCalls: 5,
      windowMs: 60_000,
      minCalls: 1,
      maxLatencyP95Ms: 100,
    })
    const agent = buildAgent({ experiment, recorder: recordingFactory(), killSwitch })
    killSwitch.observe({
      experiment: experiment.id,
      arm: 'candidate',
      servedArm: 'candidate',
      model: CANDIDATE_MODEL,
      latencyMs: 500,
      error: false,
      shadow: false,
    })
    const result = await agent.invoke(
      ask,
      onThread(findUnitId(experiment, 'candidate', { prefix: 'tripped' })),
    )

    expect(result.llmCanary).toMatchObject({ arm: 'control', killSwitch: true })
    expect(lastText(result.messages)).toBe(answerOf(CONTROL_MODEL))
  })

  it('fails the run with UNIT_ID_MISSING when there is no thread id', async () => {
    const agent = buildAgent({ experiment: buildExperiment(), recorder: recordingFactory() })
    await expect(agent.invoke(ask)).rejects.toMatchObject({ code: 'UNIT_ID_MISSING' })
  })
})
