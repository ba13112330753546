/**
 * Test support for the group-sequential module: the shared vectors of
 * `test/vectors/group-sequential.json`, produced by `scripts/group_sequential_reference.py`. Test-only.
 */
import type { ClassicalShape } from './boundaries.ts'
import type { SpendingFunction } from './spending-function.ts'

/** What a row expects: this repository's Python reference (to 1e-6), and a published value when one exists (to 1e-3). */
export interface Expected<T> {
  readonly reference: T
  readonly published?: T
  /** Where the published value is printed. */
  readonly publishedIn?: string
}

/** One vector row: a name, the inputs, the expected values. */
type Row<I, T> = readonly [string, I, Expected<T>]

/** The file's shape. */
export interface GroupSequentialVectors {
  readonly specVersion: number
  readonly tolerance: { readonly published: number; readonly reference: number }
  readonly classicalConstants: {
    readonly rows: readonly Row<{ shape: ClassicalShape; looks: number; alpha: number }, number>[]
  }
  readonly spentAlpha: {
    readonly rows: readonly Row<{ spending: SpendingFunction; alpha: number; t: number }, number>[]
  }
  readonly spendingBoundaries: {
    readonly rows: readonly Row<
      { looks: number[]; alpha: number; spending: SpendingFunction; sides: 1 | 2 },
      number[]
    >[]
  }
  readonly monitoringPower: {
    readonly rows: readonly Row<{ drift: number; level: number }, number>[]
  }
}

// A computed specifier keeps the JSON out of the TypeScript project (composite projects must list every file).
const vectorsUrl = new URL('../../test/vectors/group-sequential.json', import.meta.url).href
const vectorsModule: { default: unknown } = await import(vectorsUrl, { with: { type: 'json' } })

/** The vectors. */
export const groupSequentialVectors = vectorsModule.default as GroupSequentialVectors
