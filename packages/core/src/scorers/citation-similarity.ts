import { normalizeSourceId } from './normalize-source-id.ts'
import type { CitationSimilarityResult } from './score-types.ts'

/**
 * Agreement of two citation lists: the Jaccard index |A ∩ B| / |A ∪ B| of their sets of sources after
 * `normalizeSourceId` (duplicates and blank ids dropped). Both empty scores 1: neither cites anything, so
 * they agree. Symmetric in its arguments, except that `onlyA` and `onlyB` swap.
 *
 * @param a - Sources cited by one answer (say the control's).
 * @param b - Sources cited by the other (the candidate's).
 * @returns The score and the sorted normalised sets.
 * @example
 * citationSimilarity(['https://www.example.com/a/', 'doc-1'], ['https://example.com/a#top', 'DOC-2'])
 * // { score: 1 / 3, intersection: ['https://example.com/a'], union: [...3 ids], onlyA: ['doc-1'], onlyB: ['doc-2'] }
 */
export function citationSimilarity(a: readonly string[], b: readonly string[]): CitationSimilarityResult {
  const setA = toSourceSet(a)
  const setB = toSourceSet(b)
  const intersection = [...setA].filter((id) => setB.has(id)).sort()
  const union = [...new Set([...setA, ...setB])].sort()
  const onlyA = [...setA].filter((id) => !setB.has(id)).sort()
  const onlyB = [...setB].filter((id) => !setA.has(id)).sort()
  const score = union.length === 0 ? 1 : intersection.length / union.length
  return { score, intersection, union, onlyA, onlyB }
}

function toSourceSet(ids: readonly string[]): Set<string> {
  const set = new Set<string>()
  for (const id of ids) {
    const normalized = normalizeSourceId(id)
    if (normalized !== '') set.add(normalized)
  }
  return set
}
