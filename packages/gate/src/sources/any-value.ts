import type { Attributes, AttributeValue } from '../types.ts'
import { isRecord } from './json-shapes.ts'

const SPECIAL_DOUBLES: ReadonlyMap<string, number> = new Map([
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
])

/**
 * Decodes an OTLP/JSON `AnyValue` (also Tempo's jsonpb form) to a plain value.
 *
 * `intValue` becomes a number when it is a safe integer, else stays a decimal string so no digit
 * is lost; `doubleValue` accepts numbers and the strings `"NaN"`, `"Infinity"`, `"-Infinity"`;
 * `bytesValue` stays its base64 string; `arrayValue` and `kvlistValue` recurse; the empty value
 * `{}` (and anything unrecognised) is `null`.
 *
 * @param raw - the AnyValue object.
 * @returns the decoded value.
 * @example
 * decodeAnyValue({ intValue: '9223372036854775807' }) // '9223372036854775807'
 */
export function decodeAnyValue(raw: unknown): AttributeValue {
  if (!isRecord(raw)) return null
  if ('stringValue' in raw) return typeof raw.stringValue === 'string' ? raw.stringValue : null
  if ('boolValue' in raw) return decodeBool(raw.boolValue)
  if ('intValue' in raw) return decodeInt(raw.intValue)
  if ('doubleValue' in raw) return decodeDouble(raw.doubleValue)
  if ('bytesValue' in raw) return typeof raw.bytesValue === 'string' ? raw.bytesValue : null
  if ('arrayValue' in raw) {
    const values = isRecord(raw.arrayValue) ? raw.arrayValue.values : undefined
    return Array.isArray(values) ? values.map(decodeAnyValue) : []
  }
  if ('kvlistValue' in raw) {
    return decodeKeyValues(isRecord(raw.kvlistValue) ? raw.kvlistValue.values : undefined)
  }
  return null
}

/**
 * Decodes an OTLP `KeyValue` list (`[{ key, value: AnyValue }]`) to attributes; a later duplicate
 * key wins, entries without a string key are ignored.
 *
 * @param raw - the list; anything that is not an array gives no attributes.
 * @returns the attributes, in a prototype-free object so keys like `__proto__` stay data.
 */
export function decodeKeyValues(raw: unknown): Attributes {
  const attributes: Record<string, AttributeValue> = Object.create(null)
  if (!Array.isArray(raw)) return attributes
  for (const entry of raw) {
    if (isRecord(entry) && typeof entry.key === 'string') attributes[entry.key] = decodeAnyValue(entry.value)
  }
  return attributes
}

/**
 * Reads a 64-bit integer sent as a string or a number: a number when it is a safe integer, else the
 * decimal string (digits beyond 2^53 are kept).
 *
 * @param raw - the value.
 * @returns the integer, or null when `raw` is not an integer.
 */
export function decodeInt(raw: unknown): AttributeValue {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw)) return null
  const value = Number(raw)
  return Number.isSafeInteger(value) ? value : raw.replace(/^(-?)0+(?=\d)/, '$1')
}

function decodeDouble(raw: unknown): AttributeValue {
  if (typeof raw === 'number') return raw
  if (typeof raw !== 'string') return null
  const special = SPECIAL_DOUBLES.get(raw)
  if (special !== undefined) return special
  const value = Number(raw)
  return raw.trim() === '' || Number.isNaN(value) ? null : value
}

function decodeBool(raw: unknown): AttributeValue {
  if (typeof raw === 'boolean') return raw
  if (raw === 'true') return true
  if (raw === 'false') return false
  return null
}
