import { BaseChatModel } from '@langchain/core/language_models/chat_models'
import { HumanMessage } from '@langchain/core/messages'
import type { ModelRef } from '@llm-canary/core'
import { ConfigurableModel, MODEL_PROVIDER_CONFIG } from 'langchain/chat_models/universal'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defaultModelFactory, LazyChatModel } from './lazy-chat-model.ts'

const FAKE_PROVIDER = 'llm-canary-fake'
const providers = MODEL_PROVIDER_CONFIG as Record<string, { package: string; className: string }>
const fakeModel: ModelRef = { id: `${FAKE_PROVIDER}:echo`, provider: FAKE_PROVIDER, name: 'echo' }

/** Registers LangChain's echo model as a provider, so the lazy model can load something real. */
function registerFakeProvider(): void {
  providers[FAKE_PROVIDER] = { package: '@langchain/core/utils/testing', className: 'FakeChatModel' }
}

afterEach(() => {
  delete providers[FAKE_PROVIDER]
})

describe('LazyChatModel', () => {
  it('is a chat model that imports nothing until it is called', async () => {
    // @langchain/anthropic is not installed here: the first call fails naming it, the construction did not.
    const model = defaultModelFactory({ id: 'anthropic:claude-4', provider: 'anthropic', name: 'claude-4' })
    expect(model).toBeInstanceOf(BaseChatModel)
    expect(model).toBeInstanceOf(LazyChatModel)
    await expect(model.invoke([new HumanMessage('hi')])).rejects.toThrow(/@langchain\/anthropic/)
  })

  it('loads one provider model for every call config, and answers through it', async () => {
    registerFakeProvider()
    const model = new LazyChatModel(fakeModel)
    const first = await model._getModelInstance({ runId: 'a', metadata: { langgraph_step: 1 } })
    const second = await model._getModelInstance({ runId: 'b', configurable: { model: 'something-else' } })
    const reply = await model.invoke([new HumanMessage('ping')], { runId: crypto.randomUUID() })

    expect(second).toBe(first)
    expect(first.constructor.name).toBe('FakeChatModel')
    expect(reply.content).toBe('ping')
  })

  it('stays lazy and single-instance through bindTools, withStructuredOutput and withConfig', async () => {
    registerFakeProvider()
    const model = new LazyChatModel(fakeModel)
    const bound = model.bindTools([
      { type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } },
    ])
    const structured = model.withStructuredOutput({ type: 'object', properties: {} })
    const configured = model.withConfig({ tags: ['x'] })

    expect(bound).toBeInstanceOf(LazyChatModel)
    expect((bound as LazyChatModel).modelRef).toEqual(fakeModel)
    expect(structured).toBeInstanceOf(LazyChatModel)
    expect(configured.bound).toBe(model)
    expect((await configured.invoke([new HumanMessage('pong')])).content).toBe('pong')
  })

  it('derives bound models from the one provider model instead of loading another', async () => {
    providers[FAKE_PROVIDER] = {
      package: '@langchain/core/utils/testing',
      className: 'FakeStreamingChatModel',
    }
    const load = vi.spyOn(ConfigurableModel.prototype, '_getModelInstance')
    const root = new LazyChatModel(fakeModel)
    const schema = { type: 'object', properties: {} }
    const first = root.bindTools([{ name: 'first', schema }])
    const second = root.bindTools([{ name: 'second', schema }])

    const [firstModel, secondModel, again] = await Promise.all([
      first._getModelInstance(),
      second._getModelInstance(),
      first._getModelInstance(),
    ])

    expect(new Set(load.mock.contexts)).toEqual(new Set([root]))
    expect(again).toBe(firstModel)
    // FakeStreamingChatModel.bindTools returns a binding around a copy that holds the tools.
    const toolNames = (model: unknown) =>
      (model as { bound: { tools: { name: string }[] } }).bound.tools.map((tool) => tool.name)
    expect(toolNames(firstModel)).toEqual(['first'])
    expect(toolNames(secondModel)).toEqual(['second'])
    load.mockRestore()
  })

  it('retries a load that failed, rather than keeping the failure', async () => {
    const model = new LazyChatModel(fakeModel).bindTools([])
    await expect(model.invoke([new HumanMessage('hi')])).rejects.toThrow(/llm-canary-fake/)
    registerFakeProvider()
    await expect(model._getModelInstance()).resolves.toBeDefined()
  })
})
