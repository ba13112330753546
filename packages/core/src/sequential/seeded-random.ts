/**
 * A small seeded PRNG for tests and simulations (A/A error rates, coverage, the gate's synthetic traffic,
 * the demo's simulated models). Never used by the statistics themselves.
 */

/** A seeded source of uniform and normal draws. */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  uniform(): number
  /** Standard normal N(0, 1). */
  normal(): number
  /** Integer in [min, max], both included. */
  integer(min: number, max: number): number
}

/**
 * Creates a seeded PRNG: mulberry32 (Tommy Ettinger's 32-bit generator; period 2³², plenty for tests)
 * for uniforms, Box–Muller for normals (the second draw of each pair is kept for the next call).
 *
 * @param seed - Any integer; equal seeds give equal streams.
 * @returns The generator.
 */
export function createRandom(seed: number): SeededRandom {
  let state = seed >>> 0
  let spareNormal: number | undefined
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 15), z | 1)
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61)
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296
  }
  return {
    uniform,
    normal(): number {
      if (spareNormal !== undefined) {
        const value = spareNormal
        spareNormal = undefined
        return value
      }
      const radius = Math.sqrt(-2 * Math.log(1 - uniform()))
      const angle = 2 * Math.PI * uniform()
      spareNormal = radius * Math.sin(angle)
      return radius * Math.cos(angle)
    },
    integer(min: number, max: number): number {
      return min + Math.floor(uniform() * (max - min + 1))
    },
  }
}
