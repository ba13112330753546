import { createHmac, createSecretKey } from 'node:crypto'
import { AIMessage, HumanMessage, SystemMessage } from '@langchain/core/messages'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson, createInputHasher, hashInput } from './input-hash.ts'

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

describe('createInputHasher', () => {
  const hmacOf = (key: string | Uint8Array, text: string) =>
    createHmac('sha256', key).update(text).digest('hex').slice(0, 32)

  it('is HMAC-SHA256 for any key (longer than a block too) and any text, reused buffer or not', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ minLength: 1, maxLength: 200 }),
          fc.uint8Array({ minLength: 1, maxLength: 150 }),
        ),
        fc.array(fc.string({ unit: 'grapheme', maxLength: 300 }), { maxLength: 4 }),
        (key, prompts) => {
          const hasher = createInputHasher(key)
          const text = canonicalJson(prompts.map((prompt) => ({ content: prompt, role: 'user' })))
          expect(hasher(prompts)).toBe(hmacOf(key, text))
          expect(hasher(prompts)).toBe(hmacOf(key, text))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('hashes an input too long for its reused buffer like any other', () => {
    const long = 'é'.repeat(40_000)
    const hasher = createInputHasher('key')
    expect(hasher([long])).toBe(hmacOf('key', canonicalJson([{ content: long, role: 'user' }])))
    expect(hasher(['short'])).toBe(hmacOf('key', '[{"content":"short","role":"user"}]'))
  })
})
