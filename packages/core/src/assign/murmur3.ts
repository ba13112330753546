const C1 = 0xcc9e2d51
const C2 = 0x1b873593

/** Scratch space for the UTF-8 bytes of non-ASCII text; grown on demand, never shrunk. */
let scratch = new Uint8Array(256)

/**
 * MurmurHash3_x86_32 (Austin Appleby, SMHasher) of the UTF-8 bytes of `text`.
 *
 * The text is encoded inline from its UTF-16 code units, like `TextEncoder`: surrogate pairs
 * become 4-byte sequences and a lone surrogate becomes U+FFFD (EF BF BD). ASCII text is hashed
 * straight from `charCodeAt` without allocating.
 *
 * @param text - Any string; the empty string is allowed.
 * @param seed - Seed, read as an unsigned 32-bit integer.
 * @returns The hash as an unsigned 32-bit integer (0 to 2^32 - 1), equal to Python's
 *   `mmh3.hash(text, seed, signed=False)`.
 * @example
 * murmur3X86_32('hello', 0) // 0x248bfa47
 */
export function murmur3X86_32(text: string, seed: number): number {
  const length = text.length
  let h1 = seed >>> 0
  let i = 0
  // ASCII fast path: 4 chars are one 4-byte little-endian block.
  for (; i + 4 <= length; i += 4) {
    const c0 = text.charCodeAt(i)
    const c1 = text.charCodeAt(i + 1)
    const c2 = text.charCodeAt(i + 2)
    const c3 = text.charCodeAt(i + 3)
    if ((c0 | c1 | c2 | c3) >= 0x80) break
    h1 = mixBlock(h1, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24))
  }
  const rest = length - i
  if (rest === 0) return finalize(h1, length)
  if (rest < 4) {
    // charCodeAt past the end is NaN, which the bit operations read as 0.
    const c0 = text.charCodeAt(i)
    const c1 = text.charCodeAt(i + 1)
    const c2 = text.charCodeAt(i + 2)
    if ((c0 | c1 | c2) < 0x80) return finalize(mixTail(h1, c0, c1, c2, rest), length)
  }
  // The prefix hashed so far is whole blocks of single bytes, so the state carries over to the bytes.
  const byteCount = encodeUtf8(text, i)
  return hashBytes(h1, byteCount, i)
}

function hashBytes(h1: number, byteCount: number, prefixLength: number): number {
  const bytes = scratch
  let state = h1
  let b = 0
  for (; b + 4 <= byteCount; b += 4) {
    state = mixBlock(state, bytes[b]! | (bytes[b + 1]! << 8) | (bytes[b + 2]! << 16) | (bytes[b + 3]! << 24))
  }
  const rest = byteCount - b
  if (rest > 0) state = mixTail(state, bytes[b]!, bytes[b + 1] ?? 0, bytes[b + 2] ?? 0, rest)
  return finalize(state, prefixLength + byteCount)
}

/** Writes the UTF-8 bytes of `text` from code unit `start` into `scratch`; returns the byte count. */
function encodeUtf8(text: string, start: number): number {
  const needed = (text.length - start) * 3
  if (scratch.length < needed) scratch = new Uint8Array(Math.max(needed, scratch.length * 2))
  const out = scratch
  let n = 0
  for (let i = start; i < text.length; i++) {
    let code = text.charCodeAt(i)
    if (code < 0x80) {
      out[n++] = code
      continue
    }
    if (code < 0x800) {
      out[n++] = 0xc0 | (code >> 6)
      out[n++] = 0x80 | (code & 0x3f)
      continue
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00)
        i++
        out[n++] = 0xf0 | (code >> 18)
        out[n++] = 0x80 | ((code >> 12) & 0x3f)
        out[n++] = 0x80 | ((code >> 6) & 0x3f)
        out[n++] = 0x80 | (code & 0x3f)
        continue
      }
      code = 0xfffd
    }
    out[n++] = 0xe0 | (code >> 12)
    out[n++] = 0x80 | ((code >> 6) & 0x3f)
    out[n++] = 0x80 | (code & 0x3f)
  }
  return n
}

function mixBlock(h1: number, block: number): number {
  let k1 = Math.imul(block, C1)
  k1 = (k1 << 15) | (k1 >>> 17)
  k1 = Math.imul(k1, C2)
  let h = h1 ^ k1
  h = (h << 13) | (h >>> 19)
  return (Math.imul(h, 5) + 0xe6546b64) | 0
}

function mixTail(h1: number, b0: number, b1: number, b2: number, count: number): number {
  let k1 = b0
  if (count >= 2) k1 |= b1 << 8
  if (count >= 3) k1 |= b2 << 16
  k1 = Math.imul(k1, C1)
  k1 = (k1 << 15) | (k1 >>> 17)
  k1 = Math.imul(k1, C2)
  return h1 ^ k1
}

function finalize(h1: number, byteLength: number): number {
  let h = h1 ^ byteLength
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}
