import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeFlatCost, readFlatTableRates } from './flat-table-rates.ts'
import type { TableModel } from './price-table.ts'
import { computeTableCost, DEFAULT_PRICE_TIME_UNIX_MS, lookUpTableModel } from './price-table.ts'

function mustFind(modelId: string): TableModel {
  const lookup = lookUpTableModel(modelId)
  if (!lookup.found) throw new Error(`${modelId} is not in the table`)
  return lookup.model
}

const usages = fc
  .record({
    uncached: fc.integer({ min: 0, max: 2_000_000 }),
    cacheRead: fc.integer({ min: 0, max: 500_000 }),
    cacheWrite: fc.integer({ min: 0, max: 200_000 }),
    visible: fc.integer({ min: 0, max: 200_000 }),
    reasoning: fc.integer({ min: 0, max: 100_000 }),
  })
  .map((u) => ({
    inputTokens: u.uncached + u.cacheRead + u.cacheWrite,
    cacheReadTokens: u.cacheRead,
    cacheWriteTokens: u.cacheWrite,
    outputTokens: u.visible + u.reasoning,
    reasoningTokens: u.reasoning,
  }))

describe('readFlatTableRates', () => {
  it.each([
    'openai:gpt-4.1-2025-04-14',
    'openai:gpt-4o',
    'openai:gpt-5',
    'anthropic:claude-3-5-haiku-latest',
  ])('prices %s like the table, parts included', (modelId) => {
    const model = mustFind(modelId)
    const rates = readFlatTableRates(model)
    expect(rates).toBeDefined()
    if (rates === undefined) return
    fc.assert(
      fc.property(usages, (usage) => {
        const table = computeTableCost(model, usage, DEFAULT_PRICE_TIME_UNIX_MS)
        const flat = computeFlatCost(rates, usage)
        const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(b), 1e-9)
        expect(close(flat.costUsd, table.costUsd)).toBe(true)
        expect(close(flat.breakdown.inputUsd, table.breakdown.inputUsd)).toBe(true)
        expect(close(flat.breakdown.outputUsd, table.breakdown.outputUsd)).toBe(true)
        expect(flat.breakdown.otherUsd).toBe(table.breakdown.otherUsd)
      }),
      { numRuns: 200 },
    )
  })

  it.each([
    ['anthropic:claude-opus-4-6', 'a price that changes on a date'],
    ['anthropic:claude-sonnet-4-5', 'tiered prices'],
    ['google:gemini-2.5-pro', 'tiered prices'],
  ])('leaves %s (%s) to the table', (modelId) => {
    expect(readFlatTableRates(mustFind(modelId))).toBeUndefined()
  })
})
