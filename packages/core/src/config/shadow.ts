import { describeGiven, describeValue } from './describe-value.ts'

/** A shadow share as written: a percentage with at most two decimals, `5%`, `12.5%`. */
export const SHADOW_PATTERN = /^\d{1,3}(?:\.\d{1,2})?%$/

/**
 * Checks a candidate's `shadow` share: a percentage in [0%, 100%] with at most two decimals.
 * Plain numbers are refused because `5` (percent, like weights) and `0.05` (a fraction) are both plausible.
 *
 * @param value - The value from the file.
 * @returns A message with the value and what to write, or `undefined` when it is valid.
 */
export function checkShadow(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return `shadow is ${describeGiven(value)}; write it as a percentage of control units, e.g. shadow: 5%`
  }
  const shown = describeValue(value)
  if (value.trim().startsWith('-')) return `shadow ${shown} is negative; write a share in [0%, 100%], e.g. 5%`
  if (/^\d+(?:\.\d+)?$/.test(value))
    return `shadow ${shown} has no % sign; write it as a percentage, e.g. ${value}%`
  if (/^\d+\.\d{3,}%$/.test(value)) {
    return `shadow ${shown} has more than two decimals; write a percentage with at most two decimals, e.g. ${Number.parseFloat(value).toFixed(2)}%`
  }
  if (!SHADOW_PATTERN.test(value) && !/^\d+%$/.test(value)) {
    return `shadow ${shown} is not a percentage; write the share of control units also sent to this candidate, e.g. 5%`
  }
  if (Number.parseFloat(value) > 100) {
    return `shadow ${shown} is above 100%; it is a share of control units, in [0%, 100%]`
  }
  return undefined
}

/**
 * Reads a valid shadow share as a fraction.
 *
 * @param text - A share that `checkShadow` accepts, e.g. `5%`.
 * @returns The fraction, e.g. 0.05.
 */
export function parseShadow(text: string): number {
  return Number(`${text.slice(0, -1)}e-2`)
}
