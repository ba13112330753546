import { CoreError } from '../errors.ts'
import { murmur3X86_32 } from './murmur3.ts'

/**
 * One version of the assignment hash: how a string and a seed become 32 bits.
 * Version 1 is MurmurHash3_x86_32 over UTF-8 (docs/assignment.md).
 */
export interface HashScheme {
  /** The `hashVersion` an experiment pins. */
  readonly version: number
  /** Hash of `text` under `seed`, an unsigned 32-bit integer. */
  readonly hashText: (text: string, seed: number) => number
}

/**
 * Every hash version this release implements. Versions are only ever added, never changed or
 * removed, so an experiment pinned to a version keeps its buckets across releases.
 */
const HASH_SCHEMES: ReadonlyMap<number, HashScheme> = new Map([[1, { version: 1, hashText: murmur3X86_32 }]])

/** The hash version new experiments get. */
export const CURRENT_HASH_VERSION = 1

/** The hash versions this release can assign with, ascending. */
export const SUPPORTED_HASH_VERSIONS: readonly number[] = Object.freeze([...HASH_SCHEMES.keys()])

/**
 * Looks up the hash scheme an experiment pins.
 *
 * @param version - The experiment's `hashVersion`.
 * @returns The scheme for that version.
 * @throws {CoreError} `HASH_VERSION_UNSUPPORTED` when this release does not implement `version`.
 * @example
 * resolveHashScheme(1).hashText('session-1', 0)
 */
export function resolveHashScheme(version: number): HashScheme {
  const scheme = HASH_SCHEMES.get(version)
  if (scheme === undefined) {
    throw new CoreError(
      'HASH_VERSION_UNSUPPORTED',
      `hashVersion is ${String(version)}; this release of @llm-canary/core implements hash versions ` +
        `${SUPPORTED_HASH_VERSIONS.join(', ')} (upgrade @llm-canary/core, or set a supported hashVersion in experiment.yaml)`,
    )
  }
  return scheme
}
