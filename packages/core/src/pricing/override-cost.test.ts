import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ModelPrice } from '../types.ts'
import type { KnownTokenUsage } from './override-cost.ts'
import { computeOverrideCost } from './override-cost.ts'

const RELATIVE_TOLERANCE = 1e-12

const priceArb = fc.double({ min: 0, max: 1000, noNaN: true, noDefaultInfinity: true })
const usageArb = fc
  .record({
    inputTokens: fc.nat({ max: 5_000_000 }),
    outputTokens: fc.nat({ max: 5_000_000 }),
    readShare: fc.double({ min: 0, max: 1, noNaN: true }),
    writeShare: fc.double({ min: 0, max: 1, noNaN: true }),
    reasoningShare: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ inputTokens, outputTokens, readShare, writeShare, reasoningShare }): KnownTokenUsage => {
    const cacheReadTokens = Math.floor(inputTokens * readShare)
    const cacheWriteTokens = Math.floor((inputTokens - cacheReadTokens) * writeShare)
    const reasoningTokens = Math.floor(outputTokens * reasoningShare)
    return { inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens }
  })

function closeTo(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= RELATIVE_TOLERANCE * Math.max(Math.abs(expected), 1e-300)
}

describe('computeOverrideCost', () => {
  it('bills every token once: with default part prices the split does not change the cost', () => {
    fc.assert(
      fc.property(usageArb, priceArb, priceArb, (usage, inputPerMTokUsd, outputPerMTokUsd) => {
        const parts = computeOverrideCost({ inputPerMTokUsd, outputPerMTokUsd }, usage)
        const plain = computeOverrideCost(
          { inputPerMTokUsd, outputPerMTokUsd },
          {
            inputTokens: usage.inputTokens,
            outputTokens: usage.outputTokens,
          },
        )
        expect(closeTo(parts.inputUsd + parts.outputUsd, plain.inputUsd + plain.outputUsd)).toBe(true)
      }),
    )
  })

  it('prices each part at its own price', () => {
    fc.assert(
      fc.property(usageArb, fc.array(priceArb, { minLength: 5, maxLength: 5 }), (usage, prices) => {
        const [input, output, read, write, reasoning] = prices as [number, number, number, number, number]
        const price: ModelPrice = {
          inputPerMTokUsd: input,
          outputPerMTokUsd: output,
          cacheReadPerMTokUsd: read,
          cacheWritePerMTokUsd: write,
          reasoningPerMTokUsd: reasoning,
        }
        const { cacheReadTokens = 0, cacheWriteTokens = 0, reasoningTokens = 0 } = usage
        const parts = computeOverrideCost(price, usage)
        const uncached = usage.inputTokens - cacheReadTokens - cacheWriteTokens
        expect(closeTo(parts.uncachedInputUsd ?? Number.NaN, (uncached * input) / 1e6)).toBe(true)
        expect(closeTo(parts.cacheReadUsd ?? Number.NaN, (cacheReadTokens * read) / 1e6)).toBe(true)
        expect(closeTo(parts.cacheWriteUsd ?? Number.NaN, (cacheWriteTokens * write) / 1e6)).toBe(true)
        expect(closeTo(parts.reasoningUsd ?? Number.NaN, (reasoningTokens * reasoning) / 1e6)).toBe(true)
        const visibleOutputUsd = ((usage.outputTokens - reasoningTokens) * output) / 1e6
        expect(closeTo(parts.outputUsd, visibleOutputUsd + (parts.reasoningUsd ?? 0))).toBe(true)
        const inputParts =
          (parts.uncachedInputUsd ?? 0) + (parts.cacheReadUsd ?? 0) + (parts.cacheWriteUsd ?? 0)
        expect(closeTo(parts.inputUsd, inputParts)).toBe(true)
      }),
    )
  })

  it('makes a cheaper cache read lower the cost by exactly the discount', () => {
    fc.assert(
      fc.property(usageArb, priceArb, priceArb, (usage, inputPerMTokUsd, discountShare) => {
        const cacheReadPerMTokUsd = inputPerMTokUsd * Math.min(discountShare / 1000, 1)
        const full = computeOverrideCost({ inputPerMTokUsd, outputPerMTokUsd: 1 }, usage)
        const cached = computeOverrideCost(
          { inputPerMTokUsd, outputPerMTokUsd: 1, cacheReadPerMTokUsd },
          usage,
        )
        const savedUsd = ((usage.cacheReadTokens ?? 0) * (inputPerMTokUsd - cacheReadPerMTokUsd)) / 1e6
        expect(Math.abs(full.inputUsd - cached.inputUsd - savedUsd)).toBeLessThanOrEqual(
          1e-9 * (full.inputUsd + 1),
        )
      }),
    )
  })
})
