import type { ModelPrice } from '../types.ts'
import type { CostBreakdown } from './cost-types.ts'

const TOKENS_PER_MILLION = 1_000_000

/** Token counts with input and output known; the parts default to 0. Already validated. */
export interface KnownTokenUsage {
  readonly inputTokens: number
  readonly outputTokens: number
  readonly cacheReadTokens?: number | undefined
  readonly cacheWriteTokens?: number | undefined
  readonly reasoningTokens?: number | undefined
}

/**
 * Prices one call with an experiment override. Each token is billed once, in its own part:
 * uncached input (input − cache read − cache write) at the input price, cache read and cache write at
 * their prices (default: the input price), non-reasoning output at the output price, reasoning at its
 * price (default: the output price).
 *
 * @param price - The override, USD per million tokens.
 * @param usage - Validated counts (parts fit in their totals).
 * @returns The breakdown, with every part set; the total is `inputUsd + outputUsd`.
 */
export function computeOverrideCost(price: ModelPrice, usage: KnownTokenUsage): CostBreakdown {
  const { inputTokens, outputTokens, cacheReadTokens = 0, cacheWriteTokens = 0, reasoningTokens = 0 } = usage
  const uncachedInputUsd = priceTokens(
    inputTokens - cacheReadTokens - cacheWriteTokens,
    price.inputPerMTokUsd,
  )
  const cacheReadUsd = priceTokens(cacheReadTokens, price.cacheReadPerMTokUsd ?? price.inputPerMTokUsd)
  const cacheWriteUsd = priceTokens(cacheWriteTokens, price.cacheWritePerMTokUsd ?? price.inputPerMTokUsd)
  const visibleOutputUsd = priceTokens(outputTokens - reasoningTokens, price.outputPerMTokUsd)
  const reasoningUsd = priceTokens(reasoningTokens, price.reasoningPerMTokUsd ?? price.outputPerMTokUsd)
  return {
    inputUsd: uncachedInputUsd + cacheReadUsd + cacheWriteUsd,
    outputUsd: visibleOutputUsd + reasoningUsd,
    uncachedInputUsd,
    cacheReadUsd,
    cacheWriteUsd,
    reasoningUsd,
  }
}

function priceTokens(tokens: number, perMTokUsd: number): number {
  // Multiply first: integer × price is exact more often than price / 1e6 × integer.
  return (tokens * perMTokUsd) / TOKENS_PER_MILLION
}
