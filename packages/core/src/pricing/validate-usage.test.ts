import { describe, expect, it } from 'vitest'
import type { ModelPrice } from '../types.ts'
import type { TokenUsage } from './cost-types.ts'
import { validateModelPrice, validateTokenUsage } from './validate-usage.ts'

function errorOf(run: () => void): { code?: unknown; message: string } {
  try {
    run()
  } catch (err) {
    return err as { code?: unknown; message: string }
  }
  throw new Error('expected a throw')
}

describe('validateTokenUsage', () => {
  it.each<[string, TokenUsage]>([
    ['nothing known', {}],
    [
      'zeros',
      { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
    ],
    ['cache parts filling the input', { inputTokens: 10, cacheReadTokens: 6, cacheWriteTokens: 4 }],
    ['reasoning filling the output', { outputTokens: 7, reasoningTokens: 7 }],
    ['cache counts with the input unknown', { cacheReadTokens: 5 }],
  ])('accepts %s', (_name, usage) => {
    expect(() => validateTokenUsage('openai:gpt-5', usage)).not.toThrow()
  })

  it.each<[keyof TokenUsage, unknown]>([
    ['inputTokens', -1],
    ['outputTokens', Number.NaN],
    ['cacheReadTokens', 1.5],
    ['cacheWriteTokens', Number.POSITIVE_INFINITY],
    ['reasoningTokens', '12'],
    ['inputTokens', null],
  ])('rejects %s = %s, naming the field and the value', (field, value) => {
    const usage = { inputTokens: 100, outputTokens: 100, [field]: value } as TokenUsage
    const err = errorOf(() => validateTokenUsage('openai:gpt-5', usage))
    expect(err.code).toBe('PRICING_INVALID')
    expect(err.message).toContain(`usage.${field} is ${String(value)}`)
    expect(err.message).toContain('openai:gpt-5')
  })

  it('rejects cache tokens that exceed the input, saying input includes them', () => {
    const err = errorOf(() =>
      validateTokenUsage('anthropic:claude-4-opus', {
        inputTokens: 10,
        cacheReadTokens: 8,
        cacheWriteTokens: 3,
      }),
    )
    expect(err.code).toBe('PRICING_INVALID')
    expect(err.message).toContain('cacheReadTokens (8) + cacheWriteTokens (3) > inputTokens (10)')
    expect(err.message).toContain('must include cached tokens')
  })

  it('rejects reasoning tokens that exceed the output', () => {
    const err = errorOf(() => validateTokenUsage('openai:o3', { outputTokens: 5, reasoningTokens: 6 }))
    expect(err.code).toBe('PRICING_INVALID')
    expect(err.message).toContain('reasoningTokens (6) > outputTokens (5)')
  })
})

describe('validateModelPrice', () => {
  it('accepts zero and optional prices left out', () => {
    expect(() => validateModelPrice('local:llama', { inputPerMTokUsd: 0, outputPerMTokUsd: 0 })).not.toThrow()
  })

  it.each<[string, Record<string, unknown>]>([
    ['negative input', { inputPerMTokUsd: -1, outputPerMTokUsd: 1 }],
    ['NaN output', { inputPerMTokUsd: 1, outputPerMTokUsd: Number.NaN }],
    ['missing output', { inputPerMTokUsd: 1 }],
    [
      'infinite cache read',
      { inputPerMTokUsd: 1, outputPerMTokUsd: 1, cacheReadPerMTokUsd: Number.POSITIVE_INFINITY },
    ],
    ['string reasoning', { inputPerMTokUsd: 1, outputPerMTokUsd: 1, reasoningPerMTokUsd: '2' }],
  ])('rejects %s with the experiment-file fix', (_name, price) => {
    const err = errorOf(() => validateModelPrice('openai:gpt-5', price as unknown as ModelPrice))
    expect(err.code).toBe('PRICING_INVALID')
    expect(err.message).toContain('pricing override "openai:gpt-5"')
    expect(err.message).toContain('pricing: { "openai:gpt-5": { input, output } }')
  })
})
