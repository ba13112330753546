import { createRandom, murmur3X86_32 } from '@llm-canary/core'

/** A reproducible stream of random draws. */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  uniform(): number
  /** True with probability `p`. */
  chance(p: number): boolean
  /** Integer in [min, max], both included. */
  integer(min: number, max: number): number
  /** Log-normal draw with the given median and log-scale spread (sigma). */
  logNormal(median: number, sigma: number): number
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T
}

/**
 * Creates a random stream seeded by a text key (hashed with MurmurHash3): the same key always gives the
 * same draws, so a session's simulated calls are the same in every run, whatever the concurrency.
 * Uniforms come from core's `createRandom` (mulberry32), normals from Box–Muller on two fresh uniforms.
 *
 * @param key - What the stream is for, e.g. `7|session-7-42|extract|openai:gpt-5`.
 * @returns The stream.
 * @example
 * const random = createSeededRandom('7|session-1|extractor')
 * random.logNormal(450, 0.25) // the same number on every run
 */
export function createSeededRandom(key: string): SeededRandom {
  const { uniform } = createRandom(murmur3X86_32(key, 0x9e3779b9))
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform())
  return {
    uniform,
    chance: (p) => uniform() < p,
    integer: (min, max) => min + Math.floor(uniform() * (max - min + 1)),
    logNormal: (median, sigma) => median * Math.exp(sigma * normal()),
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(uniform() * items.length)]
      if (item === undefined)
        throw new Error('createSeededRandom.pick: the list is empty; pass at least one item')
      return item
    },
  }
}
