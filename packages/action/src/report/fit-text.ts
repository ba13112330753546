/**
 * Cuts text to at most `maxChars` UTF-16 code units, ending with `…` when cut (never inside a surrogate pair).
 *
 * @param text - The text.
 * @param maxChars - The limit.
 * @returns The text, or its cut.
 */
export function fitText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text
  let cut = maxChars - 1
  const code = text.charCodeAt(cut - 1)
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1
  return `${text.slice(0, cut)}…`
}
