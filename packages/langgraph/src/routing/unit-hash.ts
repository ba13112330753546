import { createHmac } from 'node:crypto'
import { CanaryError } from '../errors.ts'

/** A key for HMAC-SHA256: a secret string or bytes. */
export type HashKey = string | Uint8Array

/** Hex characters kept of the HMAC: 128 bits, plenty to tell units apart. */
const UNIT_HASH_HEX_CHARS = 32

/**
 * Checks the key that hashes unit ids into unit hashes.
 *
 * @param hashKey - The secret key.
 * @throws {CanaryError} `INVALID_OPTION` when the key is empty or not a string or bytes.
 */
export function assertHashKey(hashKey: unknown): asserts hashKey is HashKey {
  const length =
    typeof hashKey === 'string' ? hashKey.length : hashKey instanceof Uint8Array ? hashKey.byteLength : -1
  if (length > 0) return
  const given = length === 0 ? 'empty' : `a ${typeof hashKey}`
  throw new CanaryError(
    'INVALID_OPTION',
    `hashKey is ${given}; pass a secret string or bytes (e.g. 32 random bytes from your secret store) ` +
      'so raw session ids are never exported, only their keyed hash',
  )
}

/**
 * Hashes a unit id into its unit hash, exported as `gen_ai.conversation.id`: HMAC-SHA256 keyed with `hashKey`,
 * hex, first 32 characters. The raw id never leaves the process; without the key the hash cannot
 * be reversed by guessing ids.
 *
 * @param hashKey - The secret key (the same in every process of the application).
 * @param unitId - The session, user or thread id.
 * @returns 32 lowercase hex characters.
 * @example
 * hashUnitId(process.env.CANARY_HASH_KEY!, 'thread-42') // 'b0c3…' (32 chars)
 */
export function hashUnitId(hashKey: HashKey, unitId: string): string {
  return createHmac('sha256', hashKey).update(unitId, 'utf8').digest('hex').slice(0, UNIT_HASH_HEX_CHARS)
}
