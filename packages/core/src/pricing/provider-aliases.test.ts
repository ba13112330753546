import { findProvider } from '@pydantic/genai-prices'
import { describe, expect, it } from 'vitest'
import { PRICE_TABLE_PROVIDER_IDS, toTableModelQuery } from './provider-aliases.ts'

describe('PRICE_TABLE_PROVIDER_IDS', () => {
  it.each(Object.entries(PRICE_TABLE_PROVIDER_IDS))(
    '%s points at the table provider %s',
    (alias, tableId) => {
      expect(findProvider({ providerId: tableId })?.id).toBe(tableId)
      expect(toTableModelQuery(`${alias}:some-model`).providerId).toBe(tableId)
    },
  )

  it('covers the OpenTelemetry provider names whose table id differs', () => {
    for (const otelName of [
      'aws.bedrock',
      'azure.ai.openai',
      'gcp.gemini',
      'gcp.vertex_ai',
      'mistral_ai',
      'x_ai',
    ]) {
      expect(Object.hasOwn(PRICE_TABLE_PROVIDER_IDS, otelName)).toBe(true)
    }
  })
})

describe('toTableModelQuery', () => {
  it.each([
    ['openai:gpt-5', 'openai', 'gpt-5'],
    ['OpenAI:gpt-5', 'openai', 'gpt-5'],
    [' anthropic : claude-opus-4-1 ', 'anthropic', 'claude-opus-4-1'],
    ['Azure.AI.OpenAI:gpt-4o', 'azure', 'gpt-4o'],
    ['bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0', 'aws', 'anthropic.claude-3-5-sonnet-20240620-v1:0'],
    ['gpt-4o', undefined, 'gpt-4o'],
    [':gpt-4o', undefined, 'gpt-4o'],
    ['constructor:gpt-4o', 'constructor', 'gpt-4o'],
  ])('%s -> provider %s, model %s', (modelId, providerId, modelName) => {
    expect(toTableModelQuery(modelId)).toEqual({ providerId, modelName })
  })
})
