import { describe, expect, it } from 'vitest'
import { ExitCode } from './index.ts'

describe('@llm-canary/action (shell)', () => {
  it('sees the gate exit codes it will map to check conclusions', () => {
    expect(ExitCode).toEqual({ Pass: 0, Fail: 1, Usage: 2, Undecided: 3, Backend: 4 })
  })
})
