import { describe, expect, it } from 'vitest'
import { makeExperiment } from './handler.fixture.ts'
import { resolveHandlerOptions } from './handler-options.ts'

const experiment = makeExperiment()

describe('resolveHandlerOptions', () => {
  it('applies the defaults; content capture follows the environment', () => {
    const resolved = resolveHandlerOptions({ experiment, hashKey: 'k' }, {})
    expect(resolved).toMatchObject({
      captureMessageContent: false,
      awaitHandlers: true,
      runTtlMs: 30 * 60_000,
      maxOpenRuns: 10_000,
      endedSpanCacheSize: 1_000,
      observers: [],
      evaluators: [],
    })
    const env = { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' }
    expect(resolveHandlerOptions({ experiment, hashKey: 'k' }, env).captureMessageContent).toBe(true)
    expect(
      resolveHandlerOptions({ experiment, hashKey: 'k', captureMessageContent: false }, env)
        .captureMessageContent,
    ).toBe(false)
  })

  it('rejects a missing experiment, an empty key and bad bounds with CanaryError INVALID_OPTION', () => {
    const cases = [
      () => resolveHandlerOptions({ hashKey: 'k' } as never, {}),
      () => resolveHandlerOptions({ experiment, hashKey: '' }, {}),
      () => resolveHandlerOptions({ experiment, hashKey: 'k', runTtlMs: 0 }, {}),
      () => resolveHandlerOptions({ experiment, hashKey: 'k', maxOpenRuns: Number.NaN }, {}),
      () => resolveHandlerOptions({ experiment, hashKey: 'k', endedSpanCacheSize: -1 }, {}),
    ]
    for (const call of cases) {
      expect(call).toThrow(expect.objectContaining({ name: 'CanaryError', code: 'INVALID_OPTION' }))
    }
    expect(() => resolveHandlerOptions({ experiment, hashKey: '' }, {})).toThrow(/hashKey is empty/)
  })
})
