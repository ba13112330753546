import { createHmac, createSecretKey } from 'node:crypto'
import { AIMessage, HumanMessage, SystemMessage } from '@langchain/core/messages'
import { describe, expect, it } from 'vitest'
import { canonicalJson, hashInput } from './input-hash.ts'

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null, 'x'], c: undefined } })).toBe(
      '{"a":{"d":[true,null,"x"]},"b":1}',
    )
  })

  it('writes non-finite numbers and non-JSON values as null', () => {
    expect(canonicalJson([Number.NaN, Number.POSITIVE_INFINITY, () => 1, undefined])).toBe(
      '[null,null,null,null]',
    )
  })

  it('gives the same text whatever order the keys were built in', () => {
    expect(canonicalJson({ x: 1, y: { p: 2, q: 3 } })).toBe(canonicalJson({ y: { q: 3, p: 2 }, x: 1 }))
  })
})

describe('hashInput', () => {
  const messages = [new SystemMessage('be brief'), new HumanMessage('hi')]

  it('is HMAC-SHA256 of the canonical roles and contents, 32 hex characters', () => {
    const canonical = '[{"content":"be brief","role":"system"},{"content":"hi","role":"user"}]'
    const expected = createHmac('sha256', 'key').update(canonical).digest('hex').slice(0, 32)
    expect(hashInput('key', messages)).toBe(expected)
  })

  it('ignores message ids and metadata, not roles or content', () => {
    const withIds = [
      new SystemMessage({ content: 'be brief', id: 'm1' }),
      new HumanMessage({ content: 'hi', id: 'm2' }),
    ]
    expect(hashInput('key', withIds)).toBe(hashInput('key', messages))
    expect(hashInput('key', [new SystemMessage('be brief'), new AIMessage('hi')])).not.toBe(
      hashInput('key', messages),
    )
    expect(hashInput('key', [new SystemMessage('be brief'), new HumanMessage('hi!')])).not.toBe(
      hashInput('key', messages),
    )
  })

  it('depends on the key', () => {
    expect(hashInput('key-a', messages)).not.toBe(hashInput('key-b', messages))
    expect(hashInput(new TextEncoder().encode('key'), messages)).toBe(hashInput('key', messages))
    expect(hashInput(createSecretKey(Buffer.from('key')), messages)).toBe(hashInput('key', messages))
  })

  it('hashes the same canonical text as canonicalJson of the roles and contents, whatever the content', () => {
    const blocks = [
      { type: 'text', text: 'look' },
      { type: 'image_url', image_url: { url: 'x', detail: 'low' } },
    ]
    const odd = { type: 'human', content: () => 'not JSON' }
    const mixed = [
      new SystemMessage('be "brief"\n'),
      new HumanMessage({ content: blocks }),
      'a prompt',
      odd,
      {},
    ]
    const canonical = canonicalJson([
      { content: 'be "brief"\n', role: 'system' },
      { content: blocks, role: 'user' },
      { content: 'a prompt', role: 'user' },
      { content: odd.content, role: 'user' },
      { content: '', role: 'user' },
    ])
    const expected = createHmac('sha256', 'key').update(canonical).digest('hex').slice(0, 32)
    expect(hashInput('key', mixed)).toBe(expected)
    expect(hashInput('key', [])).toBe(createHmac('sha256', 'key').update('[]').digest('hex').slice(0, 32))
  })

  it('hashes prompt strings as user messages', () => {
    expect(hashInput('key', ['hi'])).toBe(hashInput('key', [new HumanMessage('hi')]))
  })
})
