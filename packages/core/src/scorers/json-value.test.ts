import { describe, expect, it } from 'vitest'
import { definedKeys, isPlainObject } from './json-value.ts'

describe('isPlainObject', () => {
  it.each<[string, unknown, boolean]>([
    ['a literal', { a: 1 }, true],
    ['a parsed object', JSON.parse('{"a":1}'), true],
    ['a null-prototype object', Object.create(null), true],
    ['an array', [], false],
    ['a date', new Date(0), false],
    ['a map', new Map(), false],
    ['null', null, false],
    ['a string', 'x', false],
  ])('%s: %s', (_name, value, expected) => {
    expect(isPlainObject(value)).toBe(expected)
  })
})

describe('definedKeys', () => {
  it('sorts keys and leaves out undefined values', () => {
    expect(definedKeys({ b: 1, a: null, c: undefined })).toEqual(['a', 'b'])
  })
})
