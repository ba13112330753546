import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseLikert } from './parse-likert.ts'
import { scorerVectors } from './scorers.fixture.ts'

describe('parseLikert', () => {
  it('has at least 25 vector cases', () => {
    expect(scorerVectors.parseLikert.length).toBeGreaterThanOrEqual(25)
  })

  it.each(scorerVectors.parseLikert)('parseLikert[%#] %s', (_name, text, expected) => {
    expect(parseLikert(text)).toBe(expected)
  })

  it('finds a keyed score whatever prose surrounds it, as long as the prose has no digits', () => {
    const prose = fc.stringMatching(/^[A-Za-z ,]{0,40}$/)
    fc.assert(
      fc.property(prose, fc.integer({ min: 1, max: 5 }), prose, (before, score, after) => {
        fc.pre(
          !/\b(?:not|never|cannot|one|two|three|four|five|six|seven|eight|nine|ten|zero)\b/i.test(
            before + after,
          ),
        )
        expect(parseLikert(`${before}. Score: ${score}. ${after}`)).toBe(score)
      }),
    )
  })

  it('never returns anything but 1 to 5 or null', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect([null, 1, 2, 3, 4, 5]).toContain(parseLikert(text))
      }),
    )
  })
})
