import { AIMessage, ChatMessage, HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages'
import { describe, expect, it } from 'vitest'
import { roleOf, textOfContent, toOtelMessages } from './message-content.ts'

describe('roleOf', () => {
  it.each([
    ['human', new HumanMessage('x'), 'user'],
    ['ai', new AIMessage('x'), 'assistant'],
    ['system', new SystemMessage('x'), 'system'],
    ['tool', new ToolMessage({ content: 'x', tool_call_id: 't' }), 'tool'],
    ['generic', new ChatMessage('x', 'critic'), 'critic'],
    ['plain object', { type: 'ai', content: 'x' }, 'assistant'],
    ['unknown', 42, 'user'],
  ])('%s', (_name, message, role) => {
    expect(roleOf(message)).toBe(role)
  })
})

describe('textOfContent', () => {
  it('joins text blocks and skips the others', () => {
    expect(textOfContent([{ type: 'text', text: 'a' }, { type: 'image_url', image_url: 'u' }, 'b'])).toBe(
      'ab',
    )
    expect(textOfContent(undefined)).toBe('')
  })
})

describe('toOtelMessages', () => {
  it('writes roles and parts; non-text blocks keep only their type', () => {
    const messages = [
      new HumanMessage({
        content: [
          { type: 'text', text: 'look' },
          { type: 'image_url', image_url: { url: 'data:...' } },
        ],
      }),
    ]
    expect(toOtelMessages(messages)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'look' }, { type: 'image_url' }] },
    ])
    expect(toOtelMessages([new AIMessage('ok')], 'stop')).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'ok' }], finish_reason: 'stop' },
    ])
  })
})
