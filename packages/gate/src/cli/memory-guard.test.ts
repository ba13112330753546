import { describe, expect, it } from 'vitest'
import { createMemoryGuard } from './memory-guard.ts'

describe('createMemoryGuard', () => {
  it('passes under the budget and stops past it, saying what was read and what to raise', () => {
    let resident = 100 * 1_048_576
    const check = createMemoryGuard({
      budgetBytes: 200 * 1_048_576,
      residentBytes: () => resident,
      env: { LLM_CANARY_MAX_HEAP_MB: '1024' },
      unit: 'user',
    })
    expect(() => check({ spansRead: 10, units: 5 })).not.toThrow()
    resident = 201 * 1_048_576
    expect(() => check({ spansRead: 1_380_000, units: 1_380_000 })).toThrow(
      expect.objectContaining({
        code: 'MEMORY_LIMIT',
        message: expect.stringMatching(
          /after 1,380,000 spans of 1,380,000 users.*LLM_CANARY_MAX_HEAP_MB=2048.*a user takes about 1 KB/,
        ),
      }),
    )
  })
})
