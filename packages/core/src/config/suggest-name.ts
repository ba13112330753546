import { closest, distance } from 'fastest-levenshtein'

/**
 * Finds the allowed name a typo most likely meant, for "did you mean …?" hints.
 * Tries a case-insensitive match, then two swapped neighbours (`p59` for `p95`, which plain Levenshtein
 * scores as two edits), then the nearest name by Levenshtein distance (up to a third of the length, at
 * least 2 edits), then a name the input starts or is the start of.
 *
 * @param input - The name as written: `latency_p59_ms`.
 * @param candidates - The names allowed at that place.
 * @returns The suggestion (`latency_p95_ms`), or `undefined` when nothing is close.
 */
export function suggestName(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || input === '') return undefined
  const lower = input.toLowerCase()
  const sameButCase = candidates.find((candidate) => candidate.toLowerCase() === lower)
  if (sameButCase !== undefined) return sameButCase
  const swapped = candidates.find((candidate) => isAdjacentSwap(lower, candidate.toLowerCase()))
  if (swapped !== undefined) return swapped
  const nearest = closest(lower, candidates)
  if (distance(lower, nearest) <= Math.max(2, Math.floor(lower.length / 3))) return nearest
  return candidates.find(
    (candidate) => candidate.startsWith(lower) || (candidate.length >= 3 && lower.startsWith(candidate)),
  )
}

function isAdjacentSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  const differ: number[] = []
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differ.push(i)
  const [first, second] = differ
  return (
    differ.length === 2 &&
    first !== undefined &&
    second === first + 1 &&
    a[first] === b[second] &&
    a[second] === b[first]
  )
}
