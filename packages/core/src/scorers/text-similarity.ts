import type { ScoreResult } from './score-types.ts'

/**
 * Splits text into comparable word tokens: Unicode NFKC, lower case, apostrophes dropped (`don't` → `dont`),
 * every other punctuation or symbol character a separator, whitespace collapsed.
 *
 * @param text - Any text.
 * @returns The tokens in order; empty for text with no letters or digits.
 */
export function tokenizeText(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’ʼ]/gu, '')
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .split(/\s+/u)
    .filter((token) => token !== '')
}

/**
 * Similarity of two texts in [0, 1]: cosine similarity of their word-count vectors after `tokenizeText`
 * (Salton & McGill, *Introduction to Modern Information Retrieval*, 1983). Chosen over Sørensen–Dice on
 * bigrams because word counts ignore word order and keep repetitions, and a one-word answer still has a
 * vector (bigrams of one word are empty). Symmetric; 1 when the token multisets are equal (identical after
 * normalisation, or the same words reordered); 0 when no word is shared; two empty texts score 1.
 *
 * @param a - One text.
 * @param b - The other text.
 * @returns `{ score }`.
 * @example
 * textSimilarity('The cat sat.', 'the  CAT sat') // { score: 1 }
 * textSimilarity('red apple', 'green apple') // { score: 0.5 }
 */
export function textSimilarity(a: string, b: string): ScoreResult {
  const countsA = countTokens(tokenizeText(a))
  const countsB = countTokens(tokenizeText(b))
  if (countsA.size === 0 || countsB.size === 0) return { score: countsA.size === countsB.size ? 1 : 0 }
  let dot = 0
  for (const [token, count] of countsA) dot += count * (countsB.get(token) ?? 0)
  // sqrt(|a|² · |b|²) is exact when both are equal perfect squares, so identical texts give exactly 1.
  const score = dot / Math.sqrt(squaredNorm(countsA) * squaredNorm(countsB))
  return { score: Math.min(1, score) }
}

function countTokens(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1)
  return counts
}

function squaredNorm(counts: ReadonlyMap<string, number>): number {
  let sum = 0
  for (const count of counts.values()) sum += count * count
  return sum
}
