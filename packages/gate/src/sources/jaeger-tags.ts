import type { Attributes, AttributeValue } from '../types.ts'
import { decodeInt } from './any-value.ts'
import { isRecord, listOf } from './json-shapes.ts'

/**
 * Decodes one Jaeger `KeyValue` value by its `type`: `string`, `bool`, `int64` (a number, or a
 * decimal string above 2^53 which is kept as a string), `float64`, `binary` (kept as its base64
 * string). An unknown type keeps a primitive value as is.
 *
 * @param type - the tag's `type` field.
 * @param value - the tag's `value` field.
 * @returns the decoded value, or null when it does not match its type.
 * @example
 * decodeJaegerTagValue('int64', '9223372036854775222') // '9223372036854775222'
 */
function decodeJaegerTagValue(type: unknown, value: unknown): AttributeValue {
  switch (type) {
    case 'bool':
      return typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : null
    case 'int64':
      return decodeInt(value)
    case 'float64':
      return typeof value === 'number' ? value : typeof value === 'string' ? parseFloatOrNull(value) : null
    default:
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? value
        : null
  }
}

/**
 * Decodes a Jaeger tag list (`[{ key, type, value }]`) to attributes, leaving out some keys.
 *
 * @param raw - the list; anything that is not an array gives no attributes.
 * @param omit - keys to leave out (the ones mapped to span fields, like `span.kind`).
 * @returns the attributes, in a prototype-free object; a later duplicate key wins.
 */
export function decodeJaegerTags(raw: unknown, omit: ReadonlySet<string> = new Set()): Attributes {
  const attributes: Record<string, AttributeValue> = Object.create(null)
  for (const tag of listOf(raw)) {
    if (!isRecord(tag) || typeof tag.key !== 'string' || omit.has(tag.key)) continue
    attributes[tag.key] = decodeJaegerTagValue(tag.type, tag.value)
  }
  return attributes
}

function parseFloatOrNull(text: string): number | null {
  if (text === 'NaN') return Number.NaN
  const value = Number(text)
  return text.trim() === '' || Number.isNaN(value) ? null : value
}
