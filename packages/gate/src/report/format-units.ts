/**
 * Number formatting for humans, shared by the terminal and Markdown reports: counts with thousands
 * separators, milliseconds, US dollars, rates as percentages, differences in percentage points and
 * relative changes as `+12.3%`. Every function returns plain text (no markup) and `—` for a value that
 * is not a number.
 */

/** What a report prints for a missing or non-numeric value. */
export const MISSING = '—'

const COUNT_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/**
 * Formats a count with thousands separators.
 *
 * @param count - A whole number (rounded when not).
 * @returns E.g. `12,480`; `—` for NaN.
 */
export function formatCount(count: number): string {
  if (Number.isNaN(count)) return MISSING
  if (!Number.isFinite(count)) return count > 0 ? '∞' : '-∞'
  return COUNT_FORMAT.format(Math.round(count))
}

/**
 * Formats a duration in milliseconds, with one decimal below 10 ms.
 *
 * @param latencyMs - Milliseconds.
 * @returns E.g. `1,950 ms`, `4.2 ms`; `—` for NaN.
 */
export function formatMs(latencyMs: number): string {
  if (!Number.isFinite(latencyMs)) return formatNonFinite(latencyMs)
  if (Math.abs(latencyMs) < 10 && latencyMs !== 0) return `${latencyMs.toFixed(1)} ms`
  return `${formatCount(latencyMs)} ms`
}

/**
 * Formats an amount in US dollars: cents from $1, three significant digits below (calls cost fractions
 * of a cent).
 *
 * @param costUsd - US dollars.
 * @returns E.g. `$0.00342`, `$1.20`, `$1,234.50`; `—` for NaN.
 */
export function formatUsd(costUsd: number): string {
  if (!Number.isFinite(costUsd)) return formatNonFinite(costUsd)
  const sign = costUsd < 0 ? '-' : ''
  const magnitude = Math.abs(costUsd)
  const digits =
    magnitude >= 1
      ? magnitude.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
      : formatMagnitude(magnitude)
  return `${sign}$${digits}`
}

/**
 * Formats a share in [0, 1] as a percentage: two decimals below 10%, one above.
 *
 * @param fraction - The share, e.g. 0.0145.
 * @returns E.g. `1.45%`, `91.2%`; `—` for NaN.
 */
export function formatRate(fraction: number): string {
  if (!Number.isFinite(fraction)) return formatNonFinite(fraction)
  const percent = fraction * 100
  return `${percent.toFixed(Math.abs(percent) < 10 ? 2 : 1)}%`
}

/**
 * Formats a relative change with its sign, one decimal.
 *
 * @param change - The change as a fraction: 0.123 for +12.3%.
 * @returns E.g. `+12.3%`, `-4.0%`, `+0.0%`; `+∞` / `-∞` when unbounded; `—` for NaN.
 */
export function formatRelative(change: number): string {
  if (!Number.isFinite(change)) return formatSignedNonFinite(change)
  return `${signOf(change)}${(Math.abs(change) * 100).toFixed(1)}%`
}

/**
 * Formats a difference of two rates in percentage points, with its sign.
 *
 * @param difference - The difference as a fraction: 0.011 for +1.1pp.
 * @returns E.g. `+1.10pp`, `-0.25pp`; `+∞` / `-∞` when unbounded; `—` for NaN.
 */
export function formatPp(difference: number): string {
  if (!Number.isFinite(difference)) return formatSignedNonFinite(difference)
  return `${signOf(difference)}${(Math.abs(difference) * 100).toFixed(2)}pp`
}

/**
 * Formats a signed difference in milliseconds.
 *
 * @param differenceMs - Milliseconds.
 * @returns E.g. `+120 ms`, `-3.5 ms`.
 */
export function formatSignedMs(differenceMs: number): string {
  if (!Number.isFinite(differenceMs)) return formatSignedNonFinite(differenceMs)
  return `${signOf(differenceMs)}${formatMs(Math.abs(differenceMs))}`
}

