import { describe, expect, it } from 'vitest'
import { isSampled } from './judge-sampling.ts'

const RUN_IDS = Array.from({ length: 20_000 }, (_, n) => `run-${n}`)

describe('isSampled', () => {
  it('is reproducible: the same seed and run id always give the same answer', () => {
    const first = RUN_IDS.map((id) => isSampled('seed-a', id, 0.3))
    const second = RUN_IDS.map((id) => isSampled('seed-a', id, 0.3))
    expect(second).toEqual(first)
  })

  it('samples about the requested share (binomial, 4 standard deviations)', () => {
    const rate = 0.1
    const sampled = RUN_IDS.filter((id) => isSampled('seed-a', id, rate)).length
    const sd = Math.sqrt(RUN_IDS.length * rate * (1 - rate))
    expect(Math.abs(sampled - RUN_IDS.length * rate)).toBeLessThan(4 * sd)
  })

  it('draws another sample with another seed, nested samples for growing rates', () => {
    const a = RUN_IDS.filter((id) => isSampled('seed-a', id, 0.1))
    const b = RUN_IDS.filter((id) => isSampled('seed-b', id, 0.1))
    expect(a).not.toEqual(b)
    const wider = new Set(RUN_IDS.filter((id) => isSampled('seed-a', id, 0.2)))
    expect(a.every((id) => wider.has(id))).toBe(true)
  })

  it('takes everything at rate 1 and nothing at rate 0', () => {
    expect(RUN_IDS.slice(0, 100).every((id) => isSampled('s', id, 1))).toBe(true)
    expect(RUN_IDS.slice(0, 100).some((id) => isSampled('s', id, 0))).toBe(false)
  })
})
