import { describe, expect, it } from 'vitest'
import { resolveSourceOptions, SOURCE_DEFAULTS, toHttpOptions } from './source-options.ts'

describe('resolveSourceOptions', () => {
  it('applies the defaults', () => {
    const resolved = resolveSourceOptions()
    expect(resolved).toMatchObject(SOURCE_DEFAULTS)
    expect(() => resolved.onWarning('ignored')).not.toThrow()
  })

  it.each([
    [{ timeoutMs: 0 }, /timeoutMs is 0; it must be a positive number/],
    [{ sliceMs: Number.NaN }, /sliceMs is NaN/],
    [{ searchLimit: 1.5 }, /searchLimit is 1.5; it must be a positive integer/],
    [{ retries: -1 }, /retries is -1; it must be an integer, 0 or more/],
  ])('rejects %j', (options, message) => {
    expect(() => resolveSourceOptions(options)).toThrow(message)
  })

  it('accepts zero retries', () => {
    expect(resolveSourceOptions({ retries: 0 }).retries).toBe(0)
  })
})

describe('toHttpOptions', () => {
  it('passes only what was set, and always the body cap', () => {
    const signal = new AbortController().signal
    expect(toHttpOptions(resolveSourceOptions({ timeoutMs: 5 }), { a: 'b' }, signal)).toEqual({
      headers: { a: 'b' },
      timeoutMs: 5,
      maxBodyBytes: SOURCE_DEFAULTS.maxBodyBytes,
      signal,
    })
  })
})
