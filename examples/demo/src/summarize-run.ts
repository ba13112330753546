import type { Experiment } from '@llm-canary/core'
import { createAssigner } from '@llm-canary/core'
import type { ShadowStats } from '@llm-canary/langgraph'
import type { DemoOptions } from './demo-options.ts'
import type { SessionTally } from './run-sessions.ts'
import { sessionIdOf } from './session-ids.ts'

/** Event-loop delay past which the summary warns that latencies carry the machine's own stalls. */
const STALL_WARNING_MS = 250

/**
 * Describes what the sessions did, before the gate reads their spans: how many each arm got (the same
 * assignment the router made, recomputed from the session ids), how many runs failed and why, and the
 * shadow calls; and a warning when the event loop stalled (a busy machine blurs the latencies).
 *
 * @param input - The experiment, the options, the tally, the shadow counters, the elapsed time and the
 *   event-loop delays.
 * @returns Two or three lines of text.
 * @example
 * summarizeRun({ experiment, options, tally, shadows: app.shadowStats(), elapsedMs: 14_200 })
 * // '2,000 sessions in 14.2 s: control 1,597, candidate 403 (81 control sessions shadowed) ...'
 */
export function summarizeRun(input: {
  readonly experiment: Experiment
  readonly options: DemoOptions
  readonly tally: SessionTally
  readonly shadows: ShadowStats
  readonly elapsedMs: number
  /** How late the event loop ran (99th percentile and worst), in milliseconds. */
  readonly stalls: { readonly p99Ms: number; readonly maxMs: number }
}): string {
  const { experiment, options, tally, shadows, elapsedMs, stalls } = input
  const assigner = createAssigner(experiment)
  const perArm = new Map(experiment.arms.map((arm) => [arm.name, 0]))
  let shadowed = 0
  for (let index = 0; index < options.sessions; index++) {
    const assignment = assigner.assign(sessionIdOf(options.seed, index))
    perArm.set(assignment.arm, (perArm.get(assignment.arm) ?? 0) + 1)
    if (assignment.shadowArms.length > 0) shadowed += 1
  }
  const arms = [...perArm].map(([arm, count]) => `${arm} ${count.toLocaleString('en-US')}`).join(', ')
  const reasons = [...tally.failures]
    .sort(([, a], [, b]) => b - a)
    .map(([name, count]) => `${name} ${count.toLocaleString('en-US')}`)
    .join(', ')
  const lines = [
    `${tally.sessions.toLocaleString('en-US')} sessions in ${(elapsedMs / 1000).toFixed(1)} s: ${arms} ` +
      `(${shadowed.toLocaleString('en-US')} control sessions also shadowed).`,
    `Runs failed: ${tally.failed.toLocaleString('en-US')}${reasons === '' ? '' : ` (${reasons})`}. ` +
      `Shadow calls: ${shadows.completed.toLocaleString('en-US')} answered, ${shadows.failed} failed, ${shadows.dropped} dropped.`,
  ]
  // Every wait of every session in flight is late by as much: the measured latencies include it.
  if (stalls.maxMs > STALL_WARNING_MS) {
    lines.push(
      `This machine was busy: the event loop ran up to ${Math.round(stalls.maxMs)} ms late (99th percentile ` +
        `${Math.round(stalls.p99Ms)} ms), which widens the latency figures; an idle machine gives tighter intervals.`,
    )
  }
  return lines.join('\n')
}
