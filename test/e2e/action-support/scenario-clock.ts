/** The scenarios' "now", to the second (GitHub's timestamps have no milliseconds). */
const NOW_MS = Math.floor(Date.now() / 1000) * 1000

/** A time `days` (fractions allowed) before the scenarios' "now". */
export function daysAgo(days: number): Date {
  return new Date(NOW_MS - Math.round(days * 86_400_000))
}
