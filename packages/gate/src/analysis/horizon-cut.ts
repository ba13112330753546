import type { Experiment } from '@llm-canary/core'

const DAY_MS = 86_400_000

/** Where the experiment's horizon falls in the units as they arrived. */
export interface HorizonCut {
  /** Units analysed: those first seen up to the cut (a prefix of the first-seen order). */
  readonly units: number
  /** What was reached first: the planned units per arm, or `horizon_days`. */
  readonly by: 'planned_units' | 'horizon_days'
  /** Days from the first unit to the horizon (at most `horizon_days`). */
  readonly days: number
  /** First-seen time of the last unit analysed, epoch ms: every unit first seen after it is cut. */
  readonly atMs: number
}

/** What a horizon is looked for with: the units per arm to reach (if planned) and `horizon_days`. */
export interface HorizonPlan {
  /** The caller's plan, else `analysis.max_units_per_arm`; undefined when neither is set. */
  readonly plannedUnitsPerArm: number | undefined
  readonly horizonMs: number
}

/**
 * The unit arrivals the horizon depends on, nothing else: the file path computes them from its sessions,
 * a source that aggregates where the data is (ClickHouse) from one small query. Units are the sessions
 * with an arm and the shadow-only sessions; their time is when they were first seen.
 */
export interface UnitArrivals {
  /** How many units. */
  readonly units: number
  /** First-seen time of the earliest unit, epoch ms (NaN without units). */
  readonly firstMs: number
  /** First-seen time of the latest unit, epoch ms (NaN without units). */
  readonly lastMs: number
  /** The latest first-seen time at or before `firstMs + horizonMs`. */
  readonly lastWithinHorizonMs: number
  /** Per arm (experiment order): first-seen time of its `plannedUnitsPerArm`-th unit; NaN when it has fewer. */
  readonly plannedReachedMs: readonly number[]
}

/**
 * The horizon an experiment's analysis stops at, or undefined when its method has none (only
 * `method: sequential` spends its α by a horizon).
 *
 * @param experiment - The experiment (its method, plan and horizon).
 * @param plannedUnitsPerArm - The caller's plan, if any (else `max_units_per_arm`).
 * @returns The plan, or undefined.
 */
export function planHorizon(experiment: Experiment, plannedUnitsPerArm?: number): HorizonPlan | undefined {
  const { method, horizonDays, maxUnitsPerArm } = experiment.analysis
  if (method !== 'sequential') return undefined
  return { plannedUnitsPerArm: plannedUnitsPerArm ?? maxUnitsPerArm, horizonMs: horizonDays * DAY_MS }
}

/**
 * Finds the moment the horizon is reached from the unit arrivals: the first moment a candidate with
 * traffic and control both have the planned units per arm, or `horizon_days` after the first unit —
 * whichever comes first — provided units arrived after it.
 *
 * Why: under `method: sequential` the group-sequential design spends its α by the horizon and decides
 * nothing after it (docs/statistics.md). The gate is stateless, so a run after the horizon analyses the
 * units up to it and gives the horizon's verdict again, instead of turning a decided pass or fail into
 * "review" as more data arrives. The cut is a moment, not a position: units first seen at the same
 * millisecond are all in or all out, so it does not depend on the order the spans were read in.
 *
 * @param experiment - The experiment (its arms).
 * @param plan - From `planHorizon`.
 * @param arrivals - The units' arrivals.
 * @returns The cut without its unit count (count the units first seen up to `atMs`), or undefined.
 */
export function findHorizonMoment(
  experiment: Experiment,
  plan: HorizonPlan,
  arrivals: UnitArrivals,
): Omit<HorizonCut, 'units'> | undefined {
  if (arrivals.units === 0) return undefined
  const control = experiment.arms.indexOf(experiment.control)
  const controlMs = arrivals.plannedReachedMs[control] ?? Number.NaN
  const reachedMs = experiment.arms.flatMap((arm, index) =>
    !arm.isControl && arm.weight > 0
      ? [Math.max(controlMs, arrivals.plannedReachedMs[index] ?? Number.NaN)]
      : [],
  )
  const plannedMs = Math.min(...reachedMs.filter(Number.isFinite))
  const horizonEndMs = arrivals.firstMs + plan.horizonMs
  if (plan.plannedUnitsPerArm !== undefined && plannedMs <= horizonEndMs && plannedMs < arrivals.lastMs) {
    return { by: 'planned_units', days: (plannedMs - arrivals.firstMs) / DAY_MS, atMs: plannedMs }
  }
  if (arrivals.lastMs > horizonEndMs) {
    return { by: 'horizon_days', days: plan.horizonMs / DAY_MS, atMs: arrivals.lastWithinHorizonMs }
  }
  return undefined
}

/** A unit as the horizon sees it: its arm (-1 for a shadow-only unit) and when it was first seen. */
export interface ArrivedUnit {
  readonly arm: number
  readonly firstSeenMs: number
}

/**
 * Finds the experiment's horizon in its units, taken in the order they arrived (`findHorizonMoment`).
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
  sessions: readonly ArrivedUnit[],
  plannedUnitsPerArm?: number,
): HorizonCut | undefined {
  const plan = planHorizon(experiment, plannedUnitsPerArm)
  if (plan === undefined) return undefined
  const moment = findHorizonMoment(experiment, plan, arrivalsOf(experiment, plan, sessions))
  if (moment === undefined) return undefined
  let units = 0
  while (units < sessions.length && (sessions[units] as ArrivedUnit).firstSeenMs <= moment.atMs) units += 1
  return { ...moment, units }
}

function arrivalsOf(
  experiment: Experiment,
  plan: HorizonPlan,
  sessions: readonly ArrivedUnit[],
): UnitArrivals {
  const firstMs = sessions[0]?.firstSeenMs ?? Number.NaN
  const counts = new Array<number>(experiment.arms.length).fill(0)
  const plannedReachedMs = new Array<number>(experiment.arms.length).fill(Number.NaN)
  let lastWithinHorizonMs = Number.NaN
  for (const { arm, firstSeenMs } of sessions) {
    if (firstSeenMs <= firstMs + plan.horizonMs) lastWithinHorizonMs = firstSeenMs
    if (arm < 0) continue
    counts[arm] = (counts[arm] ?? 0) + 1
    if (counts[arm] === plan.plannedUnitsPerArm) plannedReachedMs[arm] = firstSeenMs
  }
  return {
    units: sessions.length,
    firstMs,
    lastMs: sessions.at(-1)?.firstSeenMs ?? Number.NaN,
    lastWithinHorizonMs,
    plannedReachedMs,
  }
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
