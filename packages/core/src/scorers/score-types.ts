/**
 * Public types of the scorers. Every scorer returns a `ScoreResult`: a `score` in [0, 1] where 1 is full
 * agreement, plus what explains it. Scorers are pure and deterministic, so a score can be recomputed from
 * the same inputs anywhere (handler, gate, a notebook).
 * (They belong with the other public types; `types.ts` is owned elsewhere, so they live here for now.)
 */

/** What every scorer returns: `score` in [0, 1], 1 for full agreement. */
export interface ScoreResult {
  readonly score: number
}

/** Options of `exactMatch`. Both default to `false`: exact means exact unless asked otherwise. */
export interface ExactMatchOptions {
  /** Trim leading and trailing whitespace of every string (in structures too). */
  readonly trim?: boolean | undefined
  /** Compare strings case-insensitively (Unicode NFKC, then lower case). */
  readonly caseFold?: boolean | undefined
}

/** Result of `exactMatch`: 1 or 0, and where the first difference is. */
export interface ExactMatchResult extends ScoreResult {
  readonly score: 0 | 1
  /** Path of the first difference (`invoice.lines[2].sku`, `(root)`); absent on a match. */
  readonly mismatchPath?: string
}

/** Why a field of a structured output does not match. */
export type FieldMismatchReason =
  /** Expected, but absent from the actual output. */
  | 'missing'
  /** In the actual output, but not expected. */
  | 'extra'
  /** Different kinds of value: a number against a non-numeric string, an object against a string, ... */
  | 'type'
  /** Same kind, different value after normalisation. */
  | 'value'
  /** Both are dates, written in different formats (`2026-05-03` vs `03/05/2026`): reported, never hidden. */
  | 'date_format'
  /** The output (or the expected value) is a string that is not JSON. */
  | 'invalid_json'

/** One leaf of a structured comparison. */
export interface FieldResult {
  /** Where the leaf sits: `invoice.date`, `lines[0].qty`, `(root)`. */
  readonly path: string
  readonly match: boolean
  /** Set exactly when `match` is false. */
  readonly reason?: FieldMismatchReason
  /** The actual leaf, as given (`undefined` when missing). */
  readonly actual: unknown
  /** The expected leaf, as given (`undefined` when extra). */
  readonly expected: unknown
}

/** Options of `fuzzyMatch`. */
export interface FuzzyMatchOptions {
  /**
   * Paths to leave out, with their subtrees: `invoice.notes`, `lines[0].sku`, `lines[*].sku` (`*` is any key or
   * index). Keys that contain `.` or `[` cannot be named.
   */
  readonly ignorePaths?: readonly string[] | undefined
  /** Largest absolute difference at which two numbers still match. Default 0. */
  readonly numericTolerance?: number | undefined
  /** Compare strings case-sensitively. Default `false` (case-folded). */
  readonly caseSensitive?: boolean | undefined
  /** Read currency amounts as numbers (`"$12"`, `"12 EUR"` match `12`). Default `false`. */
  readonly currency?: boolean | undefined
  /** Do not count fields the output has but the expected value lacks. Default `false` (they count as `extra`). */
  readonly ignoreExtraFields?: boolean | undefined
}

/** Result of `fuzzyMatch`: `score = matched / total` over the leaves, and every leaf's verdict. */
export interface FuzzyMatchResult extends ScoreResult {
  readonly matched: number
  /** Expected leaves plus extra leaves of the output; 0 (score 1) when everything was ignored. */
  readonly total: number
  readonly fields: readonly FieldResult[]
}

/** Result of `citationSimilarity`: Jaccard index of the normalised source sets, and the sets themselves (sorted). */
export interface CitationSimilarityResult extends ScoreResult {
  /** Sources cited by both. */
  readonly intersection: readonly string[]
  /** Sources cited by either. */
  readonly union: readonly string[]
  /** Sources cited only by the first list. */
  readonly onlyA: readonly string[]
  /** Sources cited only by the second list. */
  readonly onlyB: readonly string[]
}

/** A Likert score: 1 (worst) to 5 (best). */
export type LikertScore = 1 | 2 | 3 | 4 | 5
