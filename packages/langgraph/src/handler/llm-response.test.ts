import { AIMessage } from '@langchain/core/messages'
import { describe, expect, it } from 'vitest'
import { readLlmResponse } from './llm-response.ts'

function withUsage(usage: Record<string, unknown>, responseMetadata: Record<string, unknown> = {}) {
  const message = new AIMessage('answer')
  Object.assign(message, { usage_metadata: usage })
  Object.assign(message.response_metadata, responseMetadata)
  return { generations: [[{ text: 'answer', message }]] }
}

describe('readLlmResponse', () => {
  it('reads usage with cache and reasoning details from usage_metadata', () => {
    const result = readLlmResponse(
      withUsage({
        input_tokens: 1200,
        output_tokens: 300,
        total_tokens: 1500,
        input_token_details: { cache_read: 1000, cache_creation: 100 },
        output_token_details: { reasoning: 50 },
      }),
    )
    expect(result.usage).toEqual({
      inputTokens: 1200,
      outputTokens: 300,
      cacheReadTokens: 1000,
      cacheWriteTokens: 100,
      reasoningTokens: 50,
    })
    expect(result.text).toBe('answer')
  })

  it('falls back to llmOutput.tokenUsage, and leaves unknown counts undefined', () => {
    const result = readLlmResponse({
      generations: [[{ text: 'x' }]],
      llmOutput: { tokenUsage: { promptTokens: 10, completionTokens: 2 } },
    })
    expect(result.usage).toEqual({ inputTokens: 10, outputTokens: 2 })
    expect(readLlmResponse({ generations: [[{ text: 'x' }]], llmOutput: {} }).usage).toEqual({})
  })

  it('never reads an invalid count as a number', () => {
    const result = readLlmResponse(withUsage({ input_tokens: -1, output_tokens: 2.5, total_tokens: 'x' }))
    expect(result.usage.inputTokens).toBeUndefined()
    expect(result.usage.outputTokens).toBeUndefined()
  })

  it('reads the response model and finish reasons from response metadata or generation info', () => {
    const result = readLlmResponse(
      withUsage({ input_tokens: 1, output_tokens: 1 }, { model_name: 'gpt-5-2025', finish_reason: 'length' }),
    )
    expect(result.responseModel).toBe('gpt-5-2025')
    expect(result.finishReasons).toEqual(['length'])
    const anthropic = readLlmResponse(withUsage({}, { model: 'claude-4', stop_reason: 'end_turn' }))
    expect(anthropic.responseModel).toBe('claude-4')
    expect(anthropic.finishReasons).toEqual(['end_turn'])
    const info = readLlmResponse({
      generations: [[{ text: 'a', generationInfo: { finish_reason: 'stop' } }]],
    })
    expect(info.finishReasons).toEqual(['stop'])
  })

  it('survives malformed results', () => {
    for (const output of [undefined, null, 42, { generations: 'x' }, { generations: [[null]] }]) {
      expect(readLlmResponse(output)).toMatchObject({ usage: {}, finishReasons: [], text: '' })
    }
  })
})
