import { describe, expect, it } from 'vitest'
import { checkModelId, toModelRef } from './model-id.ts'

describe('checkModelId', () => {
  it.each([
    'openai:gpt-5',
    'anthropic:claude-4-opus@20250514',
    'bedrock:anthropic.claude-3-sonnet:v1',
    'ollama:meta/llama3:70b',
    'azure-openai:gpt-4o+mini',
    'google_vertex:Gemini-2.5-Pro',
    `openai:${'x'.repeat(193)}`,
  ])('accepts %s', (id) => {
    expect(checkModelId(id)).toBeUndefined()
  })

  it.each([
    ['gpt-5', ['"gpt-5" has no provider', 'e.g. openai:gpt-5']],
    ['OpenAI:gpt-5', ['provider "OpenAI"', 'did you mean openai:gpt-5?']],
    ['open ai:gpt-5', ['provider "open ai"', 'e.g. openai:gpt-5']],
    ['1openai:gpt-5', ['provider "1openai"', 'starts with a letter']],
    ['openai:', ['has no model name after the colon', 'e.g. openai:gpt-5']],
    ['openai:-gpt', ['model name "-gpt"', 'starts with a letter or digit']],
    ['openai:gpt 5', ['model name "gpt 5"']],
    [`openai:${'x'.repeat(194)}`, ['201 characters long, over the limit of 200']],
    [5, ['model id is a number (5)', 'write provider:model']],
    [undefined, ['model id is missing']],
  ] as const)('refuses %j', (value, fragments) => {
    const message = checkModelId(value)
    for (const fragment of fragments) expect(message).toContain(fragment)
  })
})

describe('toModelRef', () => {
  it('splits at the first colon: the provider holds none, the model name may', () => {
    expect(toModelRef('bedrock:anthropic.claude-3:v1')).toEqual({
      id: 'bedrock:anthropic.claude-3:v1',
      provider: 'bedrock',
      name: 'anthropic.claude-3:v1',
    })
  })
})
