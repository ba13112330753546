import type { Document } from '@langchain/core/documents'
import { BaseRetriever } from '@langchain/core/retrievers'
import { waitScaledMs } from './time-scale.ts'

/**
 * A LangChain retriever over the demo's record store, so the handler sees a real retrieval run
 * (`retrieval {name}` span with the documents' ids and scores). It waits like a vector search would.
 */
export class RecordsRetriever extends BaseRetriever {
  lc_namespace = ['llm_canary_demo', 'retrievers']

  /**
   * @param search - Finds the documents of a query.
   * @param searchMs - Simulated search time, in real-world milliseconds (scaled down when waited).
   */
  constructor(
    private readonly search: (query: string) => Document[],
    private readonly searchMs: number,
  ) {
    super()
  }

  /**
   * Waits the (scaled) search time, then returns the matching documents.
   *
   * @param query - The query.
   * @returns The documents.
   */
  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    await waitScaledMs(this.searchMs)
    return this.search(query)
  }
}
