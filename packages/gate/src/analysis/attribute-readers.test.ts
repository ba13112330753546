import { describe, expect, it } from 'vitest'
import {
  MalformedTally,
  readBoolean,
  readCount,
  readNonNegative,
  readNumber,
  readString,
  readStringList,
} from './attribute-readers.ts'

describe('attribute readers', () => {
  it('reads well-typed values and treats absent or empty values as absent, not malformed', () => {
    const tally = new MalformedTally()
    const attributes = { n: 1.5, c: 12, s: 'x', b: true, l: ['a', 'b'], empty: null, blank: '' }
    expect(readNumber(attributes, 'n', tally)).toBe(1.5)
    expect(readCount(attributes, 'c', tally)).toBe(12)
    expect(readString(attributes, 's', tally)).toBe('x')
    expect(readBoolean(attributes, 'b', tally)).toBe(true)
    expect(readStringList(attributes, 'l', tally)).toEqual(['a', 'b'])
    for (const key of ['missing', 'empty']) expect(readNumber(attributes, key, tally)).toBeUndefined()
    expect(readString(attributes, 'blank', tally)).toBeUndefined()
    expect(tally.total).toBe(0)
  })

  it('skips and counts a string where a number belongs, NaN, infinities and negative counts', () => {
    const tally = new MalformedTally()
    const attributes = { text: '312', nan: Number.NaN, inf: Number.POSITIVE_INFINITY, neg: -3, frac: 2.5 }
    expect(readNumber(attributes, 'text', tally)).toBeUndefined()
    expect(readNumber(attributes, 'nan', tally)).toBeUndefined()
    expect(readNumber(attributes, 'inf', tally)).toBeUndefined()
    expect(readNonNegative(attributes, 'neg', tally)).toBeUndefined()
    expect(readCount(attributes, 'frac', tally)).toBeUndefined()
    expect(tally.total).toBe(5)
    expect(tally.describe()).toContain('text ×1')
  })

  it('reads stringified booleans and JSON lists, and rejects lists of non-strings', () => {
    const tally = new MalformedTally()
    const attributes = { b: 'false', json: '["doc-1","doc-2"]', mixed: ['a', 1], bad: '[oops', num: 7 }
    expect(readBoolean(attributes, 'b', tally)).toBe(false)
    expect(readStringList(attributes, 'json', tally)).toEqual(['doc-1', 'doc-2'])
    expect(readStringList(attributes, 'mixed', tally)).toBeUndefined()
    expect(readStringList(attributes, 'bad', tally)).toBeUndefined()
    expect(readString(attributes, 'num', tally)).toBeUndefined()
    expect(tally.total).toBe(3)
  })

  it('orders the description by count', () => {
    const tally = new MalformedTally()
    for (const key of ['b', 'a', 'a']) tally.add(key)
    expect(tally.describe()).toBe('a ×2, b ×1')
  })
})
