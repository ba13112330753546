import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FLAG_RANGES, formatDuration, parseDurationFlag, parseIntegerFlag } from './flags.ts'

/** Whatever a user or a script can type after a flag. */
const typed = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '1.5',
    '3000000000',
    '1e308',
    '-1',
    '0x10',
    ' 7 ',
    '',
    'NaN',
    'Infinity',
    '10m',
    '2h',
    '999999999999999',
  ),
  fc.integer().map(String),
  fc.double().map(String),
)

describe('numeric flags', () => {
  it('either give a whole number inside the range or a usage error naming the flag, never anything else', () => {
    fc.assert(
      fc.property(typed, fc.constantFrom(...Object.values(FLAG_RANGES)), (text, range) => {
        for (const parse of [parseIntegerFlag, parseDurationFlag]) {
          try {
            const value = parse('--flag', text, range)
            expect(Number.isSafeInteger(value)).toBe(true)
            expect(value).toBeGreaterThanOrEqual(range.min)
            expect(value).toBeLessThanOrEqual(range.max)
          } catch (err) {
            expect(err).toMatchObject({ name: 'GateError', code: 'USAGE' })
            expect((err as Error).message).toMatch(/^--flag ".*": give a whole/s)
          }
        }
      }),
    )
  })

  it('read durations with units and refuse what a timer cannot hold exactly', () => {
    expect(parseDurationFlag('--deadline', '10m', FLAG_RANGES.deadlineMs)).toBe(600_000)
    expect(parseDurationFlag('--timeout', '1500', FLAG_RANGES.timeoutMs)).toBe(1_500)
    expect(parseDurationFlag('--timeout', '30s', FLAG_RANGES.timeoutMs)).toBe(30_000)
    expect(() => parseDurationFlag('--timeout', '1.5', FLAG_RANGES.timeoutMs)).toThrow(/100ms to 10m/)
    expect(() => parseDurationFlag('--timeout', '3000000000', FLAG_RANGES.timeoutMs)).toThrow(/100ms to 10m/)
    expect(() => parseIntegerFlag('--retries', '1000000', FLAG_RANGES.retries)).toThrow(/from 0 to 10/)
    expect(formatDuration(600_000)).toBe('10m')
    expect(formatDuration(1_500)).toBe('1500ms')
  })
})
