import { GateError } from '../errors.ts'

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }

/**
 * Reads `--since` / `--until`: a duration back from now (`90m`, `24h`, `14d`, `2w`) or an ISO 8601 time
 * (`2026-11-01`, `2026-11-01T12:00:00Z`).
 *
 * @param flag - the flag name, for messages.
 * @param text - the value.
 * @param now - the current time.
 * @throws GateError `USAGE` naming the value and the accepted forms.
 */
export function parseTimeFlag(flag: string, text: string, now: Date): Date {
  const duration = /^(\d+(?:\.\d+)?)\s*([mhdw])$/.exec(text.trim())
  if (duration !== null) {
    const ms = Number(duration[1]) * (UNIT_MS[duration[2] ?? 'd'] ?? 0)
    const time = new Date(now.getTime() - ms)
    if (!Number.isNaN(time.getTime()) && time.getTime() >= 0) return time
    throw new GateError(
      'USAGE',
      `${flag} ${text} reaches back before 1970: give a shorter duration or an ISO time`,
    )
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const time = new Date(text)
    if (!Number.isNaN(time.getTime())) return time
  }
  throw new GateError(
    'USAGE',
    `${flag} ${text}: give a duration back from now (90m, 24h, 14d, 2w) or an ISO time (2026-11-01T12:00:00Z)`,
  )
}
