import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fuzzyMatch } from './fuzzy-match.ts'
import { scorerVectors } from './scorers.fixture.ts'

const { absolute } = scorerVectors.tolerance

describe('fuzzyMatch', () => {
  it.each(scorerVectors.fuzzyMatch)('fuzzyMatch[%#] %s', (_name, actual, expected, options, result) => {
    const got = fuzzyMatch(actual, expected, options ?? {})
    expect(Math.abs(got.score - result.score)).toBeLessThanOrEqual(absolute)
    expect(got.total).toBe(result.total)
    expect(got.fields).toHaveLength(got.total)
    const mismatches = got.fields.filter((field) => !field.match).map((field) => [field.path, field.reason])
    expect(mismatches.sort()).toEqual([...result.mismatches].sort())
    expect(got.matched).toBe(got.total - mismatches.length)
  })

  it('reports the raw values of a mismatched field', () => {
    const { fields } = fuzzyMatch({ invoice: { date: '03/05/2026' } }, '{"invoice": {"date": "2026-05-03"}}')
    expect(fields).toEqual([
      {
        path: 'invoice.date',
        match: false,
        reason: 'date_format',
        actual: '03/05/2026',
        expected: '2026-05-03',
      },
    ])
  })

  it('reports text that is not JSON with the text, on either side', () => {
    expect(fuzzyMatch({ a: 1 }, 'nope').fields).toEqual([
      { path: '(root)', match: false, reason: 'invalid_json', actual: { a: 1 }, expected: 'nope' },
    ])
  })

  it('scores 1 when every field is ignored', () => {
    expect(fuzzyMatch({ a: 1 }, { a: 2 }, { ignorePaths: ['(root)'] })).toEqual({
      score: 1,
      matched: 0,
      total: 0,
      fields: [],
    })
  })

  it('matches every JSON value with itself, as a value or as JSON text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value)
        expect(fuzzyMatch(text, text).score).toBe(1)
        // A string argument is always JSON text, so only non-string values go in as values.
        if (typeof value !== 'string') {
          expect(fuzzyMatch(value, value).score).toBe(1)
          expect(fuzzyMatch(text, value).score).toBe(1)
        }
      }),
    )
  })

  it('reads a string argument as JSON text, so a bare word is invalid JSON', () => {
    expect(fuzzyMatch('Acme', '"Acme"').fields[0]?.reason).toBe('invalid_json')
    expect(fuzzyMatch('"ACME "', '"acme"').score).toBe(1)
  })

  it('keeps the score in [0, 1] and equal to matched / total', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), (actual, expected) => {
        const { score, matched, total, fields } = fuzzyMatch(actual, expected)
        expect(score).toBeGreaterThanOrEqual(0)
        expect(score).toBeLessThanOrEqual(1)
        expect(fields).toHaveLength(total)
        expect(score).toBe(total === 0 ? 1 : matched / total)
        for (const field of fields) expect(field.match).toBe(field.reason === undefined)
      }),
    )
  })
})
