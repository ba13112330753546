import { describe, expect, it } from 'vitest'
import { createOutcomeWindow } from './outcome-window.ts'

describe('createOutcomeWindow', () => {
  it('keeps at most capacity calls, dropping the oldest', () => {
    const window = createOutcomeWindow(3)
    window.add(1, 10, true)
    window.add(2, 20, false)
    window.add(3, 30, false)
    window.add(4, 40, false)
    expect(window.summarize()).toEqual({ calls: 3, errors: 0, latenciesMs: [20, 30, 40] })
  })

  it('drops calls that ended at or before a cutoff', () => {
    const window = createOutcomeWindow(5)
    for (const atMs of [100, 200, 300]) window.add(atMs, atMs / 10, atMs === 300)
    window.dropUntil(200)
    expect(window.summarize()).toEqual({ calls: 1, errors: 1, latenciesMs: [30] })
  })

  it('counts calls of unknown latency but leaves them out of the latencies', () => {
    const window = createOutcomeWindow(4)
    window.add(1, Number.NaN, true)
    window.add(2, -5, false)
    window.add(3, 12, false)
    expect(window.summarize()).toEqual({ calls: 3, errors: 1, latenciesMs: [12] })
  })

  it('wraps around the ring many times and empties on clear', () => {
    const window = createOutcomeWindow(2)
    for (let i = 0; i < 11; i += 1) window.add(i, i, i % 2 === 0)
    expect(window.summarize()).toEqual({ calls: 2, errors: 1, latenciesMs: [9, 10] })
    window.clear()
    expect(window.summarize()).toEqual({ calls: 0, errors: 0, latenciesMs: [] })
  })
})
