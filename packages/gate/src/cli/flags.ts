import { GateError } from '../errors.ts'

/**
 * Numeric command-line values, checked at the edge: a value the CLI cannot honour exactly (a fraction of
 * a millisecond, a timeout beyond what a timer holds, a million retries) is a usage error naming the
 * flag, the value and the accepted range, never an internal error or a silent change.
 */

/** The bounds of one numeric flag. */
export interface FlagRange {
  readonly min: number
  readonly max: number
}

const DURATION_UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }

/** The accepted ranges, in the flags' units (durations in ms). */
export const FLAG_RANGES = {
  timeoutMs: { min: 100, max: 600_000 },
  deadlineMs: { min: 1_000, max: 86_400_000 },
  retries: { min: 0, max: 10 },
  plannedUnits: { min: 1, max: 1_000_000_000 },
  maxBodyMb: { min: 1, max: 512 },
} as const satisfies Readonly<Record<string, FlagRange>>

/**
 * Reads a whole number within a range.
 *
 * @param flag - The flag (or variable) name, for the message.
 * @param text - The value as typed.
 * @param range - The accepted range, both ends included.
 * @returns The number.
 * @throws GateError `USAGE` naming the flag, the value and the range.
 * @example
 * parseIntegerFlag('--retries', '3', FLAG_RANGES.retries) // 3
 */
export function parseIntegerFlag(flag: string, text: string, range: FlagRange): number {
  const trimmed = text.trim()
  const value = /^\d{1,12}$/.test(trimmed) ? Number(trimmed) : Number.NaN
  if (Number.isSafeInteger(value) && value >= range.min && value <= range.max) return value
  throw new GateError(
    'USAGE',
    `${flag} ${JSON.stringify(text)}: give a whole number from ${formatNumber(range.min)} to ${formatNumber(range.max)}`,
  )
}

/**
 * Reads a duration: whole milliseconds (`1500`), or a whole number with a unit (`1500ms`, `30s`, `10m`,
 * `1h`), within a range.
 *
 * @param flag - The flag name, for the message.
 * @param text - The value as typed.
 * @param range - The accepted range in milliseconds, both ends included.
 * @returns The duration in milliseconds.
 * @throws GateError `USAGE` naming the flag, the value and the range.
 * @example
 * parseDurationFlag('--deadline', '10m', FLAG_RANGES.deadlineMs) // 600000
 */
export function parseDurationFlag(flag: string, text: string, range: FlagRange): number {
  const match = /^(\d{1,12})\s*(ms|s|m|h)?$/.exec(text.trim())
  const value = match === null ? Number.NaN : Number(match[1]) * (DURATION_UNIT_MS[match[2] ?? 'ms'] ?? 0)
  if (Number.isSafeInteger(value) && value >= range.min && value <= range.max) return value
  throw new GateError(
    'USAGE',
    `${flag} ${JSON.stringify(text)}: give a whole duration from ${formatDuration(range.min)} to ${formatDuration(range.max)}, ` +
      'in ms or with a unit (1500, 30s, 10m, 1h)',
  )
}

/**
 * Formats milliseconds in the largest unit that divides them (`10m`, `1500ms`).
 *
 * @param ms - A whole number of milliseconds.
 * @returns The duration as a flag would take it.
 */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`
  }
  return `${ms}ms`
}

function formatNumber(value: number): string {
  return value.toLocaleString('en-US')
}
