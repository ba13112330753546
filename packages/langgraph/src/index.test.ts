import { describe, expect, it } from 'vitest'
import * as langgraph from './index.ts'

describe('@llm-canary/langgraph (shell)', () => {
  it('reaches core through its public exports', () => {
    expect(typeof langgraph.createAssigner).toBe('function')
    expect(typeof langgraph.assignArm).toBe('function')
    expect(typeof langgraph.modelForAgent).toBe('function')
  })
})
