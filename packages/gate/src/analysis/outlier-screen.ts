import { createCellRow } from './cell-pool.ts'
import type { ImplausibleTally } from './plausibility.ts'
import { PLAUSIBILITY_LIMITS } from './plausibility.ts'
import type { SessionMeasures } from './session-measures.ts'
import { measureArmSession } from './session-measures.ts'
import type { SessionEntry, SessionTable } from './session-table.ts'
import { SketchQuantiles } from './sketch-quantiles.ts'

/** Which of one session's values are set aside as outliers. */
export interface OutlierFlags {
  readonly latency: boolean
  readonly ttft: boolean
  readonly cost: boolean
}

const NO_OUTLIER: OutlierFlags = { latency: false, ttft: false, cost: false }

interface ArmMedians {
  readonly latencyMs: number
  readonly ttftMs: number
  readonly costPerCallUsd: number
}

/**
 * Tells a session whose latency, TTFT or cost per call is more than `outlierFactor` times its arm's
 * median: a value no real session of that arm reaches (a clock off by years, a cost in the wrong unit), and
 * one that alone would move a mean-based interval as far as it likes. Medians are taken per arm, so a
 * candidate that is uniformly slower or dearer is compared with itself and never screened away; an arm with
 * fewer than `outlierMinSessions` sessions is not screened. Every value set aside is counted in the tally.
 *
 * @example
 * const screen = OutlierScreen.build(table, sessions, experiment.arms.length, implausible)
 * const flags = screen.judge(session.arm, measures)
 * group.traffic.add(screenMeasures(measures, flags))
 */
export class OutlierScreen {
  private constructor(
    private readonly medians: readonly (ArmMedians | undefined)[],
    private readonly implausible: ImplausibleTally,
  ) {}

  /**
   * Computes each arm's medians over its sessions' traffic (DDSketch, 1% relative accuracy).
   *
   * @param table - The session table.
   * @param sessions - The sessions to be folded.
   * @param arms - Number of arms.
   * @param implausible - Where outliers are counted.
   * @returns The screen.
   */
  static build(
    table: SessionTable,
    sessions: readonly SessionEntry[],
    arms: number,
    implausible: ImplausibleTally,
  ): OutlierScreen {
    const sketches = Array.from({ length: arms }, () => ({
      latency: new SketchQuantiles(),
      ttft: new SketchQuantiles(),
      cost: new SketchQuantiles(),
      sessions: 0,
    }))
    const row = createCellRow()
    for (const session of sessions) {
      const sketch = sketches[session.arm]
      if (sketch === undefined) continue
      row.fill(0)
      for (const cell of session.cells) table.pool.addInto(cell, row)
      const m = measureArmSession(row)
      sketch.sessions += 1
      if (m.latencyMs !== undefined) sketch.latency.add(m.latencyMs)
      if (m.ttftMs !== undefined) sketch.ttft.add(m.ttftMs)
      if (m.costCalls > 0) sketch.cost.add(m.costSumUsd / m.costCalls)
    }
    const medians = sketches.map((s) =>
      s.sessions < PLAUSIBILITY_LIMITS.outlierMinSessions
        ? undefined
        : { latencyMs: median(s.latency), ttftMs: median(s.ttft), costPerCallUsd: median(s.cost) },
    )
    return new OutlierScreen(medians, implausible)
  }

  /**
   * Judges one session's arm-level measures, counting each outlier.
   *
   * @param arm - The session's arm.
   * @param m - Its measures (`measureArmSession`).
   * @returns What to set aside in this session, at the arm and the agent level alike.
   */
  judge(arm: number, m: SessionMeasures): OutlierFlags {
    const medians = this.medians[arm]
    if (medians === undefined) return NO_OUTLIER
    const flags = {
      latency: isOutlier(m.latencyMs, medians.latencyMs),
      ttft: isOutlier(m.ttftMs, medians.ttftMs),
      cost: m.costCalls > 0 && isOutlier(m.costSumUsd / m.costCalls, medians.costPerCallUsd),
    }
    if (flags.latency) this.implausible.add('latency-outlier', arm)
    if (flags.ttft) this.implausible.add('ttft-outlier', arm)
    if (flags.cost) this.implausible.add('cost-outlier', arm)
    return flags
  }
}

/**
 * A session's measures with its outliers set aside: no latency or TTFT value, and its costs counted as
 * unknown (never as 0).
 *
 * @param m - The measures.
 * @param flags - From `OutlierScreen.judge`.
 * @returns The measures to fold.
 */
export function screenMeasures(m: SessionMeasures, flags: OutlierFlags): SessionMeasures {
  if (!(flags.latency || flags.ttft || flags.cost)) return m
  return {
    ...m,
    ...(flags.latency ? { latencyMs: undefined } : {}),
    ...(flags.ttft ? { ttftMs: undefined } : {}),
    ...(flags.cost
      ? { costSumUsd: 0, costCalls: 0, costUnknown: m.costUnknown + m.costCalls, runCostUsd: undefined }
      : {}),
  }
}

function median(sketch: SketchQuantiles): number {
  return sketch.count === 0 ? Number.NaN : sketch.quantile(0.5)
}

function isOutlier(value: number | undefined, armMedian: number): boolean {
  return value !== undefined && armMedian > 0 && value > armMedian * PLAUSIBILITY_LIMITS.outlierFactor
}
