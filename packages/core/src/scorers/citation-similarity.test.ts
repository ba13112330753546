import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { citationSimilarity } from './citation-similarity.ts'
import { scorerVectors } from './scorers.fixture.ts'

const { absolute } = scorerVectors.tolerance
const idsArb = fc.array(
  fc.constantFrom('doc-1', 'DOC-1', 'doc-2', 'https://www.example.com/a/', 'https://example.com/a'),
)

describe('citationSimilarity', () => {
  it.each(scorerVectors.citationSimilarity)('citationSimilarity[%#] %s', (_name, a, b, result) => {
    const got = citationSimilarity(a, b)
    expect(Math.abs(got.score - result.score)).toBeLessThanOrEqual(absolute)
    expect(got.intersection).toEqual(result.intersection)
    expect(got.onlyA).toEqual(result.onlyA)
    expect(got.onlyB).toEqual(result.onlyB)
    expect(got.union).toEqual([...new Set([...got.intersection, ...got.onlyA, ...got.onlyB])].sort())
  })

  it('is symmetric, with onlyA and onlyB swapped', () => {
    fc.assert(
      fc.property(idsArb, idsArb, (a, b) => {
        const ab = citationSimilarity(a, b)
        const ba = citationSimilarity(b, a)
        expect(ba.score).toBe(ab.score)
        expect(ba.intersection).toEqual(ab.intersection)
        expect(ba.onlyA).toEqual(ab.onlyB)
        expect(ba.onlyB).toEqual(ab.onlyA)
      }),
    )
  })

  it('scores |intersection| / |union|, 1 for a list against itself', () => {
    fc.assert(
      fc.property(idsArb, idsArb, (a, b) => {
        const { score, intersection, union } = citationSimilarity(a, b)
        expect(score).toBe(union.length === 0 ? 1 : intersection.length / union.length)
        expect(citationSimilarity(a, a).score).toBe(1)
      }),
    )
  })
})
