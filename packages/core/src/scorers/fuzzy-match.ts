import { formatIssuePath } from '../errors.ts'
import { compareLeaves } from './compare-leaves.ts'
import { definedKeys, isPlainObject } from './json-value.ts'
import type { PathPattern, ValuePath } from './path-pattern.ts'
import { matchesPathPattern, parsePathPattern } from './path-pattern.ts'
import type { FieldResult, FuzzyMatchOptions, FuzzyMatchResult } from './score-types.ts'

interface WalkContext {
  readonly options: FuzzyMatchOptions
  readonly ignore: readonly PathPattern[]
  readonly fields: FieldResult[]
}

type JsonRead = { readonly ok: true; readonly value: unknown } | { readonly ok: false }

/**
 * Field-by-field match of a structured output: objects recursively, arrays by index, leaves after
 * normalisation (whitespace, case, numbers written as text, dates in the same format; see `compareLeaves`).
 * Either side may be a value or JSON text (a surrounding Markdown code fence is dropped); text that is not
 * JSON gives one `invalid_json` mismatch, not an exception. Every expected leaf and every extra leaf of the
 * output is one field; `score = matched / total` (1 when nothing is left to compare).
 *
 * @param actual - The model's output: a value or JSON text.
 * @param expected - The reference: a value or JSON text.
 * @param options - Ignored paths, numeric tolerance, case, currency, extra fields.
 * @returns The score and every field's verdict, in expected-key order then extras.
 * @example
 * fuzzyMatch('{"total": "1,200.50", "date": "03/05/2026"}', { total: 1200.5, date: '2026-05-03' })
 * // { score: 0.5, matched: 1, total: 2, fields: [
 * //   { path: 'date', match: false, reason: 'date_format', actual: '03/05/2026', expected: '2026-05-03' },
 * //   { path: 'total', match: true, actual: '1,200.50', expected: 1200.5 } ] }
 */
export function fuzzyMatch(
  actual: unknown,
  expected: unknown,
  options: FuzzyMatchOptions = {},
): FuzzyMatchResult {
  const ignore = (options.ignorePaths ?? []).map(parsePathPattern)
  const context: WalkContext = { options, ignore, fields: [] }
  const actualRead = readJson(actual)
  const expectedRead = readJson(expected)
  if (actualRead.ok && expectedRead.ok) walk(context, [], actualRead.value, expectedRead.value)
  else push(context, [], { match: false, reason: 'invalid_json', actual, expected })
  const matched = context.fields.filter((field) => field.match).length
  const total = context.fields.length
  return { score: total === 0 ? 1 : matched / total, matched, total, fields: context.fields }
}

function walk(context: WalkContext, path: ValuePath, actual: unknown, expected: unknown): void {
  if (isIgnored(context, path)) return
  if (actual === undefined) {
    pushLeaves(context, path, expected, 'expected')
  } else if (isSameContainerKind(actual, expected) && (isBranch(actual) || isBranch(expected))) {
    walkChildren(context, path, actual, expected)
  } else if (isBranch(expected)) {
    // A leaf or another kind of container where a structure was expected: every expected leaf fails.
    for (const [leafPath, leaf] of leavesOf(expected, path)) {
      if (!isIgnored(context, leafPath))
        push(context, leafPath, { match: false, reason: 'type', actual, expected: leaf })
    }
  } else if (isBranch(actual)) {
    push(context, path, { match: false, reason: 'type', actual, expected })
  } else {
    push(context, path, { ...compareLeaves(actual, expected, context.options), actual, expected })
  }
}

/** Walks two containers of the same kind: expected children first, then the output's extra children. */
function walkChildren(context: WalkContext, path: ValuePath, actual: unknown, expected: unknown): void {
  const expectedKeys = childKeys(expected)
  for (const key of expectedKeys) walk(context, [...path, key], child(actual, key), child(expected, key))
  if (context.options.ignoreExtraFields === true) return
  const expectedSet = new Set(expectedKeys)
  for (const key of childKeys(actual)) {
    if (!expectedSet.has(key)) pushLeaves(context, [...path, key], child(actual, key), 'actual')
  }
}

/** Reports every leaf of a value that only one side has: expected-only leaves are missing, actual-only are extra. */
function pushLeaves(
  context: WalkContext,
  path: ValuePath,
  value: unknown,
  side: 'expected' | 'actual',
): void {
  for (const [leafPath, leaf] of leavesOf(value, path)) {
    if (isIgnored(context, leafPath)) continue
    if (side === 'expected')
      push(context, leafPath, { match: false, reason: 'missing', actual: undefined, expected: leaf })
    else push(context, leafPath, { match: false, reason: 'extra', actual: leaf, expected: undefined })
  }
}

function push(context: WalkContext, path: ValuePath, field: Omit<FieldResult, 'path'>): void {
  context.fields.push({ path: formatIssuePath(path), ...field })
}

function isIgnored(context: WalkContext, path: ValuePath): boolean {
  return context.ignore.some((pattern) => matchesPathPattern(pattern, path))
}

function isSameContainerKind(a: unknown, b: unknown): boolean {
  return (Array.isArray(a) && Array.isArray(b)) || (isPlainObject(a) && isPlainObject(b))
}

/** A non-empty array or plain object: something to descend into. Empty containers are leaves. */
function isBranch(value: unknown): value is readonly unknown[] | Readonly<Record<string, unknown>> {
  if (Array.isArray(value)) return value.length > 0
  return isPlainObject(value) && definedKeys(value).length > 0
}

function childKeys(value: unknown): (string | number)[] {
  if (Array.isArray(value)) return value.map((_, i) => i)
  return isPlainObject(value) ? definedKeys(value) : []
}

function child(value: unknown, key: string | number): unknown {
  if (Array.isArray(value)) return typeof key === 'number' ? value[key] : undefined
  return isPlainObject(value) && typeof key === 'string' ? value[key] : undefined
}

function leavesOf(value: unknown, path: ValuePath): [ValuePath, unknown][] {
  if (!isBranch(value)) return [[path, value]]
  return childKeys(value).flatMap((key) => leavesOf(child(value, key), [...path, key]))
}

function readJson(value: unknown): JsonRead {
  if (typeof value !== 'string') return { ok: true, value }
  const text = value.trim().replace(/^```[\w-]*[^\S\n]*\n([\s\S]*?)\n?```$/u, '$1')
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false }
  }
}
