import { describe, expect, it } from 'vitest'
import { createModelCache } from './model-cache.ts'
import { RecordingChatModel } from './routing.fixture.ts'

const gpt5 = { id: 'openai:gpt-5', provider: 'openai', name: 'gpt-5' }
const claude = { id: 'anthropic:claude-4-opus', provider: 'anthropic', name: 'claude-4-opus' }

describe('createModelCache', () => {
  it('builds each model id once', () => {
    const built: string[] = []
    const modelOf = createModelCache((model) => {
      built.push(model.id)
      return new RecordingChatModel(model.id)
    })
    const first = modelOf(gpt5)
    expect(modelOf({ ...gpt5 })).toBe(first)
    expect(modelOf(claude)).not.toBe(first)
    expect(built).toEqual([gpt5.id, claude.id])
  })

  it('reports a factory that throws with the model id and the cause, and retries next time', () => {
    let fail = true
    const modelOf = createModelCache((model) => {
      if (fail) throw new Error('no API key')
      return new RecordingChatModel(model.id)
    })
    expect(() => modelOf(gpt5)).toThrow(
      expect.objectContaining({
        code: 'MODEL_FACTORY_FAILED',
        message: expect.stringContaining('"openai:gpt-5"'),
        cause: expect.objectContaining({ message: 'no API key' }),
      }),
    )
    fail = false
    expect(modelOf(gpt5)).toBeInstanceOf(RecordingChatModel)
  })
})
