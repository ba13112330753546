/**
 * Test-only: the shared scorer vectors (`test/vectors/scorers.json`), typed. Not exported from the package.
 */
import type { ExactMatchOptions, FieldMismatchReason, FuzzyMatchOptions, LikertScore } from './score-types.ts'

/** The vectors file, one section per scorer; every row is `[name, ...inputs, expected]`. */
export interface ScorerVectors {
  readonly specVersion: number
  readonly tolerance: { readonly absolute: number }
  readonly exactMatch: readonly [
    name: string,
    actual: unknown,
    expected: unknown,
    options: ExactMatchOptions | null,
    result: { readonly score: 0 | 1; readonly mismatchPath?: string },
  ][]
  readonly fuzzyMatch: readonly [
    name: string,
    actual: unknown,
    expected: unknown,
    options: FuzzyMatchOptions | null,
    result: {
      readonly score: number
      readonly total: number
      readonly mismatches: readonly [path: string, reason: FieldMismatchReason][]
    },
  ][]
  readonly textSimilarity: readonly [name: string, a: string, b: string, score: number][]
  readonly normalizeSourceId: readonly [name: string, input: string, expected: string][]
  readonly citationSimilarity: readonly [
    name: string,
    a: readonly string[],
    b: readonly string[],
    result: {
      readonly score: number
      readonly intersection: readonly string[]
      readonly onlyA: readonly string[]
      readonly onlyB: readonly string[]
    },
  ][]
  readonly parseLikert: readonly [name: string, text: string, expected: LikertScore | null][]
}

// A computed specifier keeps the JSON out of the TypeScript project (composite projects must list every file).
const vectorsUrl = new URL('../../test/vectors/scorers.json', import.meta.url).href

/** The scorer vectors, loaded once. */
export const scorerVectors = (await import(vectorsUrl, { with: { type: 'json' } })).default as ScorerVectors
