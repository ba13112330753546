import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { assertHashKey, hashUnitId } from './unit-hash.ts'

describe('hashUnitId', () => {
  it('is HMAC-SHA256 of the unit id under the key, hex, 32 characters', () => {
    const expected = createHmac('sha256', 'k').update('thread-1').digest('hex').slice(0, 32)
    expect(hashUnitId('k', 'thread-1')).toBe(expected)
    expect(hashUnitId(new TextEncoder().encode('k'), 'thread-1')).toBe(expected)
    expect(expected).toMatch(/^[0-9a-f]{32}$/)
  })

  it('depends on the key, so ids cannot be recovered by hashing guesses without it', () => {
    expect(hashUnitId('k1', 'thread-1')).not.toBe(hashUnitId('k2', 'thread-1'))
  })
})

describe('assertHashKey', () => {
  it.each([[''], [new Uint8Array()], [undefined], [42]])('rejects %o', (key) => {
    expect(() => assertHashKey(key)).toThrow(
      expect.objectContaining({ name: 'CanaryError', code: 'INVALID_OPTION' }),
    )
  })
})
