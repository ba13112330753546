import { normalizeSourceId } from '@llm-canary/core'

/** A retrieved document as `gen_ai.retrieval.documents` lists it. */
export interface RetrievedDocument {
  readonly id: string
  readonly score?: number
}

const SCORE_KEYS = ['score', 'relevance_score', '_score', 'similarity'] as const
const ID_KEYS = ['source', 'id', 'url', 'doc_id', 'document_id'] as const

/**
 * Reads the id and score of the documents a retriever returned: the document's `id`, else
 * `metadata.source` / `id` / `url` / `doc_id` / `document_id`; the score from `metadata.score` /
 * `relevance_score` / `_score` / `similarity`. Documents without any id are skipped. Ids are normalised
 * (core `normalizeSourceId`) so the same source compares equal across arms.
 *
 * @param documents - The `DocumentInterface[]` passed to `handleRetrieverEnd`.
 * @returns One entry per document that has an id, in order.
 * @example
 * readRetrievedDocuments([{ pageContent: '...', metadata: { source: 'HTTPS://Docs.example.com/a/' } }])
 * // [{ id: 'https://docs.example.com/a' }]
 */
export function readRetrievedDocuments(documents: unknown): RetrievedDocument[] {
  if (!Array.isArray(documents)) return []
  const found: RetrievedDocument[] = []
  for (const document of documents) {
    if (typeof document !== 'object' || document === null) continue
    const record = document as { id?: unknown; metadata?: unknown }
    const metadata =
      typeof record.metadata === 'object' && record.metadata !== null
        ? (record.metadata as Record<string, unknown>)
        : {}
    const rawId = firstString(record.id, ...ID_KEYS.map((key) => metadata[key]))
    if (rawId === undefined) continue
    const id = normalizeSourceId(rawId)
    if (id === '') continue
    const score = SCORE_KEYS.map((key) => metadata[key]).find(
      (value): value is number => typeof value === 'number' && Number.isFinite(value),
    )
    found.push(score === undefined ? { id } : { id, score })
  }
  return found
}

function firstString(...values: unknown[]): string | undefined {
  for (const value of values) {
    if (typeof value === 'string' && value.trim() !== '') return value
    if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  }
  return undefined
}
