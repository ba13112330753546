import { describe, expect, it } from 'vitest'
import { toOtelProviderName } from './provider-names.ts'

describe('toOtelProviderName', () => {
  it.each([
    ['openai', 'openai'],
    ['anthropic', 'anthropic'],
    ['google_genai', 'gcp.gemini'],
    ['google_vertexai', 'gcp.vertex_ai'],
    ['amazon_bedrock', 'aws.bedrock'],
    ['azure', 'azure.ai.openai'],
    ['mistralai', 'mistral_ai'],
    ['xai', 'x_ai'],
    ['OpenAI', 'openai'],
    ['ollama', 'ollama'],
  ])('%s → %s', (lsProvider, otel) => {
    expect(toOtelProviderName(lsProvider)).toBe(otel)
  })

  it('gives undefined for a missing or blank provider', () => {
    expect(toOtelProviderName(undefined)).toBeUndefined()
    expect(toOtelProviderName('  ')).toBeUndefined()
    expect(toOtelProviderName(3)).toBeUndefined()
  })
})
