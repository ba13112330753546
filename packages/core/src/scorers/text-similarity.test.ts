import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { scorerVectors } from './scorers.fixture.ts'
import { textSimilarity, tokenizeText } from './text-similarity.ts'

const { absolute } = scorerVectors.tolerance
const wordsArb = fc.array(fc.constantFrom('alpha', 'Beta', 'gamma', 'délta', 'ÉPSILON', 'ζ'), {
  maxLength: 12,
})

describe('textSimilarity', () => {
  it.each(scorerVectors.textSimilarity)('textSimilarity[%#] %s', (_name, a, b, score) => {
    expect(Math.abs(textSimilarity(a, b).score - score)).toBeLessThanOrEqual(absolute)
  })

  it('is symmetric and stays in [0, 1]', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const { score } = textSimilarity(a, b)
        expect(score).toBe(textSimilarity(b, a).score)
        expect(score).toBeGreaterThanOrEqual(0)
        expect(score).toBeLessThanOrEqual(1)
      }),
    )
  })

  it('gives exactly 1 for the same words, shuffled, with other spacing and case', () => {
    fc.assert(
      fc.property(wordsArb, (words) => {
        const shuffled = [...words].reverse().map((word) => word.toUpperCase())
        expect(textSimilarity(words.join(' '), `  ${shuffled.join(' ,  ')}. `).score).toBe(1)
      }),
    )
  })

  it('gives 0 when no word is shared', () => {
    fc.assert(
      fc.property(wordsArb, wordsArb, (a, b) => {
        fc.pre(a.length > 0 && b.length > 0)
        const left = a.map((word) => `${word}x`).join(' ')
        const right = b.map((word) => `${word}y`).join(' ')
        expect(textSimilarity(left, right).score).toBe(0)
      }),
    )
  })
})

describe('tokenizeText', () => {
  it('splits on punctuation and symbols and drops apostrophes', () => {
    expect(tokenizeText("It's 3.5 — (or so)! a+b")).toEqual(['its', '3', '5', 'or', 'so', 'a', 'b'])
  })
})
