/**
 * Normalises text for comparison: Unicode NFKC (full-width and compatibility forms fold to their plain
 * forms), every run of whitespace to one space, trimmed; lower-cased unless `caseSensitive`.
 *
 * @param text - Any string.
 * @param caseSensitive - Keep the case. Default `false`.
 * @returns The normalised string.
 */
export function normalizeText(text: string, caseSensitive = false): string {
  const collapsed = text.normalize('NFKC').replace(/\s+/gu, ' ').trim()
  return caseSensitive ? collapsed : collapsed.toLowerCase()
}
