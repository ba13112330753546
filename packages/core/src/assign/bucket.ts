import { CURRENT_HASH_VERSION, resolveHashScheme } from './hash-versions.ts'
import { assertUnitId } from './unit-id.ts'

/** Number of buckets: one per basis point, so integer weights map to whole buckets. */
export const BUCKET_COUNT = 10_000

const TWO_POW_32 = 4_294_967_296

/**
 * Maps a 32-bit hash to a bucket by multiply-shift, `floor(hash * 10000 / 2^32)`: every bucket
 * gets 429,496 or 429,497 hash values, so there is no modulo bias. Exact in doubles.
 *
 * @param hash - An unsigned 32-bit hash.
 * @returns The bucket, an integer in [0, 9999].
 */
export function bucketFromHash(hash: number): number {
  return Math.floor((hash * BUCKET_COUNT) / TWO_POW_32)
}

/**
 * A unit's shadow draw for one candidate, `hash * 10000 / 2^32` in [0, 10000) (not floored): the unit
 * is shadowed when it is below `shadow * 10000` (step 4 of docs/assignment.md).
 *
 * @param hash - The unit's hash under the candidate's shadow seed (`shadowSeedFor`).
 * @returns The draw, exact in doubles.
 */
export function shadowDrawFromHash(hash: number): number {
  return (hash * BUCKET_COUNT) / TWO_POW_32
}

/**
 * The seed every unit of an experiment is hashed with: the hash of its salt under seed 0.
 *
 * @param salt - The experiment's salt (its id unless set).
 * @param hashVersion - The experiment's hash version.
 * @returns The seed, an unsigned 32-bit integer.
 * @throws {CoreError} `HASH_VERSION_UNSUPPORTED` for an unknown version.
 */
export function seedFromSalt(salt: string, hashVersion = CURRENT_HASH_VERSION): number {
  return resolveHashScheme(hashVersion).hashText(salt, 0)
}

/**
 * The seed of a candidate's shadow draw: the hash of `salt + ":shadow:" + armName` under seed 0.
 *
 * @param salt - The experiment's salt.
 * @param armName - The candidate arm's name.
 * @param hashVersion - The experiment's hash version.
 * @returns The seed, an unsigned 32-bit integer.
 * @throws {CoreError} `HASH_VERSION_UNSUPPORTED` for an unknown version.
 */
export function shadowSeedFor(salt: string, armName: string, hashVersion = CURRENT_HASH_VERSION): number {
  return resolveHashScheme(hashVersion).hashText(`${salt}:shadow:${armName}`, 0)
}

/**
 * The bucket of one unit in one experiment. For many units, `createAssigner` computes the seed once.
 *
 * @param salt - The experiment's salt.
 * @param unitId - The session, user or thread id.
 * @param hashVersion - The experiment's hash version.
 * @returns The bucket, an integer in [0, 9999].
 * @throws {CoreError} `UNIT_ID_INVALID` for an empty or non-string id; `HASH_VERSION_UNSUPPORTED` for an unknown version.
 * @example
 * bucketOf('support-triage-2026-05', 'alice@example.com') // same in every process and language
 */
export function bucketOf(salt: string, unitId: string, hashVersion = CURRENT_HASH_VERSION): number {
  assertUnitId(unitId)
  const scheme = resolveHashScheme(hashVersion)
  return bucketFromHash(scheme.hashText(unitId, scheme.hashText(salt, 0)))
}
