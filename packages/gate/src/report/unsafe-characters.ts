/**
 * Characters that must not reach a terminal or a rendered report as they are: C0 and C1 controls
 * (escape sequences, carriage returns, line breaks), the Unicode line and paragraph separators, and the
 * bidirectional embedding, override and isolate characters that make text read differently than it is
 * stored ("Trojan Source").
 */

/**
 * Tells whether a character is unsafe to print as is.
 *
 * @param char - One character (a code point).
 * @returns True for C0/C1 controls, DEL, U+2028/U+2029 and the bidi controls U+202A–U+202E, U+2066–U+2069.
 */
export function isUnsafeCharacter(char: string): boolean {
  const code = char.codePointAt(0) ?? 0
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  )
}

/**
 * Replaces every unsafe character of a text.
 *
 * @param text - Untrusted text.
 * @param replace - Gives the replacement of one unsafe character.
 * @returns The text with each unsafe character replaced.
 */
export function replaceUnsafeCharacters(text: string, replace: (char: string) => string): string {
  let result = ''
  for (const char of text) result += isUnsafeCharacter(char) ? replace(char) : char
  return result
}
