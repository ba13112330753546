import { GateError } from '../errors.ts'

/** What the window's two ends are called where they were given: options of the library, flags of the CLI. */
const OPTION_NAMES = { since: 'since', until: 'until' } as const

/**
 * Checks an analysis window: a valid start, and an end (when given) after it. The one rule behind the
 * library's `analyzeSpans` and the CLI's `--since`/`--until`, which checks before it opens a backend.
 *
 * @param since - The window's start.
 * @param until - The window's end; undefined means now, which the caller resolves.
 * @param names - What to call the two ends in the message (default the options' names).
 * @throws GateError `USAGE` naming the end that is wrong and what to pass instead.
 * @example
 * checkAnalysisWindow(since, until, { since: '--since', until: '--until' })
 */
export function checkAnalysisWindow(
  since: Date,
  until: Date | undefined,
  names: { readonly since: string; readonly until: string } = OPTION_NAMES,
): void {
  if (Number.isNaN(since.getTime())) {
    throw new GateError(
      'USAGE',
      `the analysis start (${names.since}) is not a valid date; pass an ISO date such as 2026-05-01`,
    )
  }
  if (until !== undefined && !(until.getTime() > since.getTime())) {
    const end = Number.isNaN(until.getTime()) ? 'an invalid date' : until.toISOString()
    throw new GateError(
      'USAGE',
      `the analysis window ends (${names.until} ${end}) before it starts (${names.since} ${since.toISOString()}); pass an ${names.until} after ${names.since}`,
    )
  }
}
