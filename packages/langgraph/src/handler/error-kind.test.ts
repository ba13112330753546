import { Command, GraphInterrupt, NodeInterrupt, ParentCommand } from '@langchain/langgraph'
import { describe, expect, it } from 'vitest'
import { classifyError, errorMessage, errorName } from './error-kind.ts'

describe('classifyError', () => {
  it('treats LangGraph interrupts as interrupts and other bubble-ups as control flow', () => {
    expect(classifyError(new GraphInterrupt([]))).toBe('interrupt')
    expect(classifyError(new NodeInterrupt('stop'))).toBe('interrupt')
    expect(classifyError(new ParentCommand(new Command({ goto: 'x' })))).toBe('control')
    expect(classifyError(new TypeError('x'))).toBe('error')
    expect(classifyError('boom')).toBe('error')
  })
})

describe('errorName', () => {
  it('uses the error name, then the class name, else Error', () => {
    expect(errorName(new DOMException('aborted', 'AbortError'))).toBe('AbortError')
    class QuotaError extends Error {}
    expect(errorName(new QuotaError())).toBe('QuotaError')
    expect(errorName(new Error('x'))).toBe('Error')
    expect(errorName({ message: 'plain object' })).toBe('Error')
    expect(errorName('text')).toBe('Error')
  })
})

describe('errorMessage', () => {
  it('keeps the first line, at most 200 characters', () => {
    expect(errorMessage(new Error('first\nsecond'))).toBe('first')
    expect(errorMessage(new Error('x'.repeat(300)))).toHaveLength(200)
  })
})
