/**
 * Test-only helpers for the statistics tests: the failure allowance of simulations and the shared
 * vectors (`test/vectors/sequential.json`), typed. Not exported from the package. The seeded PRNG
 * lives in `seeded-random.ts` (no top-level await, so simulation scripts can import it too).
 */

/**
 * Largest number of failures in `trials` Bernoulli(rate) trials that a correct procedure would exceed
 * with probability below ~0.1%: rate·trials + 3.1·√(rate(1 − rate)·trials) (normal approximation).
 *
 * @param rate - The error rate the procedure promises.
 * @param trials - Independent repetitions.
 * @returns The failure count a test may allow.
 */
export function allowedFailures(rate: number, trials: number): number {
  return rate * trials + 3.1 * Math.sqrt(rate * (1 - rate) * trials)
}

/** One section of the vectors: rows `[name, inputs, expected]`. */
interface VectorSection<Inputs, Expected> {
  readonly reference: string
  readonly rows: readonly (readonly [name: string, inputs: Inputs, expected: Expected])[]
}

interface MeanInput {
  readonly n: number
  readonly mean: number
  readonly variance: number
}

/** `packages/core/test/vectors/sequential.json`, typed (infinite values already turned into numbers). */
export interface SequentialVectors {
  readonly specVersion: number
  readonly tolerance: { readonly relative: number }
  readonly optimalMixingRatio: VectorSection<{ alpha: number }, { ratio: number }>
  readonly normalMixture: VectorSection<
    { estimate: number; variance: number; mixingVariance: number; alpha: number; nullValue: number },
    { lower: number; upper: number; pValue: number }
  >
  readonly meanEffect: VectorSection<
    {
      control: MeanInput
      candidate: MeanInput
      alpha: number
      plannedUnits: { control: number; candidate: number }
      scale: 'absolute' | 'relative'
    },
    {
      estimate: number
      variance: number
      mixingVariance: number
      lower: number
      upper: number
      pValue: number
    }
  >
  readonly welford: VectorSection<{ values: number[] }, MeanInput>
  readonly ratioDelta: VectorSection<
    { pairs: [number, number][] },
    { n: number; ratio: number; variance: number }
  >
  readonly logGamma: VectorSection<{ x: number }, { value: number }>
  readonly betaBinomialBoundary: VectorSection<
    { p: number; t: number; plannedCount: number; alpha: number },
    { r: number; upperGap: number; lowerGap: number }
  >
  readonly quantileSequence: VectorSection<
    { values: number[]; p: number; alpha: number; plannedCount: number },
    { estimate: number; lower: number; upper: number; lowerRank: number; upperRank: number }
  >
  readonly quantileEffect: VectorSection<
    {
      control: number[]
      candidate: number[]
      p: number
      alpha: number
      plannedUnits: { control: number; candidate: number }
      scale: 'absolute' | 'relative'
    },
    {
      estimate: number
      lower: number
      upper: number
      pValue: number
      controlRanks: [number, number]
      candidateRanks: [number, number]
    }
  >
}

function reviveInfinity(value: unknown): unknown {
  if (value === 'Infinity') return Number.POSITIVE_INFINITY
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY
  if (Array.isArray(value)) return value.map(reviveInfinity)
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, reviveInfinity(inner)]))
  }
  return value
}

// A computed specifier keeps the JSON out of the TypeScript project (composite projects must list every file).
const vectorsUrl = new URL('../../test/vectors/sequential.json', import.meta.url).href
const vectorsModule: { default: unknown } = await import(vectorsUrl, { with: { type: 'json' } })

/** The shared vectors, produced by `packages/core/scripts/sequential_reference.py`. */
export const sequentialVectors = reviveInfinity(vectorsModule.default) as SequentialVectors

/**
 * Asserts-friendly relative error: |actual − expected| / max(1e-300, |expected|), 0 when both are the
 * same infinity.
 *
 * @param actual - Computed value.
 * @param expected - Reference value.
 * @returns The relative error.
 */
export function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0
  return Math.abs(actual - expected) / Math.max(1e-300, Math.abs(expected))
}
