import { createPricer } from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import { buildExperiment } from './analysis.fixture.ts'
import { MalformedTally } from './attribute-readers.ts'
import { createCostResolver } from './cost-resolver.ts'
import { ImplausibleTally } from './plausibility.ts'

const AT_MS = Date.UTC(2026, 4, 1)
const usage = { 'gen_ai.usage.input_tokens': 1200, 'gen_ai.usage.output_tokens': 300 }

describe('createCostResolver', () => {
  it('uses gen_ai.usage.cost.amount when the span reports it in USD', () => {
    const resolver = createCostResolver(buildExperiment(), new MalformedTally(), new ImplausibleTally(2))
    const attributes = { ...usage, 'gen_ai.usage.cost.amount': 0.5, 'gen_ai.usage.cost.currency': 'usd' }
    expect(resolver.costOf(attributes, AT_MS)).toBe(0.5)
  })

  it('recomputes an absent cost from tokens with the bundled table', () => {
    const resolver = createCostResolver(buildExperiment(), new MalformedTally(), new ImplausibleTally(2))
    const attributes = { ...usage, 'gen_ai.provider.name': 'openai', 'gen_ai.response.model': 'gpt-4.1' }
    const expected = createPricer().estimateCost(
      'openai:gpt-4.1',
      { inputTokens: 1200, outputTokens: 300 },
      { atUnixMs: AT_MS },
    )
    expect(resolver.costOf(attributes, AT_MS)).toBe(expected.costUsd)
  })

  it('prices with the experiment override written for the request model when the response model is dated', () => {
    const experiment = buildExperiment({ pricing: { 'openai:gpt-5': { input: 10, output: 40 } } })
    const resolver = createCostResolver(experiment, new MalformedTally(), new ImplausibleTally(2))
    const attributes = {
      ...usage,
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-5',
      'gen_ai.response.model': 'gpt-5-2025-08-07',
    }
    expect(resolver.costOf(attributes, AT_MS)).toBeCloseTo((1200 * 10 + 300 * 40) / 1e6, 12)
  })

  it('reads the deprecated token keys and the deprecated gen_ai.system', () => {
    const experiment = buildExperiment({ pricing: { 'acme:m1': { input: 2, output: 4 } } })
    const resolver = createCostResolver(experiment, new MalformedTally(), new ImplausibleTally(2))
    const attributes = {
      'gen_ai.system': 'acme',
      'gen_ai.request.model': 'm1',
      'gen_ai.usage.prompt_tokens': 1000,
      'gen_ai.usage.completion_tokens': 500,
    }
    expect(resolver.costOf(attributes, AT_MS)).toBeCloseTo((1000 * 2 + 500 * 4) / 1e6, 12)
  })

  it('leaves unknown usage and unknown models unknown (never 0) and says why', () => {
    const resolver = createCostResolver(buildExperiment(), new MalformedTally(), new ImplausibleTally(2))
    expect(
      resolver.costOf({ 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4.1' }, AT_MS),
    ).toBeUndefined()
    const mystery = { ...usage, 'gen_ai.provider.name': 'acme', 'gen_ai.request.model': 'mystery-7' }
    expect(resolver.costOf(mystery, AT_MS)).toBeUndefined()
    const warnings = resolver.warnings().join('\n')
    expect(warnings).toContain('no input/output token counts')
    expect(warnings).toContain('acme:mystery-7')
  })

  it('recomputes a cost reported in another currency', () => {
    const resolver = createCostResolver(buildExperiment(), new MalformedTally(), new ImplausibleTally(2))
    const attributes = {
      ...usage,
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4.1',
      'gen_ai.usage.cost.amount': 99,
      'gen_ai.usage.cost.currency': 'EUR',
    }
    const expected = createPricer().estimateCost(
      'openai:gpt-4.1',
      { inputTokens: 1200, outputTokens: 300 },
      { atUnixMs: AT_MS },
    )
    expect(resolver.costOf(attributes, AT_MS)).toBe(expected.costUsd)
    expect(resolver.warnings().join('\n')).toContain('currency other than USD')
  })

  it('counts malformed token values and inconsistent usage instead of throwing', () => {
    const tally = new MalformedTally()
    const resolver = createCostResolver(buildExperiment(), tally, new ImplausibleTally(2))
    const base = { 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4.1' }
    expect(
      resolver.costOf(
        { ...base, 'gen_ai.usage.input_tokens': '1200', 'gen_ai.usage.output_tokens': 3 },
        AT_MS,
      ),
    ).toBeUndefined()
    const inconsistent = { ...base, ...usage, 'gen_ai.usage.cache_read.input_tokens': 5000 }
    expect(resolver.costOf(inconsistent, AT_MS)).toBeUndefined()
    expect(tally.describe()).toContain('gen_ai.usage.input_tokens ×1')
    expect(resolver.warnings().join('\n')).toContain('above their totals')
  })

  it('sets aside implausible costs and token counts, and prices a recorded cost far from its tokens by them', () => {
    const implausible = new ImplausibleTally(2)
    const resolver = createCostResolver(buildExperiment(), new MalformedTally(), implausible)
    const model = { 'gen_ai.provider.name': 'openai', 'gen_ai.response.model': 'gpt-4.1' }
    const priced = resolver.costOf({ ...usage, ...model }, AT_MS) ?? Number.NaN
    // Within the factor either way: the recorded amount stands (discounts, cached tokens).
    expect(resolver.costOf({ ...usage, ...model, 'gen_ai.usage.cost.amount': priced * 5 }, AT_MS)).toBe(
      priced * 5,
    )
    expect(resolver.costOf({ ...usage, ...model, 'gen_ai.usage.cost.amount': priced / 5 }, AT_MS)).toBe(
      priced / 5,
    )
    expect(implausible.total).toBe(0)
    // Far off either way: the tokens' price.
    expect(resolver.costOf({ ...usage, ...model, 'gen_ai.usage.cost.amount': priced * 100 }, AT_MS)).toBe(
      priced,
    )
    expect(resolver.costOf({ ...usage, ...model, 'gen_ai.usage.cost.amount': 0 }, AT_MS)).toBe(priced)
    // Beyond any call: unknown, never summed.
    expect(resolver.costOf({ 'gen_ai.usage.cost.amount': 1e308 }, AT_MS)).toBeUndefined()
    expect(
      resolver.costOf(
        { ...model, 'gen_ai.usage.input_tokens': 9e15, 'gen_ai.usage.output_tokens': 1 },
        AT_MS,
      ),
    ).toBeUndefined()
    expect(implausible.total).toBe(4)
    expect(implausible.describe()).toMatch(/4 implausible value\(s\) set aside/)
  })
})
