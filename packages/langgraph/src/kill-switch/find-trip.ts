import { computeQuantile } from '@llm-canary/core'
import type { KillSwitchOptions, KillSwitchTrip } from './kill-switch-types.ts'
import type { WindowSummary } from './outcome-window.ts'

/**
 * Checks one arm's window against the switch's bounds: error rate first, then P95 latency (type 7
 * quantile, `computeQuantile`, as the gate computes it). A window below `minCalls` never trips.
 *
 * @param input - The bounds, the arm, its window now, and the clock reading.
 * @returns The trip when a bound is crossed (strictly above), else undefined.
 */
export function findTrip(input: {
  readonly options: Pick<KillSwitchOptions, 'minCalls' | 'windowMs' | 'maxErrorRate' | 'maxLatencyP95Ms'>
  readonly arm: string
  readonly summary: WindowSummary
  readonly atMs: number
}): KillSwitchTrip | undefined {
  const { options, arm, summary, atMs } = input
  if (summary.calls < options.minCalls) return undefined
  const errorRate = summary.errors / summary.calls
  const latencyP95Ms = summary.latenciesMs.length > 0 ? computeQuantile(summary.latenciesMs, 0.95) : undefined
  const scope = `over the last ${summary.calls} calls of arm ${JSON.stringify(arm)} (window ${options.windowMs} ms)`
  let reason: string | undefined
  if (options.maxErrorRate !== undefined && errorRate > options.maxErrorRate) {
    reason = `error rate ${formatPercent(errorRate)} (${summary.errors} errors) ${scope} is above maxErrorRate ${formatPercent(options.maxErrorRate)}`
  } else if (
    options.maxLatencyP95Ms !== undefined &&
    latencyP95Ms !== undefined &&
    latencyP95Ms > options.maxLatencyP95Ms
  ) {
    reason = `latency P95 ${Math.round(latencyP95Ms)} ms ${scope} is above maxLatencyP95Ms ${options.maxLatencyP95Ms} ms`
  }
  if (reason === undefined) return undefined
  return { arm, reason, trippedAt: new Date(atMs), calls: summary.calls, errorRate, latencyP95Ms }
}

function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`
}
