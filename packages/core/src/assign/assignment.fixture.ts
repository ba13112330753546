/**
 * Test-only helpers for the assignment tests: experiments built by hand (until the config parser
 * lands), deterministic synthetic unit ids, chi-square statistics and the shared vectors.
 * Not exported from the package.
 */
import fc from 'fast-check'
import { ANALYSIS_DEFAULTS } from '../config/schema.ts'
import type { Arm, Experiment } from '../types.ts'

/** An arm as tests write it: a name, a weight in basis points and optional slot, shadow and model. */
export interface ArmSpec {
  readonly name: string
  readonly weightBasisPoints: number
  readonly slot?: number
  readonly shadow?: number
  readonly model?: string
}

/** What tests may set on an experiment; everything else gets a neutral default. */
export interface ExperimentSpec {
  readonly arms: readonly ArmSpec[]
  readonly id?: string
  readonly salt?: string
  readonly hashVersion?: number
  readonly scopeAgents?: readonly string[]
}

/**
 * Builds a normalised experiment the way the config parser would: control is the arm named
 * `control`, a candidate without a slot gets its index among the candidates.
 *
 * @param spec - Arms and optional id, salt, hash version and scope.
 * @returns The experiment.
 */
export function makeExperiment(spec: ExperimentSpec): Experiment {
  const id = spec.id ?? 'test-experiment'
  let candidateIndex = 0
  const arms: Arm[] = spec.arms.map((arm) => {
    const isControl = arm.name === 'control'
    const modelId = arm.model ?? `openai:model-${arm.name}`
    const [provider = '', name = ''] = modelId.split(':')
    const slot = isControl ? -1 : (arm.slot ?? candidateIndex)
    if (!isControl) candidateIndex++
    return {
      name: arm.name,
      model: { id: modelId, provider, name },
      weight: arm.weightBasisPoints / 100,
      weightBasisPoints: arm.weightBasisPoints,
      shadow: arm.shadow ?? 0,
      isControl,
      slot,
    }
  })
  // A spec may break the one-control invariant on purpose (the layout checks); control is then a stand-in.
  const controls = arms.filter((arm) => arm.isControl)
  return {
    id,
    salt: spec.salt ?? id,
    unit: 'session',
    hashVersion: spec.hashVersion ?? 1,
    arms,
    control: (controls[0] ?? arms[0]) as Arm,
    candidates: arms.filter((arm) => !arm.isControl),
    scopeAgents: spec.scopeAgents,
    pricing: {},
    guardrails: [],
    analysis: ANALYSIS_DEFAULTS,
  }
}

/**
 * An experiment from its arms and salt only, for tests that compare layouts.
 *
 * @param arms - The arms.
 * @param salt - The salt; tests that compare configurations keep it fixed.
 * @returns The experiment.
 */
export function experimentOf(arms: readonly ArmSpec[], salt = 'assigner-test'): Experiment {
  return makeExperiment({ salt, arms })
}

/** Unit ids as they come: UUIDs, arbitrary non-empty strings (any code point) and e-mail addresses. */
export const unitIdArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.uuid(),
  fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }),
  fc.emailAddress(),
)

const generatedUuids: string[] = []

/**
 * The first `count` synthetic UUIDs (`syntheticUuid(0)`, `syntheticUuid(1)`, ...), generated once per
 * test file and shared, so several 1,000,000-id tests pay for the strings once.
 *
 * @param count - How many ids.
 * @returns A fresh array of the ids.
 */
export function syntheticUuids(count: number): string[] {
  for (let i = generatedUuids.length; i < count; i++) generatedUuids.push(syntheticUuid(i))
  return generatedUuids.slice(0, count)
}

/**
 * A deterministic UUID-shaped id (version 4 layout): each 32-bit word is Chris Wellons' lowbias32
 * mix of a distinct counter, so consecutive indices give unrelated ids, as random session ids would.
 *
 * @param index - An integer in [0, 2^26); equal indices and streams give equal ids.
 * @param stream - 0 to 15, selects an independent sequence.
 * @returns A 36-character lowercase UUID string.
 */
