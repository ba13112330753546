import type { Verdict } from '@llm-canary/core'
import type { IntervalHistoryPoint } from '../types.ts'

/** Looks the interval history takes by default. */
export const DEFAULT_HISTORY_POINTS = 12

/**
 * Plans the looks of the interval history: `points` session counts evenly spaced up to `sessions`, the
 * last one at all of them. Fewer when there are fewer sessions than points.
 *
 * @param sessions - Sessions to replay.
 * @param points - Looks wanted (≥ 1).
 * @returns Ascending, distinct session counts; empty without sessions.
 * @example
 * planLooks(1200, 12) // [100, 200, ..., 1200]
 */
export function planLooks(sessions: number, points: number): number[] {
  const looks = new Set<number>()
  for (let k = 1; k <= points && sessions > 0; k += 1)
    looks.add(Math.max(1, Math.round((k * sessions) / points)))
  return [...looks].sort((a, b) => a - b)
}

/**
 * Turns one look's verdict into history points: one per guardrail and candidate, with its estimate and
 * always-valid interval when measured. An unbounded side of an interval (a quantile interval before
 * enough data) is left out rather than written as ±Infinity, which JSON cannot hold.
 *
 * @param verdict - The verdict at the look.
 * @param at - The look's time, ISO 8601 (the first-seen time of the last session included).
 * @returns The points.
 */
export function toHistoryPoints(verdict: Verdict, at: string): IntervalHistoryPoint[] {
  return verdict.guardrails.map((result) => ({
    at,
    units: Math.min(result.units.control, result.units.candidate),
    metric: result.metric,
    arm: result.arm,
    limit: result.limit,
    ...(result.estimate !== undefined && Number.isFinite(result.estimate)
      ? { estimate: result.estimate }
      : {}),
    ...(result.interval !== undefined && Number.isFinite(result.interval.lower)
      ? { lower: result.interval.lower }
      : {}),
    ...(result.interval !== undefined && Number.isFinite(result.interval.upper)
      ? { upper: result.interval.upper }
      : {}),
  }))
}
