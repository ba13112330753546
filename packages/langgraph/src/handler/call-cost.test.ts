import { createPricer } from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import { createCallCoster } from './call-cost.ts'
import { makeExperiment } from './handler.fixture.ts'

const experiment = makeExperiment({
  pricing: { 'google_genai:gemini-x': { input: 1, output: 2 }, 'openai:gpt-5': { input: 10, output: 40 } },
})
const coster = createCallCoster(experiment)
const USAGE = { inputTokens: 1_000_000, outputTokens: 1_000_000 }
const AT = Date.UTC(2026, 4, 1)

describe('createCallCoster', () => {
  it('prices with the experiment override under the provider as LangChain names it', () => {
    const cost = coster(
      {
        providerName: 'gcp.gemini',
        rawProvider: 'google_genai',
        requestModel: 'gemini-x',
        responseModel: 'gemini-x-001',
      },
      USAGE,
      AT,
    )
    expect(cost).toBe(3)
  })

  it('prices an override by requested model even when the provider answers with a dated model', () => {
    const cost = coster(
      {
        providerName: 'openai',
        rawProvider: 'openai',
        requestModel: 'gpt-5',
        responseModel: 'gpt-5-2025-08-07',
      },
      USAGE,
      AT,
    )
    expect(cost).toBe(50)
  })

  it('falls back to the bundled table with the response model', () => {
    const model = {
      providerName: 'anthropic',
      rawProvider: 'anthropic',
      requestModel: 'claude-sonnet-4-0',
      responseModel: undefined,
    }
    const expected = createPricer().estimateCost('anthropic:claude-sonnet-4-0', USAGE, {
      atUnixMs: AT,
    }).costUsd
    expect(expected).toBeGreaterThan(0)
    expect(coster(model, USAGE, AT)).toBe(expected)
  })

  it('is undefined for an unknown model, a call without a model, unknown usage or invalid usage', () => {
    const known = {
      providerName: 'openai',
      rawProvider: 'openai',
      requestModel: 'gpt-5',
      responseModel: undefined,
    }
    expect(
      coster(
        { ...known, requestModel: 'no-such-model-xyz', providerName: 'acme', rawProvider: 'acme' },
        USAGE,
        AT,
      ),
    ).toBeUndefined()
    expect(coster({ ...known, requestModel: undefined }, USAGE, AT)).toBeUndefined()
    expect(coster(known, { inputTokens: 10 }, AT)).toBeUndefined()
    expect(coster(known, { inputTokens: 10, outputTokens: 1, cacheReadTokens: 20 }, AT)).toBeUndefined()
  })
})
