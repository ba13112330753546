import { describe, expect, it } from 'vitest'
import { buildSpan } from './analysis.fixture.ts'
import type { SpanRole } from './span-role.ts'
import { classifySpan, readNameTarget } from './span-role.ts'

describe('classifySpan', () => {
  it.each<[string, string | undefined, SpanRole]>([
    ['chat gpt-5', 'chat', 'llm'],
    ['generate gemini', 'generate_content', 'llm'],
    ['anything', 'text_completion', 'llm'],
    ['chat gpt-5', undefined, 'llm'],
    ['chat', undefined, 'llm'],
    ['invoke_workflow support', undefined, 'workflow'],
    ['graph', 'invoke_workflow', 'workflow'],
    ['invoke_agent writer', undefined, 'agent'],
    ['evaluate judge', undefined, 'evaluation'],
    ['retrieval vector-search', undefined, 'retrieval'],
    ['execute_tool search', 'execute_tool', 'tool'],
    ['GET /healthz', undefined, 'other'],
    ['chatty service', undefined, 'other'],
  ])('%s with operation %s is %s', (name, operation, role) => {
    const span = buildSpan({ name, attributes: { 'gen_ai.operation.name': operation } })
    expect(classifySpan(span)).toBe(role)
  })

  it('prefers the operation attribute over the name', () => {
    const span = buildSpan({ name: 'chat gpt-5', attributes: { 'gen_ai.operation.name': 'invoke_agent' } })
    expect(classifySpan(span)).toBe('agent')
  })

  it('reads the target of a span name', () => {
    expect(readNameTarget('invoke_agent writer')).toBe('writer')
    expect(readNameTarget('evaluate')).toBeUndefined()
  })
})
