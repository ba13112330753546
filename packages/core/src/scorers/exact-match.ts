import { formatIssuePath } from '../errors.ts'
import { definedKeys, isPlainObject } from './json-value.ts'
import type { ExactMatchOptions, ExactMatchResult } from './score-types.ts'

type Path = (string | number)[]

/**
 * Exact match of an output against its expected value: strings compared as written (optionally trimmed and
 * case-folded), structures compared deeply: arrays in order, objects by their sorted keys (key order does
 * not matter; a key whose value is `undefined` counts as absent, as in JSON). Numbers match when equal
 * (`NaN` matches `NaN`), dates when they are the same instant. Strings are not parsed: `'{"a":1}'` does not
 * match `{ a: 1 }` (use `fuzzyMatch` for JSON text).
 *
 * @param actual - The model's output.
 * @param expected - The reference.
 * @param options - `trim` and `caseFold` for strings; both off by default.
 * @returns `{ score: 1 }` on a match, else `{ score: 0, mismatchPath }`.
 * @example
 * exactMatch({ b: 2, a: [1, 'X '] }, { a: [1, 'x'], b: 2 }, { trim: true, caseFold: true }) // { score: 1 }
 * exactMatch({ a: [1, 2] }, { a: [1, 3] }) // { score: 0, mismatchPath: 'a[1]' }
 */
export function exactMatch(
  actual: unknown,
  expected: unknown,
  options: ExactMatchOptions = {},
): ExactMatchResult {
  const mismatch = findMismatch(actual, expected, [], options)
  return mismatch === undefined ? { score: 1 } : { score: 0, mismatchPath: formatIssuePath(mismatch) }
}

function findMismatch(
  actual: unknown,
  expected: unknown,
  path: Path,
  options: ExactMatchOptions,
): Path | undefined {
  if (typeof actual === 'string' && typeof expected === 'string') {
    return normalize(actual, options) === normalize(expected, options) ? undefined : path
  }
  if (typeof actual === 'number' && typeof expected === 'number') {
    return actual === expected || (Number.isNaN(actual) && Number.isNaN(expected)) ? undefined : path
  }
  if (actual instanceof Date && expected instanceof Date) {
    return Object.is(actual.getTime(), expected.getTime()) ? undefined : path
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length) return path
    for (let i = 0; i < expected.length; i++) {
      const found = findMismatch(actual[i], expected[i], [...path, i], options)
      if (found !== undefined) return found
    }
    return undefined
  }
  if (isPlainObject(actual) && isPlainObject(expected)) {
    const actualKeys = definedKeys(actual)
    const expectedKeys = definedKeys(expected)
    for (const key of expectedKeys) {
      if (actual[key] === undefined) return [...path, key]
      const found = findMismatch(actual[key], expected[key], [...path, key], options)
      if (found !== undefined) return found
    }
    const extra = actualKeys.find((key) => expected[key] === undefined)
    return extra === undefined ? undefined : [...path, extra]
  }
  return Object.is(actual, expected) ? undefined : path
}

function normalize(text: string, options: ExactMatchOptions): string {
  const trimmed = options.trim === true ? text.trim() : text
  return options.caseFold === true ? trimmed.normalize('NFKC').toLowerCase() : trimmed
}
