import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { exactMatch } from './exact-match.ts'
import { scorerVectors } from './scorers.fixture.ts'

describe('exactMatch', () => {
  it('reads vectors of spec version 1', () => {
    expect(scorerVectors.specVersion).toBe(1)
  })

  it.each(scorerVectors.exactMatch)('exactMatch[%#] %s', (_name, actual, expected, options, result) => {
    expect(exactMatch(actual, expected, options ?? {})).toEqual(result)
  })

  it('treats a key whose value is undefined as absent, as JSON does', () => {
    expect(exactMatch({ a: 1, b: undefined }, { a: 1 }).score).toBe(1)
  })

  it('compares NaN with NaN, dates by instant, and keeps 0 equal to -0', () => {
    expect(exactMatch([Number.NaN], [Number.NaN]).score).toBe(1)
    expect(exactMatch(new Date('2026-05-03T00:00:00Z'), new Date(Date.UTC(2026, 4, 3))).score).toBe(1)
    expect(exactMatch(new Date('2026-05-03'), new Date('2026-05-04')).score).toBe(0)
    expect(exactMatch(0, -0).score).toBe(1)
  })

  it('matches every JSON value with itself and with its JSON round trip', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(exactMatch(value, value).score).toBe(1)
        expect(exactMatch(JSON.parse(JSON.stringify(value)), value).score).toBe(1)
      }),
    )
  })

  it('is symmetric', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 }), (a, b) => {
        expect(exactMatch(a, b).score).toBe(exactMatch(b, a).score)
      }),
    )
  })
})
