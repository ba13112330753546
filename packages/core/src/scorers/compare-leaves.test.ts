import { describe, expect, it } from 'vitest'
import { compareLeaves } from './compare-leaves.ts'
import type { FuzzyMatchOptions } from './score-types.ts'

describe('compareLeaves', () => {
  it.each<[string, unknown, unknown, FuzzyMatchOptions]>([
    ['numeric text against a number', '1,200.50', 1200.5, {}],
    ['exponent against a number', 1000, '1e3', {}],
    ['numbers within tolerance', 10.05, 10, { numericTolerance: 0.1 }],
    ['NaN against NaN', Number.NaN, Number.NaN, {}],
    ['collapsed whitespace and case', ' Hello\n  World ', 'hello world', {}],
    ['full-width text', 'ＡＢＣ', 'abc', {}],
    ['currency amount', '€12', 12, { currency: true }],
    ['same ISO instant', '2026-05-03T00:00:00.000Z', '2026-05-03', {}],
    ['same booleans', false, false, {}],
    ['nulls', null, null, {}],
    ['empty arrays', [], [], {}],
    ['empty objects', {}, {}, {}],
  ])('matches %s', (_name, actual, expected, options) => {
    expect(compareLeaves(actual, expected, options)).toEqual({ match: true })
  })

  it.each<[string, unknown, unknown, FuzzyMatchOptions, string]>([
    ['different numbers', 3, 4, {}, 'value'],
    ['number beyond tolerance', 10.2, 10, { numericTolerance: 0.1 }, 'value'],
    ['number against words', 'twelve', 12, {}, 'type'],
    ['number against boolean', 1, true, {}, 'type'],
    ['currency without the option', '$12', 12, {}, 'type'],
    ['case when case-sensitive', 'Hello', 'hello', { caseSensitive: true }, 'value'],
    ['ISO against slash date', '2026-05-03', '03/05/2026', {}, 'date_format'],
    ['month name against ISO', 'May 3, 2026', '2026-05-03', {}, 'date_format'],
    ['same format, other day', '2026-05-04', '2026-05-03', {}, 'value'],
    ['different booleans', true, false, {}, 'value'],
    ['null against empty text', null, '', {}, 'type'],
    ['empty array against empty object', [], {}, {}, 'type'],
  ])('refuses %s', (_name, actual, expected, options, reason) => {
    expect(compareLeaves(actual, expected, options)).toEqual({ match: false, reason })
  })

  it('is symmetric', () => {
    const pairs: [unknown, unknown][] = [
      ['1e3', 1000],
      ['2026-05-03', '03/05/2026'],
      ['A', 'a'],
      [null, 0],
    ]
    for (const [a, b] of pairs) expect(compareLeaves(a, b, {})).toEqual(compareLeaves(b, a, {}))
  })
})
