import type { ArmObservations, Experiment } from '@llm-canary/core'
import { MetricAccumulators } from './metric-accumulators.ts'

/** One arm's accumulators within a scope. */
export interface ArmGroup {
  /** The arm's own sessions. */
  readonly traffic: MetricAccumulators
  /** A shadowing candidate's replays of control calls. */
  readonly shadow: MetricAccumulators
  /** The control calls those replays pair with, in the same sessions. */
  readonly pairedControl: MetricAccumulators
}

/**
 * The accumulators of every arm for one scope: the whole experiment, or one agent (graph node).
 *
 * @example
 * const scope = new ObservationScope(experiment)
 * scope.group(0).traffic.add(measureArmUnit(row))
 * decideVerdict({ experiment, arms: scope.toVerdictArms(), observedDays })
 */
export class ObservationScope {
  private readonly groups: ArmGroup[]

  /**
   * @param experiment - The experiment; one group per arm, in its order.
   */
  constructor(private readonly experiment: Experiment) {
    this.groups = experiment.arms.map(() => ({
      traffic: new MetricAccumulators(),
      shadow: new MetricAccumulators(),
      pairedControl: new MetricAccumulators(),
    }))
  }

  /**
   * The accumulators of one arm.
   *
   * @param arm - Index in `experiment.arms`.
   * @returns The arm's group.
   */
  group(arm: number): ArmGroup {
    // Arm indices come from the experiment the scope was built for, so the group exists.
    return this.groups[arm]!
  }

  /**
   * Whether an arm is measured on its shadow pairs: a candidate with weight 0 and no traffic of its own
   * that has shadow pairs (the lifecycle's first step).
   *
   * @param arm - Index in `experiment.arms`.
   * @returns True for a shadow-measured arm.
   */
  isShadowMeasured(arm: number): boolean {
    const spec = this.experiment.arms[arm]
    const group = this.group(arm)
    return (
      spec !== undefined &&
      !spec.isControl &&
      spec.weight === 0 &&
      group.traffic.units === 0 &&
      group.shadow.units > 0
    )
  }

  /**
   * The accumulators that describe an arm: its shadow side when it is shadow-measured, else its traffic.
   *
   * @param arm - Index in `experiment.arms`.
   * @returns The accumulators to report.
   */
  reported(arm: number): MetricAccumulators {
    return this.isShadowMeasured(arm) ? this.group(arm).shadow : this.group(arm).traffic
  }

  /**
   * The verdict's input: one entry per arm with data; a shadow-measured candidate as `source: 'shadow'` with
   * its paired control metrics.
   *
   * @returns Observations per arm, arms without data left out.
   */
  toVerdictArms(): ArmObservations[] {
    const arms: ArmObservations[] = []
    this.experiment.arms.forEach((spec, index) => {
      const group = this.group(index)
      if (this.isShadowMeasured(index)) {
        arms.push({
          arm: spec.name,
          units: group.shadow.units,
          source: 'shadow',
          metrics: group.shadow.observations(),
          pairedControl: group.pairedControl.observations(),
        })
      } else if (group.traffic.units > 0) {
        arms.push({ arm: spec.name, units: group.traffic.units, metrics: group.traffic.observations() })
      }
    })
    return arms
  }
}
