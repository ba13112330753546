import { computeOptimalMixingRatio } from '../sequential/normal-mixture.ts'
import { daysToReach } from '../stats/days-to-reach.ts'
import type { Experiment } from '../types.ts'
import type { Comparison } from './comparison.ts'
import { readNullDegradation } from './degradation-scale.ts'
import type { GuardrailResult, IntervalMethod, SamplesNeeded, VerdictInput } from './verdict-types.ts'

/** An undecided guardrail, as the projection sees it. Internal to the verdict. */
interface UndecidedGuardrail {
  readonly control: string
  readonly candidate: string
  readonly units: { readonly control: number; readonly candidate: number }
  /** Units per arm at the plan, for this comparison. */
  readonly plannedUnits: { readonly control: number; readonly candidate: number }
  /** Present when the guardrail was measured. */
  readonly measured?: {
    readonly estimate: number
    readonly lower: number
    readonly upper: number
    readonly limit: number
    /** δ₀ the lower bound must clear to fail: 0 under `fail_rule: estimate`, the limit under `bound`. */
    readonly nullDegradation: number
    readonly method: IntervalMethod
    /** Group-sequential methods: the information fraction now; growth past 1/t reaches the horizon. */
    readonly informationFraction?: number
  }
}

const MAX_GROWTH = 1e6

/**
 * Projects the units each arm still needs: for a measured guardrail, the growth factor k after which the
 * interval's relevant half-width (upper side to clear the tolerance, lower side to clear 0, or the
 * tolerance under `fail_rule: bound`, when the estimate is past the tolerance) has shrunk enough, assuming the estimate and the per-unit variance stay
 * as they are. The normal-mixture width shrinks like √((1/n)(1 + n* / (r·n))(2·ln(1/α) + ln(1 + r·n/n*))),
 * i.e. like √(log n / n); the quantile sequence's does too, to first order. When nothing can be projected
 * (no data, unbounded interval, estimate at the tolerance) the gap to the planned size is used, or a
 * doubling once past it. Internal to the verdict.
 *
 * @param guardrail - The undecided guardrail.
 * @param alpha - The per-interval level.
 * @returns More units per arm, by arm name.
 */
function projectUnitsNeeded(guardrail: UndecidedGuardrail, alpha: number): Record<string, number> {
  const factor = guardrail.measured === undefined ? undefined : projectGrowth(guardrail, alpha)
  const need = (arm: 'control' | 'candidate'): number => {
    const units = guardrail.units[arm]
    if (factor !== undefined) return Math.ceil(units * (factor - 1))
    const gap = Math.ceil(guardrail.plannedUnits[arm] - units)
    return gap > 0 ? gap : Math.max(units, 1)
  }
  return { [guardrail.control]: need('control'), [guardrail.candidate]: need('candidate') }
}

function projectGrowth(guardrail: UndecidedGuardrail, alpha: number): number | undefined {
  const measured = guardrail.measured
  if (measured === undefined) return undefined
  const { estimate, lower, upper, limit, nullDegradation, method } = measured
  if (estimate === limit) return undefined
  const passing = estimate < limit
  const halfWidth = passing ? upper - estimate : estimate - lower
  const room = passing ? limit - estimate : estimate - nullDegradation
  if (!(Number.isFinite(halfWidth) && halfWidth > 0 && room > 0)) return undefined
  const target = room / halfWidth
  if (target >= 1) return 1
  const n = guardrail.units.candidate
  const planned = guardrail.plannedUnits.candidate
  const shape = widthShape(method, alpha, planned)
  const shrink = (k: number): number => shape(k * n) / shape(n)
  const fraction = measured.informationFraction
  const maxGrowth = fraction === undefined ? MAX_GROWTH : fraction > 0 ? 1 / fraction : MAX_GROWTH
  if (!(maxGrowth > 1) || shrink(maxGrowth) > target) return undefined
  let lo = 1
  let hi = maxGrowth
  while (hi - lo > 1e-6 * lo) {
    const mid = Math.sqrt(lo * hi)
    if (shrink(mid) <= target) hi = mid
    else lo = mid
  }
  return hi
}

function widthShape(method: IntervalMethod, alpha: number, planned: number): (n: number) => number {
  if (method === 'fixed-horizon-z') return (n) => 1 / Math.sqrt(n)
  // The boundary z_{1−a/2}/√t with t ∝ n, times a standard error ∝ 1/√n: the width falls like 1/n.
  if (method === 'group-sequential' || method === 'group-sequential-quantile') return (n) => 1 / n
  const r = computeOptimalMixingRatio(alpha)
  const twiceLog = 2 * Math.log(1 / alpha)
  return (n) => Math.sqrt((1 / n) * (1 + planned / (r * n)) * (twiceLog + Math.log1p((r * n) / planned)))
}

/**
 * Days until every arm has the units it needs: traffic arms split `unitsPerDay` by weight (via
 * `daysToReach`); a shadow-only candidate gets `shadow` of the control's units. Internal to the verdict.
 *
 * @param experiment - Arms, weights and shadow shares.
 * @param needs - More units per arm, by name.
 * @param unitsPerDay - Units entering the experiment per day, all arms together.
 * @returns Fractional days, or undefined when some arm that needs units gets none.
 */
