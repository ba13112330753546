/** Tag LangGraph puts on its internal runs (`__start__`, channel writes); they get no span. */
export const HIDDEN_TAG = 'langsmith:hidden'

/** Tag of the judge's own model calls: the handler gives them (and their children) no span. */
export const JUDGE_RUN_TAG = 'llm-canary:judge'

/**
 * Whether a run carries a tag.
 *
 * @param tags - The run's tags, as the callback received them.
 * @param tag - The tag to look for.
 * @returns True when present.
 */
export function hasTag(tags: readonly string[] | undefined, tag: string): boolean {
  return tags?.includes(tag) === true
}

/**
 * A string value of a run's metadata.
 *
 * @param metadata - The run's metadata.
 * @param key - The key (`langgraph_node`, `ls_provider`).
 * @returns The value when it is a non-empty string.
 */
export function metadataString(
  metadata: Readonly<Record<string, unknown>> | undefined,
  key: string,
): string | undefined {
  const value = metadata?.[key]
  return typeof value === 'string' && value !== '' ? value : undefined
}

/**
 * The name LangChain serialised for a runnable: its `name` (tools), else the class name at the end of
 * its `id` (`CompiledStateGraph`, `FakeRetriever`).
 *
 * @param serialized - The `Serialized` first argument of a start callback.
 * @returns The name, or undefined.
 */
export function serializedName(serialized: unknown): string | undefined {
  if (typeof serialized !== 'object' || serialized === null) return undefined
  const { name, id } = serialized as { name?: unknown; id?: unknown }
  if (typeof name === 'string' && name !== '') return name
  if (!Array.isArray(id)) return undefined
  const last: unknown = id[id.length - 1]
  return typeof last === 'string' && last !== '' ? last : undefined
}
