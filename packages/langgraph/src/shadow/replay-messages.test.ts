import { AIMessage, HumanMessage, SystemMessage } from '@langchain/core/messages'
import { describe, expect, it } from 'vitest'
import { toReplayMessages } from './replay-messages.ts'

describe('toReplayMessages', () => {
  const prompt = [new SystemMessage('be brief'), new HumanMessage('hi'), new AIMessage('hello')]

  it('takes the first prompt of handleChatModelStart’s list of prompts', () => {
    expect(toReplayMessages([prompt, [new HumanMessage('other')]])).toEqual(prompt)
  })

  it('takes a flat list of messages as the prompt', () => {
    expect(toReplayMessages(prompt)).toEqual(prompt)
  })

  it('returns a copy, so replaying cannot change the primary call’s list', () => {
    expect(toReplayMessages([prompt])).not.toBe(prompt)
  })

  it.each([
    ['nothing', []],
    ['an empty prompt', [[]]],
    ['strings', [['hi']]],
    ['plain objects', [{ role: 'user', content: 'hi' }]],
  ])('refuses %s', (_name, messages) => {
    expect(toReplayMessages(messages)).toBeUndefined()
  })
})
