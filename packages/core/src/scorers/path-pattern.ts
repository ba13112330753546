/** A path inside a value: object keys and array indices. */
export type ValuePath = readonly (string | number)[]

/** A parsed ignore path: segments, `*` matching any key or index. */
export type PathPattern = readonly string[]

/**
 * Parses `invoice.lines[0].sku`, `lines[*].sku` or `meta.*` into segments.
 *
 * @param text - A path as `fuzzyMatch` reports them.
 * @returns The segments; empty for `''` or `(root)`, which ignore everything.
 */
export function parsePathPattern(text: string): PathPattern {
  if (text.trim() === '(root)') return []
  return [...text.matchAll(/\[([^\]]*)\]|[^.[\]]+/g)].map((match) => (match[1] ?? match[0]).trim())
}

/**
 * Tells whether a pattern names a path or one of its ancestors (ignoring a field ignores its subtree).
 *
 * @param pattern - From {@link parsePathPattern}.
 * @param path - The path to test.
 * @returns `true` when every segment of the pattern matches the start of the path.
 */
export function matchesPathPattern(pattern: PathPattern, path: ValuePath): boolean {
  if (pattern.length > path.length) return false
  return pattern.every((segment, i) => segment === '*' || segment === String(path[i]))
}