export function estimateDays(
  experiment: Experiment,
  needs: Readonly<Record<string, number>>,
  unitsPerDay: number,
): number | undefined {
  const { arms } = experiment
  const trafficDays = daysToReach(
    arms.map((arm) => (arm.weight > 0 ? (needs[arm.name] ?? 0) : 0)),
    unitsPerDay,
    arms.map((arm) => arm.weight / 100),
  )
  const controlShare = experiment.control.weight / 100
  let days = trafficDays
  for (const arm of arms) {
    const need = needs[arm.name] ?? 0
    if (arm.weight > 0 || need === 0) continue
    const pairsPerDay = unitsPerDay * controlShare * arm.shadow
    days = Math.max(days, pairsPerDay > 0 ? need / pairsPerDay : Number.POSITIVE_INFINITY)
  }
  return Number.isFinite(days) ? days : undefined
}

/**
 * The units each compared arm still needs before the verdict can pass or fail: the largest of the gap to
 * `min_units_per_arm` and the projection of every undecided guardrail (see `projectUnitsNeeded`), with an
 * ETA at the observed traffic (`unitsPerDay`, else traffic units / observed days). Internal to the verdict.
 *
 * @param input - The verdict input.
 * @param comparisons - Candidate-vs-control comparisons.
 * @param guardrails - The settled guardrail results.
 * @param perInterval - The per-interval level α/m.
 * @returns More units per compared arm and the ETA in days; undefined when no candidate can be gated.
 */
export function computeSamplesNeeded(
  input: VerdictInput,
  comparisons: readonly Comparison[],
  guardrails: readonly GuardrailResult[],
  perInterval: number,
): SamplesNeeded | undefined {
  const { experiment } = input
  const needs: Record<string, number> = Object.fromEntries(experiment.arms.map((arm) => [arm.name, 0]))
  const raise = (arm: string, units: number): void => {
    needs[arm] = Math.max(needs[arm] ?? 0, units)
  }
  const gated = comparisons.filter((comparison) => !comparison.nothingToGate)
  for (const comparison of gated) {
    // Shadow pairs are control sessions too: the pairs, not the control's traffic, are what is short.
    if (!comparison.paired)
      raise(comparison.control.name, experiment.analysis.minUnitsPerArm - comparison.units.control)
    raise(comparison.candidate.name, experiment.analysis.minUnitsPerArm - comparison.units.candidate)
  }
  for (const result of guardrails) {
    if (result.status === 'pass' || result.status === 'fail') continue
    const comparison = gated.find((c) => c.candidate.name === result.arm)
    if (comparison === undefined) continue
    const projected =
      result.unitsNeeded ??
      projectGuardrailNeeds(result, comparison, experiment.analysis.failRule, perInterval)
    for (const [arm, units] of Object.entries(projected)) raise(arm, units)
  }
  if (gated.length === 0) return undefined
  const perArm = Object.fromEntries(Object.entries(needs).filter(([arm]) => isCompared(arm, gated)))
  const unitsPerDay = input.unitsPerDay ?? estimateUnitsPerDay(input)
  const eta =
    unitsPerDay === undefined || unitsPerDay === 0 ? undefined : estimateDays(experiment, perArm, unitsPerDay)
  return eta === undefined ? { perArm } : { perArm, eta }
}

function isCompared(arm: string, comparisons: readonly Comparison[]): boolean {
  return comparisons.some((c) => c.control.name === arm || c.candidate.name === arm)
}

function estimateUnitsPerDay(input: VerdictInput): number | undefined {
  if (!(input.observedDays > 0)) return undefined
  const traffic = input.arms.filter((obs) => (obs.source ?? 'traffic') === 'traffic')
  return traffic.reduce((sum, obs) => sum + obs.units, 0) / input.observedDays
}

/**
 * The more units per arm that should settle one undecided guardrail (or a suspected regression: the
 * lower bound clearing the limit), by `projectUnitsNeeded`; a shadow comparison's control needs no more.
 * Internal to the verdict.
 *
 * @param result - The settled guardrail result.
 * @param comparison - Its comparison.
 * @param failRule - The experiment's fail rule.
 * @param perInterval - The per-interval level α/m.
 * @returns More units by arm name.
 */
export function projectGuardrailNeeds(
  result: GuardrailResult,
  comparison: Comparison,
  failRule: 'estimate' | 'bound',
  perInterval: number,
): Record<string, number> {
  const projected = projectUnitsNeeded(toUndecided(result, comparison, failRule), perInterval)
  if (comparison.paired) projected[comparison.control.name] = 0
  return projected
}

function toUndecided(
  result: GuardrailResult,
  comparison: Comparison,
  failRule: 'estimate' | 'bound',
): UndecidedGuardrail {
  const base = {
    control: comparison.control.name,
    candidate: comparison.candidate.name,
    units: comparison.units,
    plannedUnits: comparison.plannedUnitsFor(result.metric, true),
  }
  const { estimate, interval, method, reason, limit, informationFraction } = result
  // Only a result that more of the same data can settle is projected; the others (fixed horizon, a
  // relative change on a control value of 0, past the horizon) fall back to the planned size.
  const projectable = reason === 'undecided' || reason === 'suspected_regression'
  if (estimate === undefined || interval === undefined || method === undefined || !projectable) return base
  const nullDegradation = readNullDegradation(limit, failRule)
  return {
    ...base,
    measured: {
      estimate,
      ...interval,
      limit,
      nullDegradation,
      method,
      ...(informationFraction === undefined ? {} : { informationFraction }),
    },
  }
}
