import { describe, expect, it } from 'vitest'
import { BoundedLru } from './bounded-lru.ts'

describe('BoundedLru', () => {
  it('never forgets the last capacity/2 entries, and holds at most capacity', () => {
    const lru = new BoundedLru<number>(10)
    for (let n = 0; n < 1_000; n++) {
      lru.set(`k${n}`, n)
      expect(lru.size).toBeLessThanOrEqual(10)
      for (let back = 0; back < 5 && back <= n; back++) expect(lru.get(`k${n - back}`)).toBe(n - back)
    }
    expect(lru.has('k0')).toBe(false)
  })

  it('keeps an entry that is read, even after many newer ones', () => {
    const lru = new BoundedLru<string>(4)
    lru.set('keep', 'v')
    for (let n = 0; n < 50; n++) {
      lru.set(`other-${n}`, 'x')
      expect(lru.get('keep')).toBe('v')
    }
  })

  it('drops entries that are neither set nor read again', () => {
    const lru = new BoundedLru<number>(4)
    lru.set('a', 1)
    for (let n = 0; n < 4; n++) lru.set(`b${n}`, n)
    expect(lru.has('a')).toBe(false)
    expect(lru.get('a')).toBeUndefined()
  })

  it('keeps nothing at capacity 0 or 1', () => {
    for (const capacity of [0, 1]) {
      const lru = new BoundedLru<number>(capacity)
      lru.set('a', 1)
      expect(lru.size).toBe(0)
    }
  })
})
