import { ROOT_CONTEXT, trace } from '@opentelemetry/api'
import { describe, expect, it } from 'vitest'
import { createTestTracing } from '../src/handler/handler.fixture.ts'
import { checkSpans, findSpanProblem } from './span-check.ts'

describe('checkSpans', () => {
  it('counts roots, dangling parents, traces and LLM spans with usage in every convention', () => {
    const tracing = createTestTracing()
    const tracer = tracing.provider.getTracer('check')
    const root = tracer.startSpan('invoke_workflow g', {}, ROOT_CONTEXT)
    const inRoot = trace.setSpan(ROOT_CONTEXT, root)
    const llm = [
      { 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 3 },
      { 'openinference.span.kind': 'LLM', 'llm.token_count.prompt': 3 },
      { 'langfuse.observation.type': 'generation', 'langfuse.observation.usage_details': '{"input":3}' },
      { 'gen_ai.operation.name': 'chat' },
    ]
    for (const attributes of llm) tracer.startSpan('llm', { attributes }, inRoot).end()
    const unrecorded = tracer.startSpan('never ended', {}, inRoot)
    tracer.startSpan('orphan', {}, trace.setSpan(ROOT_CONTEXT, unrecorded)).end()
    tracer.startSpan('second root', {}, ROOT_CONTEXT).end()
    root.end()
    expect(checkSpans(tracing.spans())).toEqual({
      spans: 7,
      roots: 2,
      dangling: 1,
      traces: 2,
      llmSpans: 4,
      llmSpansWithUsage: 3,
    })
  })
})

describe('findSpanProblem', () => {
  const complete = { spans: 10, roots: 1, dangling: 0, traces: 1, llmSpans: 4, llmSpansWithUsage: 4 }

  it('accepts one parented trace with one LLM span with usage per call', () => {
    expect(findSpanProblem(complete, 4)).toBeUndefined()
  })

  it('names every way spans can be incomplete or unparented', () => {
    expect(findSpanProblem({ ...complete, spans: 0, roots: 0, llmSpans: 0, llmSpansWithUsage: 0 }, 4)).toBe(
      'records nothing',
    )
    expect(findSpanProblem({ ...complete, roots: 11, traces: 11 }, 4)).toBe(
      '11 root spans per operation: unparented',
    )
    expect(findSpanProblem({ ...complete, dangling: 2, llmSpans: 3, llmSpansWithUsage: 1 }, 4)).toBe(
      '2 spans with a parent it never recorded; 3 LLM spans for 4 calls; 2 LLM spans without token usage',
    )
  })
})
