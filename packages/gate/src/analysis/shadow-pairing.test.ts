import { describe, expect, it } from 'vitest'
import type { CallObservation } from './call-observation.ts'
import type { PairHalf } from './shadow-pairing.ts'
import { ShadowPairing } from './shadow-pairing.ts'
import { UnitTable } from './unit-table.ts'

const table = new UnitTable()
const unit = table.touch('s', 0, 1)

function half(latencyMs: number): PairHalf {
  const call: CallObservation = {
    latencyMs,
    error: false,
    ttftMs: undefined,
    costUsd: undefined,
    evaluations: undefined,
  }
  return { unit, agent: 'writer', call, citations: undefined }
}

function collect(
  cap: number,
  shadowArms: number,
): { pairs: [number, number, number][]; pairing: ShadowPairing } {
  const pairs: [number, number, number][] = []
  const pairing = new ShadowPairing(cap, shadowArms, (arm, primary, shadow) =>
    pairs.push([arm, primary.call.latencyMs, shadow.call.latencyMs]),
  )
  return { pairs, pairing }
}

describe('ShadowPairing', () => {
  it('matches the halves of a pair whatever order they arrive in', () => {
    const { pairs, pairing } = collect(10, 1)
    pairing.offerPrimary('p1', half(100))
    pairing.offerShadow('p1', 1, half(150))
    pairing.offerShadow('p2', 1, half(250))
    pairing.offerPrimary('p2', half(200))
    expect(pairs).toEqual([
      [1, 100, 150],
      [1, 200, 250],
    ])
    expect(pairing.counts()).toEqual({ pairs: 2, unmatchedShadows: 0, evicted: 0 })
  })

  it('pairs one primary with every shadowing candidate', () => {
    const { pairs, pairing } = collect(10, 2)
    pairing.offerShadow('p', 1, half(150))
    pairing.offerPrimary('p', half(100))
    pairing.offerShadow('p', 2, half(170))
    expect(pairs).toEqual([
      [1, 100, 150],
      [2, 100, 170],
    ])
  })

  it('drops the oldest open pair past the cap and counts its shadow half as unmatched', () => {
    const { pairs, pairing } = collect(2, 1)
    pairing.offerShadow('a', 1, half(1))
    pairing.offerShadow('b', 1, half(2))
    pairing.offerShadow('c', 1, half(3))
    expect(pairing.counts()).toEqual({ pairs: 0, unmatchedShadows: 3, evicted: 1 })
    // a's shadow half was dropped, so its primary opens a new pair, which pushes b out.
    pairing.offerPrimary('a', half(10))
    pairing.offerPrimary('c', half(30))
    expect(pairs).toEqual([[1, 30, 3]])
    expect(pairing.counts()).toEqual({ pairs: 1, unmatchedShadows: 2, evicted: 2 })
  })
})
