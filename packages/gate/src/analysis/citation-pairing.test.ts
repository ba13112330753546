import { citationSimilarity } from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import { CitationPairing, scoreCitations } from './citation-pairing.ts'
import type { UnitEntry } from './unit-table.ts'
import { UnitTable } from './unit-table.ts'

const CONTROL = 0
const CANDIDATE = 1

function sessions(count: number): UnitEntry[] {
  const table = new UnitTable()
  return Array.from({ length: count }, (_, index) => table.touch(`s${index}`, 0, 1))
}

function collect(): { scores: [string, string, number][]; pairing: CitationPairing } {
  const scores: [string, string, number][] = []
  const pairing = new CitationPairing(10, CONTROL, (unit, agent, score) =>
    scores.push([unit.key, agent, score]),
  )
  return { scores, pairing }
}

describe('CitationPairing', () => {
  it('scores a candidate call against the first control call with the same input', () => {
    const [c1, c2, k1] = sessions(3) as [UnitEntry, UnitEntry, UnitEntry]
    const { scores, pairing } = collect()
    pairing.offer('h', { arm: CONTROL, unit: c1, agent: 'w', citations: ['a', 'b'] })
    pairing.offer('h', { arm: CANDIDATE, unit: k1, agent: 'w', citations: ['a', 'c'] })
    pairing.offer('h', { arm: CONTROL, unit: c2, agent: 'w', citations: ['a', 'b', 'c'] })
    expect(scores).toEqual([
      ['s2', 'w', citationSimilarity(['a', 'b'], ['a', 'c']).score],
      ['s1', 'w', citationSimilarity(['a', 'b'], ['a', 'b', 'c']).score],
    ])
  })

  it('pairs a candidate call that came first once control arrives, attributed to the candidate', () => {
    const [c1, k1] = sessions(2) as [UnitEntry, UnitEntry]
    const { scores, pairing } = collect()
    pairing.offer('h', { arm: CANDIDATE, unit: k1, agent: 'w', citations: ['a'] })
    pairing.offer('h', { arm: CONTROL, unit: c1, agent: 'w', citations: ['b'] })
    expect(scores).toEqual([['s1', 'w', 0]])
  })

  it('ignores a retry of the same control session and candidate-vs-candidate pairs', () => {
    const [c1, k1, k2] = sessions(3) as [UnitEntry, UnitEntry, UnitEntry]
    const { scores, pairing } = collect()
    pairing.offer('h', { arm: CONTROL, unit: c1, agent: 'w', citations: ['a'] })
    pairing.offer('h', { arm: CONTROL, unit: c1, agent: 'w', citations: ['b'] })
    pairing.offer('g', { arm: CANDIDATE, unit: k1, agent: 'w', citations: ['a'] })
    pairing.offer('g', { arm: CANDIDATE, unit: k2, agent: 'w', citations: ['b'] })
    expect(scores).toEqual([])
  })

  it('keeps at most cap input hashes and counts what it drops', () => {
    const [c1, k1] = sessions(2) as [UnitEntry, UnitEntry]
    const scores: number[] = []
    const pairing = new CitationPairing(2, CONTROL, (_session, _agent, score) => scores.push(score))
    for (const hash of ['h1', 'h2', 'h3'])
      pairing.offer(hash, { arm: CONTROL, unit: c1, agent: '', citations: ['a'] })
    expect(pairing.evicted).toBe(1)
    // h1's control was dropped, so this candidate call waits (and pushes h2 out); h3's is still there.
    pairing.offer('h1', { arm: CANDIDATE, unit: k1, agent: '', citations: ['a'] })
    pairing.offer('h3', { arm: CANDIDATE, unit: k1, agent: '', citations: ['a'] })
    expect(pairing.evicted).toBe(2)
    expect(scores).toEqual([1])
  })
})

describe('scoreCitations', () => {
  it.each([
    [
      ['a', 'b'],
      ['a', 'b'],
    ],
    [[], []],
    [['https://www.example.com/a/'], ['https://example.com/a#top']],
    [
      ['a', 'a', 'b'],
      ['b', 'c'],
    ],
  ])('agrees with citationSimilarity for %j vs %j', (a, b) => {
    expect(scoreCitations(a, b)).toBe(citationSimilarity(a, b).score)
  })
})
