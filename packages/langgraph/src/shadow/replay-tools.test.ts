import { describe, expect, it } from 'vitest'
import { toReplayTools } from './replay-tools.ts'

const parameters = { type: 'object', properties: { query: { type: 'string' } } }
const lookup = { type: 'function', function: { name: 'lookup', description: 'Looks up.', parameters } }

describe('toReplayTools', () => {
  it('reports no tools when the call had none', () => {
    expect(toReplayTools(undefined)).toEqual({ kind: 'none' })
    expect(toReplayTools({ temperature: 0 })).toEqual({ kind: 'none' })
    expect(toReplayTools({ tools: [] })).toEqual({ kind: 'none' })
  })

  it.each([
    ['OpenAI chat', { type: 'function', function: { name: 'lookup', description: 'Looks up.', parameters } }],
    ['OpenAI responses', { type: 'function', name: 'lookup', description: 'Looks up.', parameters }],
    ['Anthropic', { name: 'lookup', description: 'Looks up.', input_schema: parameters }],
    ['Google', { functionDeclarations: [{ name: 'lookup', description: 'Looks up.', parameters }] }],
    [
      'Bedrock Converse',
      { toolSpec: { name: 'lookup', description: 'Looks up.', inputSchema: { json: parameters } } },
    ],
  ])('reads %s tools as function definitions', (_format, tool) => {
    expect(toReplayTools({ tools: [tool] })).toEqual({ kind: 'tools', tools: [lookup] })
  })

  it('gives a tool without a schema an empty object schema', () => {
    expect(toReplayTools({ tools: [{ type: 'function', function: { name: 'ping' } }] })).toEqual({
      kind: 'tools',
      tools: [
        { type: 'function', function: { name: 'ping', parameters: { type: 'object', properties: {} } } },
      ],
    })
  })

  it('refuses a call with a tool it cannot rebind (a provider server tool), naming it', () => {
    const replay = toReplayTools({ tools: [lookup, { type: 'web_search_20250305', name: 'web_search' }] })
    expect(replay).toEqual({
      kind: 'unsupported',
      example: 'a tool of type "web_search_20250305" named "web_search"',
    })
    expect(toReplayTools({ tools: 'lookup' }).kind).toBe('unsupported')
  })
})
