import type { GuardrailStatus } from '@llm-canary/core'
import { replaceUnsafeCharacters } from './unsafe-characters.ts'

/**
 * ANSI styles for the terminal report. No dependency: the few SGR codes it needs are written out, and
 * every style is the identity when colour is off (the default), so plain output carries no escapes.
 */

/** Text styles; each returns its input unchanged when colour is off. */
export interface ReportStyle {
  bold(text: string): string
  dim(text: string): string
  red(text: string): string
  green(text: string): string
  yellow(text: string): string
}

const SGR = {
  bold: ['\u001b[1m', '\u001b[22m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  red: ['\u001b[31m', '\u001b[39m'],
  green: ['\u001b[32m', '\u001b[39m'],
  yellow: ['\u001b[33m', '\u001b[39m'],
} as const

/**
 * Creates the report's styles.
 *
 * @param color - True to emit ANSI colour codes.
 * @returns Styles that wrap text in SGR codes, or leave it as is.
 */
export function createReportStyle(color: boolean): ReportStyle {
  const paint =
    (name: keyof typeof SGR) =>
    (text: string): string =>
      color && text !== '' ? `${SGR[name][0]}${text}${SGR[name][1]}` : text
  return {
    bold: paint('bold'),
    dim: paint('dim'),
    red: paint('red'),
    green: paint('green'),
    yellow: paint('yellow'),
  }
}

/**
 * Makes text from spans or the experiment file safe to print: control characters (which could move the
 * cursor, recolour or rewrite the terminal) and line breaks become visible escapes.
 *
 * @param text - Untrusted text (an agent name, a warning).
 * @returns The text on one line, without control or bidirectional-override characters.
 */
export function sanitizeTerminalText(text: string): string {
  return replaceUnsafeCharacters(text.replace(/\r\n|\r|\n/g, '\\n').replace(/\t/g, ' '), (char) => {
    return `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`
  })
}

/**
 * The style of a guardrail status: red and bold for a fail, yellow for a suspected regression (bold) or
 * an undecided guardrail, green for a pass, dim without data.
 *
 * @param status - The guardrail's status.
 * @param style - The report's styles.
 * @returns The style to apply to the status's text (the identity when colour is off).
 */
export function guardrailStatusStyle(status: GuardrailStatus, style: ReportStyle): (text: string) => string {
  switch (status) {
    case 'pass':
      return style.green
    case 'fail':
      return (text) => style.bold(style.red(text))
    case 'suspected_regression':
      return (text) => style.bold(style.yellow(text))
    case 'inconclusive':
      return style.yellow
    case 'no_data':
      return style.dim
  }
}
