import type { PlannedUnits } from '../sequential/mean-sequence.ts'
import type { Arm, GuardrailMetric } from '../types.ts'
import type { MonitoringDesign } from './guardrail-design.ts'
import type { MetricObservations, MetricObservationsByName, Verdict, VerdictInput } from './verdict-types.ts'

/** Without a plan or `max_units_per_arm`, the sequences are tuned at this many times `min_units_per_arm`. */
const DEFAULT_PLAN_FACTOR = 10

/** One candidate against control: whose metrics to compare, on how many units. Internal to the verdict. */
export interface Comparison {
  readonly control: Arm
  readonly candidate: Arm
  /** Units behind the comparison (shadow pairs count for both sides when the paired control is given). */
  readonly units: { readonly control: number; readonly candidate: number }
  readonly controlMetrics: MetricObservationsByName
  readonly candidateMetrics: MetricObservationsByName
  /** A weight-0 candidate without shadow pairs. */
  readonly nothingToGate: boolean
  /** Shadow pairs compared with the same sessions on control (`pairedControl` given). */
  readonly paired: boolean
  /**
   * Planned counts per arm for one metric: its current counts grown by the factor that takes the
   * smaller arm's units to the plan, so a metric observed on a sample (a judge on 10% of sessions) is
   * tuned at its own planned count. With `inUnits`, the same in units instead of the metric's counts.
   */
  plannedUnitsFor(metric: GuardrailMetric, inUnits?: boolean): PlannedUnits
}

/**
 * Where the planned units per arm come from: the caller's plan, else `max_units_per_arm`, else
 * 10 × `min_units_per_arm` (which only tunes the sequences and never triggers the horizon).
 *
 * @param input - The verdict input.
 * @returns The planned units per arm and their source.
 */
export function resolvePlan(input: VerdictInput): Verdict['plan'] {
  if (input.plannedUnitsPerArm !== undefined)
    return { unitsPerArm: input.plannedUnitsPerArm, source: 'input' }
  const { maxUnitsPerArm, minUnitsPerArm } = input.experiment.analysis
  if (maxUnitsPerArm !== undefined) return { unitsPerArm: maxUnitsPerArm, source: 'max_units_per_arm' }
  return { unitsPerArm: DEFAULT_PLAN_FACTOR * minUnitsPerArm, source: 'default' }
}

/**
 * Pairs every candidate with control.
 *
 * @param input - The verdict input.
 * @param plannedUnitsPerArm - Units per arm the plan expects.
 * @returns One comparison per candidate, in experiment order.
 */
export function buildComparisons(input: VerdictInput, plannedUnitsPerArm: number): Comparison[] {
  const { experiment } = input
  const { control } = experiment
  const byName = new Map(input.arms.map((obs) => [obs.arm, obs]))
  const controlObs = byName.get(control.name)
  return experiment.candidates.map((candidate) => {
    const obs = byName.get(candidate.name)
    const paired = obs?.source === 'shadow' ? obs.pairedControl : undefined
    const units = {
      control: paired === undefined ? (controlObs?.units ?? 0) : (obs?.units ?? 0),
      candidate: obs?.units ?? 0,
    }
    const controlMetrics = paired ?? controlObs?.metrics ?? {}
    const candidateMetrics = obs?.metrics ?? {}
    return {
      control,
      candidate,
      units,
      controlMetrics,
      candidateMetrics,
      nothingToGate: candidate.weight === 0 && units.candidate === 0,
      paired: paired !== undefined,
      plannedUnitsFor(metric: GuardrailMetric, inUnits = false): PlannedUnits {
        const smaller = Math.min(units.control, units.candidate)
        if (smaller === 0) return { control: plannedUnitsPerArm, candidate: plannedUnitsPerArm }
        const growth = plannedUnitsPerArm / smaller
        const count = (observations: MetricObservations | undefined, armUnits: number): number =>
          Math.max(1, (inUnits ? armUnits : countOf(observations, armUnits)) * growth)
        return {
          control: count(controlMetrics[metric], units.control),
          candidate: count(candidateMetrics[metric], units.candidate),
        }
      },
    }
  })
}

function countOf(observations: MetricObservations | undefined, fallback: number): number {
  if (observations === undefined) return fallback
  return observations.kind === 'quantile' ? observations.summary.count : observations.summary.n
}

/**
 * Chooses how one guardrail of one comparison is monitored (docs/statistics.md, "Designs"):
 * - `method: fixed`: the fixed-horizon z-test;
 * - `method: open_ended`: the normal mixture, tuned at the planned units;
 * - `method: sequential` (default) with a horizon — the plan or `max_units_per_arm`, or `horizon_days` at
 *   the observed pace (any observed days) — the group-sequential design at information fraction
 *   t = max(units / planned units, observed days / horizon days): whichever horizon comes first. The
 *   units are the smaller arm's (the candidate's alone for a threshold). Without any horizon (no plan and
 *   no observed days yet) it falls back to the mixture.
 *
 * @param input - The verdict input.
 * @param plan - The resolved plan.
 * @param comparison - The comparison.
 * @param threshold - Whether the guardrail is a `min` / `max` threshold on the candidate alone.
 * @returns The design.
 */
export function resolveDesign(
  input: VerdictInput,
  plan: Verdict['plan'],
  comparison: Comparison,
  threshold: boolean,
): MonitoringDesign {
  const { method, horizonDays } = input.experiment.analysis
  if (method === 'fixed') return { kind: 'fixed' }
  const { control, candidate } = comparison.units
  const units = threshold ? candidate : Math.min(control, candidate)
  const planned = plan.source === 'default' ? undefined : plan.unitsPerArm
  if (method === 'sequential' && (planned !== undefined || input.observedDays > 0)) {
    const byUnits = planned === undefined ? 0 : units / planned
    return {
      kind: 'group-sequential',
      informationFraction: Math.max(byUnits, input.observedDays / horizonDays),
    }
  }
  return { kind: 'mixture', varianceRatio: plan.unitsPerArm / Math.max(1, units) }
}
