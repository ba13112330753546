import type { CitationExtractor } from '@llm-canary/langgraph'

/**
 * Reads the sources an answer cites: the extractor's `sources` list (its JSON), the summarizer's
 * `[source-id]` markers. An answer that cites nothing gives an empty list (it then agrees with no other
 * answer); other agents have no opinion, so the handler falls back to what their node retrieved.
 *
 * @param answer - The model's answer.
 * @param context - The calling agent.
 * @returns The cited source ids, or undefined for agents that do not cite.
 * @example
 * readCitedSources('Matches the order [po/po-48211]. Decision: APPROVE', { agent: 'summarizer', retrievedSourceIds: [] })
 * // ['po/po-48211']
 */
export const readCitedSources: CitationExtractor = (answer, context) => {
  if (context.agent === 'summarizer')
    return [...answer.matchAll(/\[([^\]\s]+)\]/g)].map((match) => match[1] ?? '')
  if (context.agent !== 'extractor') return undefined
  try {
    const sources: unknown = (JSON.parse(answer) as { sources?: unknown }).sources
    return Array.isArray(sources) ? sources.filter((id): id is string => typeof id === 'string') : []
  } catch {
    return []
  }
}
