import { describe, expect, it } from 'vitest'
import type { ModelPrice } from '../types.ts'
import type { TokenUsage } from './cost-types.ts'
import { createPricer } from './create-pricer.ts'
import { PRICE_TABLE_VERSION } from './price-table.ts'

type PricingRow = [
  name: string,
  modelId: string,
  usage: TokenUsage,
  overrides: Record<string, ModelPrice> | null,
  expectedCostUsd: number | null,
]

interface PricingVectors {
  readonly specVersion: number
  readonly tableVersion: string
  readonly tolerance: { readonly relative: number }
  readonly rows: readonly PricingRow[]
}

// A computed specifier keeps the JSON out of the TypeScript project (composite projects must list every file).
const vectorsUrl = new URL('../../test/vectors/pricing.json', import.meta.url).href
const vectors = (await import(vectorsUrl, { with: { type: 'json' } })).default as PricingVectors

describe('pricing vectors', () => {
  it('are written for the installed price table', () => {
    expect(vectors.specVersion).toBe(1)
    expect(vectors.tableVersion).toBe(PRICE_TABLE_VERSION)
  })

  it.each(vectors.rows)('pricing[%#] %s', (_name, modelId, usage, overrides, expectedCostUsd) => {
    const pricer = createPricer(overrides === null ? {} : { overrides })
    const estimate = pricer.estimateCost(modelId, usage)
    expect(estimate.tableVersion).toBe(PRICE_TABLE_VERSION)
    if (expectedCostUsd === null) {
      expect(estimate.costUsd).toBeUndefined()
      expect(estimate.breakdown).toBeUndefined()
      return
    }
    expect(estimate.costUsd).toBeTypeOf('number')
    const costUsd = estimate.costUsd ?? Number.NaN
    expect(Math.abs(costUsd - expectedCostUsd)).toBeLessThanOrEqual(
      vectors.tolerance.relative * expectedCostUsd,
    )
    const parts = estimate.breakdown
    expect(parts).toBeDefined()
    if (parts !== undefined) {
      const partsUsd = parts.inputUsd + parts.outputUsd + (parts.otherUsd ?? 0)
      expect(Math.abs(partsUsd - costUsd)).toBeLessThanOrEqual(vectors.tolerance.relative * costUsd)
    }
  })
})
