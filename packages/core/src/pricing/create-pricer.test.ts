import * as genaiPrices from '@pydantic/genai-prices'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPricer } from './create-pricer.ts'
import { PRICE_TABLE_VERSION } from './price-table.ts'

vi.mock('@pydantic/genai-prices', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@pydantic/genai-prices')>()
  return { ...actual, calcPrice: vi.fn(actual.calcPrice) }
})

const calcPrice = vi.mocked(genaiPrices.calcPrice)
const gpt5 = { 'openai:gpt-5': { inputPerMTokUsd: 10, outputPerMTokUsd: 40 } }

function errorOf(run: () => void): { code?: unknown; message: string } {
  try {
    run()
  } catch (err) {
    return err as { code?: unknown; message: string }
  }
  throw new Error('expected a throw')
}

beforeEach(() => {
  calcPrice.mockClear()
})

describe('createPricer', () => {
  it('warns once per unknown model id, not per call, with the override to add', () => {
    const pricer = createPricer()
    for (let i = 0; i < 3; i++) pricer.estimateCost('acme:mystery-1', { inputTokens: 10, outputTokens: 10 })
    pricer.estimateCost('acme:mystery-2', {})
    pricer.estimateCost('openai:gpt-4o', { inputTokens: 10, outputTokens: 10 })
    const warnings = pricer.warnings()
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toContain('"acme:mystery-1"')
    expect(warnings[0]).toContain(PRICE_TABLE_VERSION)
    expect(warnings[0]).toContain('pricing: { "acme:mystery-1": { input: ')
    expect(warnings[1]).toContain('"acme:mystery-2"')
  })

  it('keeps warnings per pricer and returns snapshots', () => {
    const first = createPricer()
    first.estimateCost('acme:mystery-1', {})
    const snapshot = first.warnings()
    first.estimateCost('acme:mystery-3', {})
    expect(snapshot).toHaveLength(1)
    expect(first.warnings()).toHaveLength(2)
    expect(createPricer().warnings()).toEqual([])
  })

  it('says an empty model id has no model rather than asking for an override of ""', () => {
    const pricer = createPricer()
    expect(pricer.estimateCost('', { inputTokens: 1, outputTokens: 1 })).toMatchObject({ source: 'unknown' })
    expect(pricer.warnings()[0]).toContain('empty model id')
  })

  it('does not warn about models that have an override', () => {
    const pricer = createPricer({
      overrides: { 'acme:mystery-1': { inputPerMTokUsd: 1, outputPerMTokUsd: 2 } },
    })
    expect(pricer.estimateCost('acme:mystery-1', { inputTokens: 1e6, outputTokens: 1e6 })).toMatchObject({
      costUsd: 3,
      source: 'override',
    })
    expect(pricer.warnings()).toEqual([])
  })

  it('reports why a cost is unknown and keeps the source when only the usage is unknown', () => {
    const pricer = createPricer({ overrides: gpt5 })
    expect(pricer.estimateCost('acme:mystery-1', {})).toEqual({
      costUsd: undefined,
      source: 'unknown',
      tableVersion: PRICE_TABLE_VERSION,
      unknownReason: 'model_unknown',
    })
    expect(pricer.estimateCost('openai:gpt-4o', { inputTokens: 10 })).toEqual({
      costUsd: undefined,
      source: 'table',
      tableVersion: PRICE_TABLE_VERSION,
      unknownReason: 'usage_unknown',
      tableModel: 'openai:gpt-4o',
    })
    expect(pricer.estimateCost('openai:gpt-5', { outputTokens: 10 })).toMatchObject({
      costUsd: undefined,
      source: 'override',
      unknownReason: 'usage_unknown',
    })
  })

  it('gives the full breakdown of an override', () => {
    const pricer = createPricer({
      overrides: { 'openai:gpt-5': { inputPerMTokUsd: 10, outputPerMTokUsd: 40, cacheReadPerMTokUsd: 1 } },
    })
    const estimate = pricer.estimateCost('openai:gpt-5', {
      inputTokens: 3_000_000,
      cacheReadTokens: 1_000_000,
      outputTokens: 1_000_000,
      reasoningTokens: 250_000,
    })
    expect(estimate.breakdown).toEqual({
      inputUsd: 21,
      outputUsd: 40,
      uncachedInputUsd: 20,
      cacheReadUsd: 1,
      cacheWriteUsd: 0,
      reasoningUsd: 10,
    })
    expect(estimate.costUsd).toBe(61)
  })

  it('validates usage even for unknown models', () => {
    const pricer = createPricer()
    const err = errorOf(() => pricer.estimateCost('acme:mystery-1', { inputTokens: -5 }))
    expect(err.code).toBe('PRICING_INVALID')
  })

  it('validates overrides when the pricer is built', () => {
    const overrides = { 'openai:gpt-5': { inputPerMTokUsd: -10, outputPerMTokUsd: 40 } }
    const err = errorOf(() => createPricer({ overrides }))
    expect(err.code).toBe('PRICING_INVALID')
    expect(err.message).toContain('-10')
  })

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('rejects a price time of %s', (atUnixMs) => {
    expect(errorOf(() => createPricer({ defaultAtUnixMs: atUnixMs })).code).toBe('INVALID_ARGUMENT')
    const err = errorOf(() => createPricer().estimateCost('openai:gpt-4o', {}, { atUnixMs }))
    expect(err.code).toBe('INVALID_ARGUMENT')
    expect(err.message).toContain('atUnixMs')
  })

  it('prices time-dependent table entries at the call time, else at the pricer default', () => {
    const usage = { inputTokens: 300_000, outputTokens: 1_000 }
    const before = Date.parse('2026-03-12T12:00:00Z')
    const after = Date.parse('2026-03-14T12:00:00Z')
    const pricer = createPricer()
    const beforeUsd = pricer.estimateCost('anthropic:claude-opus-4-6', usage, { atUnixMs: before }).costUsd
    const afterUsd = pricer.estimateCost('anthropic:claude-opus-4-6', usage, { atUnixMs: after }).costUsd
    expect(beforeUsd).not.toBe(afterUsd)
    expect(pricer.estimateCost('anthropic:claude-opus-4-6', usage).costUsd).toBe(afterUsd)
    const pricedBefore = createPricer({ defaultAtUnixMs: before })
    expect(pricedBefore.estimateCost('anthropic:claude-opus-4-6', usage).costUsd).toBe(beforeUsd)
  })

  it('searches the table once per model id, then prices with the narrowed entry', () => {
    const pricer = createPricer()
    const usage = { inputTokens: 300_000, outputTokens: 10 }
    for (let i = 0; i < 5; i++) {
      pricer.estimateCost('anthropic:claude-opus-4-6', usage, { atUnixMs: Date.UTC(2026, 2, 10 + i) })
      pricer.estimateCost('acme:mystery-1', { inputTokens: 1, outputTokens: 1 })
    }
    const searches = calcPrice.mock.calls.filter(([, , options]) => options?.provider === undefined)
    expect(searches.map(([, model, options]) => `${options?.providerId}:${model}`)).toEqual([
      'anthropic:claude-opus-4-6',
      'acme:mystery-1',
    ])
    expect(calcPrice.mock.calls.length - searches.length).toBe(5)
  })

  it('reads a flat-priced entry once as rates, then prices its calls without the table', () => {
    const pricer = createPricer()
    const first = pricer.estimateCost('openai:gpt-4o', { inputTokens: 1_000, outputTokens: 10 })
    const callsAfterFirst = calcPrice.mock.calls.length
    for (let i = 0; i < 5; i++)
      pricer.estimateCost('openai:gpt-4o', { inputTokens: 100 * i, outputTokens: 10 })
    expect(calcPrice.mock.calls.length).toBe(callsAfterFirst)
    expect(first).toMatchObject({ source: 'table', tableModel: 'openai:gpt-4o' })
    expect(first.costUsd).toBeCloseTo((1_000 * 2.5 + 10 * 10) / 1e6, 12)
  })
})
