import { describe, expect, it } from 'vitest'
import { mapConcurrent } from './map-concurrent.ts'

describe('mapConcurrent', () => {
  it('keeps at most `concurrency` calls in flight and yields in input order', async () => {
    let inFlight = 0
    let maxInFlight = 0
    const run = async (n: number): Promise<number> => {
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      // Later items finish first, so order is not an accident of timing.
      await new Promise((resolve) => setTimeout(resolve, (10 - n) * 2))
      inFlight--
      return n * 10
    }
    const results: number[] = []
    for await (const result of mapConcurrent([1, 2, 3, 4, 5, 6, 7, 8, 9], 4, run)) results.push(result)
    expect(results).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90])
    expect(maxInFlight).toBe(4)
  })

  it('throws the first failure in order and leaves no unhandled rejection', async () => {
    const run = async (n: number): Promise<number> => {
      if (n >= 2) throw new Error(`failed ${n}`)
      return n
    }
    const results: number[] = []
    await expect(async () => {
      for await (const result of mapConcurrent([1, 2, 3], 3, run)) results.push(result)
    }).rejects.toThrow('failed 2')
    expect(results).toEqual([1])
  })
})
