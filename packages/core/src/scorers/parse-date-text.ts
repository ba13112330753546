/**
 * How a date is written. Two dates compare only within one format: a different format is a finding
 * (`date_format`), since a model that switches `2026-05-03` to `03/05/2026` breaks whoever parses its output.
 */
export type DateFormat =
  /** `2026-05-03`, `2026-05-03T10:00:00Z`, `2026-05-03 10:00+02:00` (date-only and date-time are one format). */
  | 'iso'
  /** `03/05/2026` or `3/5/2026`: day and month in an order only the writer knows. */
  | 'slash'
  /** `2026/05/03`. */
  | 'slash-ymd'
  /** `03.05.2026`. */
  | 'dot'
  /** `03-05-2026`. */
  | 'dash'
  /** `May 3, 2026`, `Sep. 3rd 2026`. */
  | 'month-day-year'
  /** `3 May 2026`, `3rd of May, 2026`. */
  | 'day-month-year'

/** A date read from text: its format, and a key that is equal for equal dates of that format. */
export interface DateText {
  readonly format: DateFormat
  readonly key: string
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|[a-z]{4,9})\\.?'
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?'

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?)?$/
const NUMERIC: readonly [DateFormat, RegExp, readonly [number, number, number]][] = [
  // [format, pattern, capture index of year, month-or-first, day-or-second]
  ['slash', /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, [3, 1, 2]],
  ['slash-ymd', /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, [1, 2, 3]],
  ['dot', /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, [3, 2, 1]],
  ['dash', /^(\d{1,2})-(\d{1,2})-(\d{4})$/, [3, 2, 1]],
]
const MONTH_DAY_YEAR = new RegExp(`^${MONTH}\\s+${DAY},?\\s+(\\d{4})$`)
const DAY_MONTH_YEAR = new RegExp(`^${DAY}\\s+(?:of\\s+)?${MONTH},?\\s+(\\d{4})$`)

/**
 * Reads a date written in one of the {@link DateFormat} formats.
 *
 * @param text - A string leaf of a structured output.
 * @returns The format and comparison key, or `undefined` when the text is not a valid date in a known format.
 * @example
 * parseDateText('2026-05-03') // { format: 'iso', key: '1777766400000' }
 * parseDateText('03/05/2026') // { format: 'slash', key: '2026|3|5' }
 */
export function parseDateText(text: string): DateText | undefined {
  const trimmed = text.trim().toLowerCase()
  const iso = ISO.exec(trimmed)
  if (iso !== null) return readIso(iso)
  for (const [format, pattern, [yearAt, firstAt, secondAt]] of NUMERIC) {
    const match = pattern.exec(trimmed)
    if (match === null) continue
    const [year, first, second] = [Number(match[yearAt]), Number(match[firstAt]), Number(match[secondAt])]
    // In `slash` either part may be the month; it must be a valid date under at least one reading.
    const valid =
      format === 'slash'
        ? isValidDay(year, first, second) || isValidDay(year, second, first)
        : isValidDay(year, first, second)
    return valid ? { format, key: `${year}|${first}|${second}` } : undefined
  }
  const mdy = MONTH_DAY_YEAR.exec(trimmed)
  if (mdy !== null) return readNamedMonth('month-day-year', mdy[1], mdy[2], mdy[3])
  const dmy = DAY_MONTH_YEAR.exec(trimmed)
  if (dmy !== null) return readNamedMonth('day-month-year', dmy[2], dmy[1], dmy[3])
  return undefined
}

function readIso(match: RegExpExecArray): DateText | undefined {
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone = 'z'] = match
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  if (!isValidDay(y, mo, d) || h > 23 || mi > 59 || s > 59) return undefined
  const fractionMs = Number(`0.${fraction || '0'}`) * 1000
  // A date-time without a zone is read as UTC, so `2026-05-03` and `2026-05-03T00:00:00` are one instant.
  const instantMs = Date.UTC(y, mo - 1, d, h, mi, s) + fractionMs - zoneOffsetMs(zone)
  return { format: 'iso', key: String(instantMs) }
}

function zoneOffsetMs(zone: string): number {
  if (zone === 'z') return 0
  const digits = zone.slice(1).replace(':', '')
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')
  return (zone.startsWith('-') ? -minutes : minutes) * 60_000
}

function readNamedMonth(
  format: DateFormat,
  monthText: string | undefined,
  dayText: string | undefined,
  yearText: string | undefined,
): DateText | undefined {
  const month = monthNumber(monthText ?? '')
  const [day, year] = [Number(dayText), Number(yearText)]
  if (month === undefined || !isValidDay(year, month, day)) return undefined
  return { format, key: `${year}|${month}|${day}` }
}

function monthNumber(text: string): number | undefined {
  const index = MONTHS.findIndex((name) => name === text || (text.length >= 3 && name.startsWith(text)))
  return index === -1 ? undefined : index + 1
}

function isValidDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}
