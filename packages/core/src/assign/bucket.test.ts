import { describe, expect, it } from 'vitest'
import {
  assignmentVectors,
  CHI_SQUARE_CRITICAL_P001,
  chiSquareGoodnessOfFit,
  syntheticUuid,
} from './assignment.fixture.ts'
import { BUCKET_COUNT, bucketFromHash, bucketOf, seedFromSalt, shadowSeedFor } from './bucket.ts'
import { murmur3X86_32 } from './murmur3.ts'

describe('bucketOf', () => {
  it('has at least 60 shared vector rows', () => {
    expect(assignmentVectors.buckets.length).toBeGreaterThanOrEqual(60)
  })

  it.each(assignmentVectors.buckets)('buckets[%#] %s', (_name, salt, unitId, expectedBucket) => {
    expect(bucketOf(salt, unitId)).toBe(expectedBucket)
  })

  it('hashes the unit id with the hash of the salt as seed', () => {
    const seed = seedFromSalt('exp-1')
    expect(seed).toBe(murmur3X86_32('exp-1', 0))
    expect(bucketOf('exp-1', 'session-7')).toBe(bucketFromHash(murmur3X86_32('session-7', seed)))
  })

  it('derives the shadow seed from salt, ":shadow:" and the arm name', () => {
    expect(shadowSeedFor('exp-1', 'gpt5')).toBe(murmur3X86_32('exp-1:shadow:gpt5', 0))
  })

  it('rejects an empty or non-string unit id with UNIT_ID_INVALID', () => {
    expect(() => bucketOf('exp-1', '')).toThrow(expect.objectContaining({ code: 'UNIT_ID_INVALID' }))
    expect(() => bucketOf('exp-1', 42 as unknown as string)).toThrow(/number 42/)
  })

  it('rejects an unknown hash version with HASH_VERSION_UNSUPPORTED', () => {
    expect(() => bucketOf('exp-1', 'session-1', 2)).toThrow(
      expect.objectContaining({
        code: 'HASH_VERSION_UNSUPPORTED',
        message: expect.stringMatching(/hashVersion is 2/),
      }),
    )
  })
})

describe('bucketFromHash', () => {
  it('maps the ends of the 32-bit range to buckets 0 and 9999', () => {
    expect(bucketFromHash(0)).toBe(0)
    expect(bucketFromHash(0xffffffff)).toBe(BUCKET_COUNT - 1)
  })

  it('gives every bucket 429,496 or 429,497 hash values (multiply-shift, no modulo bias)', () => {
    // The first hash of bucket b is ceil(b * 2^32 / 10000); the sizes are the gaps between them.
    const firstHash = (bucket: number) => Math.ceil((bucket * 2 ** 32) / BUCKET_COUNT)
    const sizes = new Set<number>()
    for (let bucket = 0; bucket < BUCKET_COUNT; bucket++) {
      const first = firstHash(bucket)
      expect(bucketFromHash(first)).toBe(bucket)
      if (first > 0) expect(bucketFromHash(first - 1)).toBe(bucket - 1)
      sizes.add(firstHash(bucket + 1) - first)
    }
    expect([...sizes].sort()).toEqual([429496, 429497])
  })
})

describe('bucket uniformity', () => {
  it('spreads 1,000,000 UUIDs over the 10,000 buckets uniformly (chi-square, df 9999, p = 0.001)', () => {
    const counts = new Array<number>(BUCKET_COUNT).fill(0)
    const seed = seedFromSalt('uniformity-check')
    for (let i = 0; i < 1_000_000; i++) {
      const bucket = bucketFromHash(murmur3X86_32(syntheticUuid(i), seed))
      counts[bucket] = counts[bucket]! + 1
    }
    const statistic = chiSquareGoodnessOfFit(counts, new Array<number>(BUCKET_COUNT).fill(1 / BUCKET_COUNT))
    expect(statistic).toBeLessThan(CHI_SQUARE_CRITICAL_P001[9999]!)
  })

  it('spreads 1,000,000 sequential ids (session-0, session-1, ...) uniformly too', () => {
    const counts = new Array<number>(BUCKET_COUNT).fill(0)
    for (let i = 0; i < 1_000_000; i++) {
      const bucket = bucketOf('sequential-ids', `session-${i}`)
      counts[bucket] = counts[bucket]! + 1
    }
    const statistic = chiSquareGoodnessOfFit(counts, new Array<number>(BUCKET_COUNT).fill(1 / BUCKET_COUNT))
    expect(statistic).toBeLessThan(CHI_SQUARE_CRITICAL_P001[9999]!)
  })
})
