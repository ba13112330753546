/** A parsed JSON object (not an array, not null). */
export type JsonRecord = Readonly<Record<string, unknown>>

/**
 * Tells whether a parsed JSON value is an object.
 *
 * @param value - any parsed JSON value.
 * @returns true for a plain object, false for arrays, null and primitives.
 */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Reads a list field that proto3 JSON may omit when empty.
 *
 * @param value - the field.
 * @returns the array, or an empty one when the field is absent or not an array.
 */
export function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : []
}

/**
 * Shows a value in a message, JSON-quoted and cut to 60 characters.
 *
 * @param value - any parsed JSON value.
 * @returns its short JSON text (`""`, `"W47/95g..."`, `undefined`).
 */
export function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined'
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}
