/**
 * BASELINE FOR COMPARISON ONLY, not used by llm-canary: LaunchDarkly's percentage-rollout bucketing as
 * its server SDKs implement it (`Bucketer` in the JavaScript server SDK, `EvaluatorBucketing` in the
 * Java one): SHA-1 of `flagKey.salt.contextKey` (or `seed.contextKey` when the rollout has a seed), the
 * first 15 hex digits as an integer divided by 0xFFFFFFFFFFFFFFF, then the first variation whose
 * cumulative weight (in 1/100,000) exceeds the bucket.
 */
import { createHash } from 'node:crypto'

// 0xFFFFFFFFFFFFFFF (2^60 − 1) as the SDK writes it; as a double it is 2^60.
const LONG_SCALE = 2 ** 60

/**
 * LaunchDarkly's bucket of a context key for a flag: a number in [0, 1).
 *
 * @param flagKey - The flag's key.
 * @param salt - The flag's salt.
 * @param contextKey - The bucketed attribute's value (the context key).
 * @returns The bucket.
 */
export function launchDarklyBucket(flagKey: string, salt: string, contextKey: string): number {
  const hex = createHash('sha1').update(`${flagKey}.${salt}.${contextKey}`).digest('hex')
  return Number.parseInt(hex.substring(0, 15), 16) / LONG_SCALE
}

/**
 * The variation a bucket falls in, from the rollout's weights (in 1/100,000, summing to 100,000); a
 * bucket past the last cumulative weight gets the last variation, as the SDK does.
 *
 * @param bucket - A bucket in [0, 1).
 * @param weights - The variations' weights, in order.
 * @returns The index of the variation.
 */
export function launchDarklyVariation(bucket: number, weights: readonly number[]): number {
  let sum = 0
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i]! / 100_000
    if (bucket < sum) return i
  }
  return weights.length - 1
}
