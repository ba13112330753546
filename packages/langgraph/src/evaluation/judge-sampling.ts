import { createHash } from 'node:crypto'

/**
 * Decides, reproducibly, whether a call is judged: SHA-256 of `seed` and the run id, first 32 bits as a
 * fraction of 2^32, compared with the rate. The same seed and run id always give the same answer, and
 * across many runs the judged share converges to the rate.
 *
 * @param seed - The judge's seed (change it to draw another sample).
 * @param runId - The LLM run id.
 * @param sampleRate - Share of calls to judge, in [0, 1].
 * @returns True when the call is in the sample.
 * @example
 * isSampled('judge-v1', runId, 0.1) // true for about 10% of run ids
 */
export function isSampled(seed: string, runId: string, sampleRate: number): boolean {
  if (sampleRate >= 1) return true
  if (sampleRate <= 0) return false
  const digest = createHash('sha256').update(seed).update('\u0000').update(runId).digest()
  return digest.readUInt32BE(0) / 2 ** 32 < sampleRate
}
