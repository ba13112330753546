import { describe, expect, it } from 'vitest'
import { matchesPathPattern, parsePathPattern } from './path-pattern.ts'

describe('parsePathPattern', () => {
  it.each<[string, string[]]>([
    ['invoice.date', ['invoice', 'date']],
    ['lines[0].sku', ['lines', '0', 'sku']],
    ['lines[*].sku', ['lines', '*', 'sku']],
    ['meta.*', ['meta', '*']],
    ['[2]', ['2']],
    ['(root)', []],
  ])('parses %s', (text, segments) => {
    expect(parsePathPattern(text)).toEqual(segments)
  })
})

describe('matchesPathPattern', () => {
  it.each<[string, (string | number)[], boolean]>([
    ['invoice.date', ['invoice', 'date'], true],
    ['invoice', ['invoice', 'date'], true],
    ['invoice.date', ['invoice'], false],
    ['lines[*].sku', ['lines', 3, 'sku'], true],
    ['lines[1].sku', ['lines', 3, 'sku'], false],
    ['lines[3]', ['lines', 3, 'sku'], true],
    ['*.id', ['a', 'id'], true],
    ['(root)', ['anything'], true],
  ])('%s matches %j: %s', (pattern, path, expected) => {
    expect(matchesPathPattern(parsePathPattern(pattern), path)).toBe(expected)
  })
})
