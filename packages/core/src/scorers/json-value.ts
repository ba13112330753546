/** A plain object (`{}` or `Object.create(null)`), as JSON.parse makes: not an array, Date, Map or class instance. */
export type PlainObject = Readonly<Record<string, unknown>>

/**
 * Tells plain objects from arrays, dates and class instances.
 *
 * @param value - Anything.
 * @returns `true` for `{...}` literals, `JSON.parse` objects and `Object.create(null)`.
 */
export function isPlainObject(value: unknown): value is PlainObject {
  if (typeof value !== 'object' || value === null) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * The keys of a plain object whose values are defined, sorted: `{ a: undefined }` has no keys, as in JSON.
 *
 * @param value - A plain object.
 * @returns Its defined keys in code-point order.
 */
export function definedKeys(value: PlainObject): string[] {
  return Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort()
}
