import { Document } from '@langchain/core/documents'
import { describe, expect, it } from 'vitest'
import { readRetrievedDocuments } from './retrieved-documents.ts'

describe('readRetrievedDocuments', () => {
  it('reads normalised ids and scores, skipping documents without an id', () => {
    const documents = [
      new Document({ pageContent: 'a', id: 'DOC-1', metadata: { relevance_score: 0.7 } }),
      new Document({ pageContent: 'b', metadata: { source: 'https://www.Example.com/x/?utm_source=q' } }),
      new Document({ pageContent: 'c', metadata: {} }),
      new Document({ pageContent: 'd', metadata: { doc_id: 12, score: Number.NaN } }),
    ]
    expect(readRetrievedDocuments(documents)).toEqual([
      { id: 'doc-1', score: 0.7 },
      { id: 'https://example.com/x' },
      { id: '12' },
    ])
  })

  it('gives nothing for a non-array', () => {
    expect(readRetrievedDocuments(undefined)).toEqual([])
  })
})
