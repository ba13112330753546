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

/** `isUnsafeCharacter` as one test, line feeds and tabs excepted: the fast path of clean output. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const UNSAFE_OUTPUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

/** The SGR codes the CLI's own styles write (bold, dim, red, green, yellow and their resets). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point.
const OWN_STYLE_CODE = /^\u001b\[(?:1|2|22|31|32|33|39)m/

/**
 * Escapes every unsafe character of a text bound for a terminal, a log or a file: each becomes a
 * visible `\uXXXX`, so an escape sequence from a span, a YAML key or a backend body (`ESC]0;title`,
 * `ESC[2J`) is shown, never obeyed. Line breaks and tabs stay; with `keepOwnStyles`, the exact colour codes
 * the CLI writes itself stay too (any other sequence is escaped).
 *
 * @param text - Output text.
 * @param options - `keepOwnStyles` when colour is on.
 * @returns The text, safe to print.
 * @example
 * escapeUnsafeOutput('agent \u001b]0;PWNED\u0007') // 'agent \\u001b]0;PWNED\\u0007'
 */
export function escapeUnsafeOutput(text: string, options: { readonly keepOwnStyles?: boolean } = {}): string {
  if (!UNSAFE_OUTPUT.test(text)) return text
  let result = ''
  let index = 0
  for (const char of text) {
    if (char === '\n' || char === '\t' || !isUnsafeCharacter(char)) result += char
    else if (
      char === '\u001b' &&
      options.keepOwnStyles === true &&
      OWN_STYLE_CODE.test(text.slice(index, index + 5))
    )
      result += char
    else result += `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`
    index += char.length
  }
  return result
}
