import { describe, expect, it } from 'vitest'
import { assignmentVectors } from './assignment.fixture.ts'
import { CURRENT_HASH_VERSION, resolveHashScheme, SUPPORTED_HASH_VERSIONS } from './hash-versions.ts'
import { murmur3X86_32 } from './murmur3.ts'

describe('hash versions', () => {
  it('implements the version the vectors pin, and it is the current one', () => {
    expect(SUPPORTED_HASH_VERSIONS).toContain(assignmentVectors.hashVersion)
    expect(CURRENT_HASH_VERSION).toBe(assignmentVectors.hashVersion)
  })

  it('resolves version 1 to MurmurHash3_x86_32', () => {
    const scheme = resolveHashScheme(1)
    expect(scheme.version).toBe(1)
    expect(scheme.hashText('hello', 0)).toBe(murmur3X86_32('hello', 0))
  })

  it.each([0, 2, -1, 1.5, Number.NaN])('rejects hash version %s with HASH_VERSION_UNSUPPORTED', (version) => {
    expect(() => resolveHashScheme(version)).toThrow(
      expect.objectContaining({ name: 'CoreError', code: 'HASH_VERSION_UNSUPPORTED' }),
    )
  })

  it('names the supported versions and the fix in the message', () => {
    expect(() => resolveHashScheme(7)).toThrow(/hashVersion is 7; .* implements hash versions 1 \(upgrade/)
  })
})