/**
 * Formats a signed difference in US dollars.
 *
 * @param differenceUsd - US dollars.
 * @returns E.g. `+$0.0012`, `-$1.20`.
 */
export function formatSignedUsd(differenceUsd: number): string {
  if (!Number.isFinite(differenceUsd)) return formatSignedNonFinite(differenceUsd)
  return `${signOf(differenceUsd)}${formatUsd(Math.abs(differenceUsd))}`
}

/**
 * Formats a signed difference of scores (judge points, Jaccard agreement) with three significant digits.
 *
 * @param difference - The difference.
 * @param unit - Appended after a space when given (`pts`).
 * @returns E.g. `+0.12 pts`, `-0.031`.
 */
export function formatSignedScore(difference: number, unit?: string): string {
  if (!Number.isFinite(difference)) return formatSignedNonFinite(difference)
  const text = `${signOf(difference)}${formatMagnitude(Math.abs(difference))}`
  return unit === undefined ? text : `${text} ${unit}`
}

/**
 * Formats a score (a judge mean, a Jaccard agreement) with three significant digits.
 *
 * @param score - The score.
 * @returns E.g. `4.21`, `0.932`; `—` for NaN.
 */
export function formatScore(score: number): string {
  if (!Number.isFinite(score)) return formatNonFinite(score)
  return `${score < 0 ? '-' : ''}${formatMagnitude(Math.abs(score))}`
}

/**
 * Formats a p-value: two significant digits, scientific notation below 0.0001.
 *
 * @param pValue - In [0, 1].
 * @returns E.g. `0.031`, `2.1e-7`.
 */
export function formatP(pValue: number): string {
  if (!Number.isFinite(pValue)) return formatNonFinite(pValue)
  if (pValue === 0) return '0'
  return pValue < 1e-4 ? pValue.toExponential(1) : String(Number(pValue.toPrecision(2)))
}

/**
 * States a p-value for a sentence, so one that underflowed to 0 does not read as impossible.
 *
 * @param pValue - In [0, 1].
 * @returns E.g. `p = 0.031`, `p = 2.1e-7`, `p < 1e-15`.
 */
export function describeP(pValue: number): string {
  return pValue < 1e-15 ? 'p < 1e-15' : `p = ${formatP(pValue)}`
}

/**
 * Formats a number of days for an ETA or a window: hours below a day.
 *
 * @param days - Days, ≥ 0.
 * @returns E.g. `2.3 days`, `1 day`, `5 h`, `< 1 h`.
 */
export function formatDays(days: number): string {
  if (!Number.isFinite(days)) return formatNonFinite(days)
  if (days < 1) {
    const hours = Math.round(days * 24)
    return hours < 1 ? '< 1 h' : `${hours} h`
  }
  const rounded = Number(days.toFixed(1))
  return rounded === 1 ? '1 day' : `${rounded} days`
}

/**
 * Chooses the plural of a noun for a count.
 *
 * @param count - How many.
 * @param singular - The noun for one (`guardrail`).
 * @param plural - The noun for several; `singular + 's'` by default.
 * @returns E.g. `guardrail` for 1, `guardrails` otherwise.
 */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return count === 1 ? singular : plural
}

function formatMagnitude(value: number): string {
  if (value === 0) return '0'
  if (value >= 1000) return value.toLocaleString('en-US', { maximumFractionDigits: 0 })
  if (value < 1e-6) return value.toExponential(2)
  // toPrecision keeps three significant digits; Number() drops the trailing zeros it pads with.
  return String(Number(value.toPrecision(3)))
}

function signOf(value: number): string {
  return value > 0 ? '+' : value < 0 ? '-' : '+'
}

function formatNonFinite(value: number): string {
  if (Number.isNaN(value)) return MISSING
  return value > 0 ? '∞' : '-∞'
}

function formatSignedNonFinite(value: number): string {
  if (Number.isNaN(value)) return MISSING
  return value > 0 ? '+∞' : '-∞'
}
