import { describe, expect, it } from 'vitest'
import { durationNanosToMs, nanosToMs, parseUint64 } from './unix-nanos.ts'

describe('parseUint64', () => {
  it('reads decimal strings exactly, beyond 2^63 too', () => {
    expect(parseUint64('1544712660000000000')).toBe(1544712660000000000n)
    expect(parseUint64('11651379494838206464')).toBe(11651379494838206464n)
  })

  it('reads JSON numbers and treats an absent value as the proto3 default 0', () => {
    expect(parseUint64(1746700000)).toBe(1746700000n)
    expect(parseUint64(undefined)).toBe(0n)
  })

  it('rejects negatives, fractions and text', () => {
    expect(parseUint64('-1')).toBeUndefined()
    expect(parseUint64(1.5)).toBeUndefined()
    expect(parseUint64('12ms')).toBeUndefined()
    expect(parseUint64(true)).toBeUndefined()
  })
})

describe('nanosToMs and durationNanosToMs', () => {
  it('keeps microsecond precision on an epoch start', () => {
    expect(nanosToMs(1782036644636668325n)).toBe(1782036644636.668)
  })

  it('computes a duration on the integers, so the epoch size costs no precision', () => {
    const start = 1782036644636668325n
    const end = 1782036644898226779n
    expect(durationNanosToMs(start, end)).toBe(261.558454)
  })
})
