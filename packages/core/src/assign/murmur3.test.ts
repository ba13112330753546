import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assignmentVectors } from './assignment.fixture.ts'
import { murmur3X86_32 } from './murmur3.ts'

/** Byte-wise MurmurHash3_x86_32 straight from SMHasher, over TextEncoder bytes: the test oracle. */
function murmur3OfBytes(bytes: Uint8Array, seed: number): number {
  const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r))
  const mixK = (k: number) => Math.imul(rotl(Math.imul(k, 0xcc9e2d51), 15), 0x1b873593)
  let h = seed >>> 0
  const blocks = bytes.length >> 2
  for (let i = 0; i < blocks; i++) {
    const k = bytes[4 * i]! | (bytes[4 * i + 1]! << 8) | (bytes[4 * i + 2]! << 16) | (bytes[4 * i + 3]! << 24)
    h = (Math.imul(rotl(h ^ mixK(k), 13), 5) + 0xe6546b64) | 0
  }
  const tail = bytes.subarray(blocks * 4)
  let k = 0
  for (let i = tail.length - 1; i >= 0; i--) k = (k << 8) | tail[i]!
  if (tail.length > 0) h ^= mixK(k)
  h ^= bytes.length
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

const encoder = new TextEncoder()

describe('murmur3X86_32', () => {
  it.each(assignmentVectors.murmur3)('murmur3[%#] %s', (_name, text, seed, expected) => {
    expect(murmur3X86_32(text, seed)).toBe(expected)
  })

  it.each(assignmentVectors.murmur3CodeUnits)(
    'murmur3CodeUnits[%#] %s',
    (_name, codeUnits, seed, expected) => {
      expect(murmur3X86_32(String.fromCharCode(...codeUnits), seed)).toBe(expected)
    },
  )

  it('hashes a lone surrogate as U+FFFD, like TextEncoder', () => {
    expect(murmur3X86_32('a\ud800b', 0)).toBe(murmur3X86_32('a\ufffdb', 0))
    expect(murmur3X86_32('abc\udc00', 3)).toBe(murmur3X86_32('abc\ufffd', 3))
  })

  it('matches the byte-wise reference over TextEncoder on any UTF-16 string, lone surrogates included', () => {
    const codeUnits = fc.array(
      fc.oneof(
        fc.integer({ min: 0, max: 0x7f }),
        fc.integer({ min: 0x80, max: 0xffff }),
        fc.constantFrom(0xd83d, 0xde00, 0xd800, 0xdfff),
      ),
      { maxLength: 40 },
    )
    fc.assert(
      fc.property(codeUnits, fc.nat({ max: 0xffffffff }), (units, seed) => {
        const text = String.fromCharCode(...units)
        expect(murmur3X86_32(text, seed)).toBe(murmur3OfBytes(encoder.encode(text), seed))
      }),
      { numRuns: 2000 },
    )
  })

  it('gives the same value when non-ASCII text follows a long ASCII prefix (scratch buffer reuse)', () => {
    const long = `${'é'.repeat(500)}日本`
    const short = 'abcdé'
    const expectedLong = murmur3OfBytes(encoder.encode(long), 9)
    expect(murmur3X86_32(long, 9)).toBe(expectedLong)
    expect(murmur3X86_32(short, 9)).toBe(murmur3OfBytes(encoder.encode(short), 9))
    expect(murmur3X86_32(long, 9)).toBe(expectedLong)
  })

  it('reads the seed as unsigned 32-bit, so -1 and 0xffffffff agree', () => {
    expect(murmur3X86_32('session-1', -1)).toBe(murmur3X86_32('session-1', 0xffffffff))
  })

  it('returns an unsigned 32-bit integer', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat({ max: 0xffffffff }), (text, seed) => {
        const hash = murmur3X86_32(text, seed)
        expect(Number.isInteger(hash) && hash >= 0 && hash <= 0xffffffff).toBe(true)
      }),
    )
  })
})
