/** Hex length of a trace id (16 bytes). */
export const TRACE_ID_HEX_LENGTH = 32
/** Hex length of a span id (8 bytes). */
export const SPAN_ID_HEX_LENGTH = 16

const HEX = /^[0-9a-fA-F]+$/
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/
const ALL_ZERO = /^0+$/

/**
 * Normalises a trace or span id from any backend to lower-case hex, left-padded to its full length.
 * Accepts hex in either case (OTLP/JSON, Jaeger; trimmed leading zeros are restored) and base64
 * (Tempo's gogo jsonpb). Following the Tempo contract, a 24-character string or one with `=` is
 * base64 of 16 bytes and a 12-character one is base64 of 8 bytes; otherwise hex is tried first.
 *
 * @param raw - the id as the backend sent it.
 * @param hexLength - 32 for a trace id, 16 for a span id.
 * @returns the normalised id, or undefined when it is absent, empty, all zeros (the OTLP "invalid
 *   id") or neither hex nor base64 of 8 or 16 bytes that fits `hexLength`.
 * @example
 * normalizeId('W47/95gDgQPSabYzgT/HAA==', 32) // '5b8efff798038103d269b633813fc700'
 */
export function normalizeId(raw: unknown, hexLength: number): string | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined
  const looksBase64 = raw.length === 12 || raw.length === 24 || raw.includes('=') || !HEX.test(raw)
  const hex = looksBase64 ? base64ToHex(raw) : raw.toLowerCase()
  if (hex === undefined || hex.length > hexLength || ALL_ZERO.test(hex)) return undefined
  return hex.padStart(hexLength, '0')
}

/**
 * Normalises a hex id that may have lost its leading zeros (Tempo search results, Jaeger 64-bit
 * trace ids); never tries base64.
 *
 * @param raw - the hex id.
 * @param hexLength - 32 for a trace id, 16 for a span id.
 * @returns lower-case hex of `hexLength` characters, or undefined when `raw` is not hex of at most
 *   that length.
 */
export function normalizeHexId(raw: unknown, hexLength: number): string | undefined {
  if (typeof raw !== 'string' || raw === '' || raw.length > hexLength || !HEX.test(raw)) return undefined
  if (ALL_ZERO.test(raw)) return undefined
  return raw.toLowerCase().padStart(hexLength, '0')
}

function base64ToHex(raw: string): string | undefined {
  if (!BASE64.test(raw)) return undefined
  const bytes = Buffer.from(raw, raw.includes('-') || raw.includes('_') ? 'base64url' : 'base64')
  // Ids are 8 or 16 bytes; anything else decoded from base64 is noise, not an id.
  if (bytes.length !== 8 && bytes.length !== 16) return undefined
  return bytes.toString('hex')
}
