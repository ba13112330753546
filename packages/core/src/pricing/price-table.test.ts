import { calcPrice } from '@pydantic/genai-prices'
import { describe, expect, it } from 'vitest'
import type { TableModel } from './price-table.ts'
import {
  computeTableCost,
  DEFAULT_PRICE_TIME_UNIX_MS,
  lookUpTableModel,
  PRICE_TABLE_VERSION,
} from './price-table.ts'

// A computed specifier keeps the JSON out of the TypeScript project.
const installedUrl = new URL('../../node_modules/@pydantic/genai-prices/package.json', import.meta.url).href
const installed = (await import(installedUrl, { with: { type: 'json' } })).default as {
  name: string
  version: string
}

function mustFind(modelId: string): TableModel {
  const lookup = lookUpTableModel(modelId)
  if (!lookup.found) throw new Error(`${modelId} is not in the table`)
  return lookup.model
}

describe('PRICE_TABLE_VERSION', () => {
  it('names the installed package and version', () => {
    expect(PRICE_TABLE_VERSION).toBe(`${installed.name}@${installed.version}`)
  })

  it('has a default price time at noon UTC of the release day', () => {
    expect(new Date(DEFAULT_PRICE_TIME_UNIX_MS).toISOString()).toBe('2026-09-23T12:00:00.000Z')
  })
})

describe('lookUpTableModel', () => {
  it('names the table entry it matched', () => {
    expect(mustFind('anthropic:claude-4-opus').tableModelId).toBe('anthropic:claude-opus-4-0')
    expect(mustFind('azure.ai.openai:gpt-4o').tableModelId).toBe('azure:gpt-4o')
  })

  it.each(['acme:mystery-1', 'openai:', 'ibm.watsonx.ai:granite-3-8b-instruct'])(
    'finds nothing for %s',
    (id) => {
      expect(lookUpTableModel(id)).toEqual({ found: false, tableError: undefined })
    },
  )
})

describe('computeTableCost', () => {
  const usage = {
    inputTokens: 250_000,
    cacheReadTokens: 50_000,
    cacheWriteTokens: 20_000,
    outputTokens: 3_000,
  }
  const tableUsage = {
    input_tokens: 250_000,
    cache_read_tokens: 50_000,
    cache_write_tokens: 20_000,
    output_tokens: 3_000,
  }

  it.each([
    ['openai:gpt-4o', 'openai', 'gpt-4o'],
    ['anthropic:claude-sonnet-4-20250514', 'anthropic', 'claude-sonnet-4-20250514'],
    ['google:gemini-2.5-pro', 'google', 'gemini-2.5-pro'],
    ['azure:claude-opus-4-1', 'azure', 'claude-opus-4-1'],
  ])(
    'prices %s like a full table search (the narrowed entry keeps tiers and fallbacks)',
    (id, providerId, name) => {
      const timestamp = new Date(DEFAULT_PRICE_TIME_UNIX_MS)
      const reference = calcPrice(tableUsage, name, { providerId, timestamp })
      const { costUsd, breakdown } = computeTableCost(mustFind(id), usage, DEFAULT_PRICE_TIME_UNIX_MS)
      expect(reference).not.toBeNull()
      expect(costUsd).toBe(reference?.total_price)
      expect(breakdown.inputUsd).toBe(reference?.input_price)
      expect(breakdown.outputUsd).toBe(reference?.output_price)
      expect(breakdown.otherUsd).toBeUndefined()
    },
  )

  it.each([
    [
      'a start-date price change',
      'anthropic:claude-opus-4-6',
      '2026-03-12T12:00:00Z',
      '2026-03-14T12:00:00Z',
    ],
    ['an off-peak discount', 'deepseek:deepseek-chat', '2026-05-04T20:00:00Z', '2026-05-04T10:00:00Z'],
  ])('prices %s at the time of the call', (_name, id, earlier, later) => {
    const model = mustFind(id)
    const [provider, name] = id.split(':') as [string, string]
    const costAt = (iso: string): number => computeTableCost(model, usage, Date.parse(iso)).costUsd
    const referenceAt = (iso: string) =>
      calcPrice(tableUsage, name, { providerId: provider, timestamp: new Date(iso) })
    expect(costAt(earlier)).not.toBe(costAt(later))
    expect(costAt(earlier)).toBe(referenceAt(earlier)?.total_price)
    expect(costAt(later)).toBe(referenceAt(later)?.total_price)
  })
})
