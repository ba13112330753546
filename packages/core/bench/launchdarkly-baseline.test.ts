import { describe, expect, it } from 'vitest'
import { launchDarklyBucket, launchDarklyVariation } from './launchdarkly-baseline.ts'

describe('LaunchDarkly bucketing baseline', () => {
  it("gives the buckets of LaunchDarkly's own SDK tests (flag hashKey, salt saltyA)", () => {
    // The values LaunchDarkly's server SDK test suites expect for these three keys.
    expect(launchDarklyBucket('hashKey', 'saltyA', 'userKeyA')).toBeCloseTo(0.42157587, 7)
    expect(launchDarklyBucket('hashKey', 'saltyA', 'userKeyB')).toBeCloseTo(0.6708485, 7)
    expect(launchDarklyBucket('hashKey', 'saltyA', 'userKeyC')).toBeCloseTo(0.10343106, 7)
  })

  it('picks the variation whose cumulative weight first exceeds the bucket, the last one past the end', () => {
    expect(launchDarklyVariation(0.1, [80_000, 20_000])).toBe(0)
    expect(launchDarklyVariation(0.8, [80_000, 20_000])).toBe(1)
    expect(launchDarklyVariation(0.99, [50_000, 40_000])).toBe(1)
  })
})
