import type { Experiment } from '@llm-canary/core'
import type { SessionEntry } from './session-table.ts'

const DAY_MS = 86_400_000

/** Where the experiment's horizon falls in the units as they arrived. */
export interface HorizonCut {
  /** Units analysed: those that arrived up to the horizon (a prefix of the first-seen order). */
  readonly units: number
  /** What was reached first: the planned units per arm, or `horizon_days`. */
  readonly by: 'planned_units' | 'horizon_days'
  /** Days from the first unit to the horizon (at most `horizon_days`). */
  readonly days: number
  /** First-seen time of the last unit analysed, epoch ms. */
  readonly atMs: number
}

/**
 * Finds the experiment's horizon in its units, taken in the order they arrived: the first moment a
 * candidate with traffic and control both reach the planned units per arm (the caller's plan or
 * `analysis.max_units_per_arm`), or `analysis.horizon_days` pass — whichever comes first.
 *
 * Why: under `method: sequential` the group-sequential design spends its α by the horizon and decides
 * nothing after it (docs/statistics.md). The gate is stateless, so a run after the horizon analyses the
 * units up to it and gives the horizon's verdict again, instead of turning a decided pass or fail into
 * "review" as more data arrives. Any single look up to the horizon is covered by the design's guarantee.
 *
 * @param experiment - The experiment (its method, plan and horizon).
 * @param sessions - Units in first-seen order.
 * @param plannedUnitsPerArm - The caller's plan, if any (else `max_units_per_arm`).
 * @returns The cut, or undefined when every unit is before the horizon (or the method has no horizon).
 * @example
 * const cut = findHorizonCut(experiment, sessions)
 * const analysed = cut === undefined ? sessions : sessions.slice(0, cut.units)
 */
export function findHorizonCut(
  experiment: Experiment,
  sessions: readonly SessionEntry[],
  plannedUnitsPerArm?: number,
): HorizonCut | undefined {
  const { method, horizonDays, maxUnitsPerArm } = experiment.analysis
  const first = sessions[0]
  if (method !== 'sequential' || first === undefined) return undefined
  const planned = plannedUnitsPerArm ?? maxUnitsPerArm
  const control = experiment.arms.indexOf(experiment.control)
  const candidates = experiment.arms.flatMap((arm, index) =>
    !arm.isControl && arm.weight > 0 ? [index] : [],
  )
  const counts = new Array<number>(experiment.arms.length).fill(0)
  let previous = first
  for (let index = 0; index < sessions.length; index += 1) {
    const session = sessions[index] as SessionEntry
    const days = (session.firstSeenMs - first.firstSeenMs) / DAY_MS
    if (days > horizonDays) {
      return { units: index, by: 'horizon_days', days: horizonDays, atMs: previous.firstSeenMs }
    }
    previous = session
    if (session.arm < 0) continue
    counts[session.arm] = (counts[session.arm] ?? 0) + 1
    if (planned === undefined || index + 1 === sessions.length) continue
    const controlUnits = counts[control] ?? 0
    if (candidates.some((arm) => Math.min(controlUnits, counts[arm] ?? 0) >= planned)) {
      return { units: index + 1, by: 'planned_units', days, atMs: session.firstSeenMs }
    }
  }
  return undefined
}

/**
 * The report's sentence about a horizon cut.
 *
 * @param cut - The cut.
 * @param total - Units in the window.
 * @returns One sentence.
 */
export function describeHorizonCut(cut: HorizonCut, total: number): string {
  const reached =
    cut.by === 'planned_units' ? 'the planned units per arm' : `horizon_days (${cut.days.toFixed(1)} days)`
  return `the experiment reached its horizon (${reached}) at ${new Date(cut.atMs).toISOString()}: the verdict is the horizon's, on the first ${cut.units} of ${total} units; the ${total - cut.units} units after it are not analysed, so more data no longer changes the decision`
}
