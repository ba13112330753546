import { isPlainObject } from './json-value.ts'
import { normalizeText } from './normalize-text.ts'
import { parseDateText } from './parse-date-text.ts'
import { parseNumberText } from './parse-number-text.ts'
import type { FieldMismatchReason, FuzzyMatchOptions } from './score-types.ts'

/** The verdict on one leaf. */
export type LeafVerdict =
  | { readonly match: true }
  | { readonly match: false; readonly reason: FieldMismatchReason }

const MATCH: LeafVerdict = { match: true }

/**
 * Compares two leaves (strings, numbers, booleans, null, empty arrays or objects) after normalisation:
 * - a number matches a number, or a string that reads as one (`"1,200.50"`, `"1e3"`, `"$12"` with `currency`),
 *   within `numericTolerance`; two strings are compared as text even when both look numeric (`"007"` is not `"7"`);
 * - two dates match only in the same format (`2026-05-03` = `2026-05-03T00:00:00Z`); formats that differ give
 *   `date_format`, whatever the dates;
 * - other strings match after NFKC, whitespace collapsing and trimming, and case folding unless `caseSensitive`.
 *
 * @param actual - The output's leaf (defined).
 * @param expected - The expected leaf (defined).
 * @param options - The `fuzzyMatch` options.
 * @returns `match: true`, or the mismatch reason (`type`, `value` or `date_format`).
 */
export function compareLeaves(actual: unknown, expected: unknown, options: FuzzyMatchOptions): LeafVerdict {
  if (typeof actual === 'number' || typeof expected === 'number')
    return compareNumbers(actual, expected, options)
  if (typeof actual === 'string' && typeof expected === 'string')
    return compareStrings(actual, expected, options)
  if (typeof actual === 'boolean' && typeof expected === 'boolean')
    return verdict(actual === expected, 'value')
  if (actual === null && expected === null) return MATCH
  if (Array.isArray(actual) && Array.isArray(expected))
    return verdict(actual.length === expected.length, 'value')
  if (isPlainObject(actual) && isPlainObject(expected)) {
    return verdict(Object.keys(actual).length === Object.keys(expected).length, 'value')
  }
  return { match: false, reason: 'type' }
}

function compareNumbers(actual: unknown, expected: unknown, options: FuzzyMatchOptions): LeafVerdict {
  const a = readNumber(actual, options.currency === true)
  const b = readNumber(expected, options.currency === true)
  if (a === undefined || b === undefined) return { match: false, reason: 'type' }
  if (Number.isNaN(a) || Number.isNaN(b)) return verdict(Number.isNaN(a) && Number.isNaN(b), 'value')
  return verdict(a === b || Math.abs(a - b) <= (options.numericTolerance ?? 0), 'value')
}

function readNumber(value: unknown, currency: boolean): number | undefined {
  if (typeof value === 'number') return value
  return typeof value === 'string' ? parseNumberText(value, currency) : undefined
}

function compareStrings(actual: string, expected: string, options: FuzzyMatchOptions): LeafVerdict {
  const actualDate = parseDateText(actual)
  const expectedDate = parseDateText(expected)
  if (actualDate !== undefined && expectedDate !== undefined) {
    if (actualDate.format !== expectedDate.format) return { match: false, reason: 'date_format' }
    return verdict(actualDate.key === expectedDate.key, 'value')
  }
  const caseSensitive = options.caseSensitive === true
  return verdict(normalizeText(actual, caseSensitive) === normalizeText(expected, caseSensitive), 'value')
}

function verdict(match: boolean, reason: FieldMismatchReason): LeafVerdict {
  return match ? MATCH : { match: false, reason }
}
