/**
 * BASELINE FOR COMPARISON ONLY, not used by llm-canary: GrowthBook-style bucketing (hash version 2
 * of the GrowthBook JS SDK, `packages/sdk-js/src/util.ts`): FNV-1a 32 over UTF-16 code units,
 * applied twice, `hashFnv32a(hashFnv32a(seed + value) + '') % 10000 / 10000`, then a linear scan
 * of the variation ranges.
 */

/** FNV-1a 32-bit over UTF-16 code units, written as in the GrowthBook SDK. */
function fnv1a32(text: string): number {
  let hval = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hval ^= text.charCodeAt(i)
    hval += (hval << 1) + (hval << 4) + (hval << 7) + (hval << 8) + (hval << 24)
  }
  return hval >>> 0
}

/** GrowthBook hash version 2: a number in [0, 1) with 4 decimals. */
export function growthBookHash(seed: string, value: string): number {
  return (fnv1a32(`${fnv1a32(seed + value)}`) % 10000) / 10000
}

/** GrowthBook's `chooseVariation`: the index of the range holding `n`, or -1. */
export function chooseVariation(n: number, ranges: readonly (readonly [number, number])[]): number {
  for (let i = 0; i < ranges.length; i++) {
    const range = ranges[i]!
    if (n >= range[0] && n < range[1]) return i
  }
  return -1
}