export function syntheticUuid(index: number, stream = 0): string {
  let hex = ''
  for (let word = 0; word < 4; word++) {
    let z = (stream * 0x10000000 + index * 4 + word) >>> 0
    z = Math.imul(z ^ (z >>> 16), 0x7feb352d)
    z = Math.imul(z ^ (z >>> 15), 0x846ca68b)
    z ^= z >>> 16
    hex += (z >>> 0).toString(16).padStart(8, '0')
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/**
 * Pearson's chi-square goodness-of-fit statistic, sum of (observed - expected)^2 / expected.
 *
 * @param observed - Counts per category.
 * @param expectedShares - Expected share per category; they sum to 1.
 * @returns The statistic; compare it with the critical value for `observed.length - 1` degrees of freedom.
 */
export function chiSquareGoodnessOfFit(
  observed: readonly number[],
  expectedShares: readonly number[],
): number {
  const total = observed.reduce((sum, count) => sum + count, 0)
  let statistic = 0
  observed.forEach((count, i) => {
    const expected = total * expectedShares[i]!
    statistic += (count - expected) ** 2 / expected
  })
  return statistic
}

/**
 * Pearson's chi-square statistic of independence for an r x c contingency table.
 *
 * @param table - Counts, `table[row][column]`.
 * @returns The statistic; compare it with the critical value for (r - 1)(c - 1) degrees of freedom.
 */
export function chiSquareIndependence(table: readonly (readonly number[])[]): number {
  const rowTotals = table.map((row) => row.reduce((sum, count) => sum + count, 0))
  const columnTotals = table[0]!.map((_, j) => table.reduce((sum, row) => sum + row[j]!, 0))
  const total = rowTotals.reduce((sum, count) => sum + count, 0)
  let statistic = 0
  table.forEach((row, i) => {
    row.forEach((count, j) => {
      const expected = (rowTotals[i]! * columnTotals[j]!) / total
      statistic += (count - expected) ** 2 / expected
    })
  })
  return statistic
}

/**
 * Upper critical values of the chi-square distribution at p = 0.001, by degrees of freedom.
 * Source: `scipy.stats.chi2.ppf(0.999, df)` (SciPy 1.17.1), which agrees with
 * `jStat.chisquare.inv(0.999, df)` (jstat 1.9.6) to the digits shown; df 1, 2 and 4 also match the
 * NIST/SEMATECH e-Handbook of Statistical Methods, table 1.3.6.7.4.
 */
export const CHI_SQUARE_CRITICAL_P001: Readonly<Record<number, number>> = {
  1: 10.8276,
  2: 13.8155,
  4: 18.4668,
  9999: 10441.7087,
}

/** An experiment as the vectors write it: only what assignment reads. */
export interface VectorExperiment {
  readonly salt: string
  readonly hashVersion: number
  readonly arms: readonly { name: string; weightBasisPoints: number; slot: number; shadow: number }[]
}

/** `packages/core/test/vectors/assignment.json`, typed. */
export interface AssignmentVectors {
  readonly specVersion: number
  readonly hashVersion: number
  readonly murmur3: readonly [name: string, text: string, seed: number, expected: number][]
  /** Texts that are not well-formed UTF-16 (lone surrogates), given as their UTF-16 code units. */
  readonly murmur3CodeUnits: readonly [name: string, codeUnits: number[], seed: number, expected: number][]
  readonly buckets: readonly [name: string, salt: string, unitId: string, expectedBucket: number][]
  readonly assignments: readonly [
    name: string,
    experiment: VectorExperiment,
    unitId: string,
    expectedArm: string,
    expectedShadowArms: string[],
  ][]
}

// Imported by URL rather than statically: the package tsconfig lists no JSON files, and a static
// JSON import would have to be part of the TypeScript project.
const vectorsUrl = new URL('../../test/vectors/assignment.json', import.meta.url).href
const vectorsModule: { default: unknown } = await import(vectorsUrl, { with: { type: 'json' } })

/** The shared assignment vectors, produced by `packages/core/scripts/assignment_reference.py`. */
export const assignmentVectors = vectorsModule.default as AssignmentVectors

/**
 * Turns a vector's experiment into a normalised one, keeping its slots.
 *
 * @param vector - The experiment as written in the vectors.
 * @returns The experiment.
 */
export function experimentFromVector(vector: VectorExperiment): Experiment {
  return makeExperiment({
    id: 'vector',
    salt: vector.salt,
    hashVersion: vector.hashVersion,
    arms: vector.arms,
  })
}
