import { createCellRow } from './cell-pool.ts'
import type { ImplausibleTally } from './plausibility.ts'
import { PLAUSIBILITY_LIMITS } from './plausibility.ts'
import { SketchQuantiles } from './sketch-quantiles.ts'
import type { Evaluator, TestEvaluator, UnitExpr, UnitRules, UnitTest } from './unit-expressions.ts'
import {
  above,
  all,
  compileUnitRules,
  compileUnitTest,
  constant,
  input,
  known,
  not,
  over,
  plus,
  positive,
  times,
  when,
} from './unit-expressions.ts'
import type { MeasureName, UnitMeasures } from './unit-measures.ts'
import { MEASURE_NAMES, measureArmUnit } from './unit-measures.ts'
import type { UnitEntry, UnitTable } from './unit-table.ts'

/** Which of one session's values are set aside as outliers. */
export interface OutlierFlags {
  readonly latency: boolean
  readonly ttft: boolean
  readonly cost: boolean
}

const NO_OUTLIER: OutlierFlags = { latency: false, ttft: false, cost: false }

type ArmMedians = Readonly<Record<OutlierKind, number>>

/**
 * Tells a session whose latency, TTFT or cost per call is more than `outlierFactor` times its arm's
 * median: a value no real session of that arm reaches (a clock off by years, a cost in the wrong unit), and
 * one that alone would move a mean-based interval as far as it likes. Medians are taken per arm, so a
 * candidate that is uniformly slower or dearer is compared with itself and never screened away; an arm with
 * fewer than `outlierMinUnits` sessions is not screened. Every value set aside is counted in the tally.
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
    table: UnitTable,
    sessions: readonly UnitEntry[],
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
    for (const unit of sessions) {
      const sketch = sketches[unit.arm]
      if (sketch === undefined) continue
      row.fill(0)
      for (const cell of unit.cells) table.pool.addInto(cell, row)
      const m = measureArmUnit(row)
      sketch.sessions += 1
      for (const kind of OUTLIER_KINDS) {
        const value = outlierValues[kind](m)
        if (value !== undefined) sketch[kind].add(value)
      }
    }
    const medians = sketches.map((s) =>
      s.sessions < PLAUSIBILITY_LIMITS.outlierMinUnits
        ? undefined
        : { latency: median(s.latency), ttft: median(s.ttft), cost: median(s.cost) },
    )
    return new OutlierScreen(medians, implausible)
  }

  /**
   * Judges one session's arm-level measures, counting each outlier.
   *
   * @param arm - The session's arm.
   * @param m - Its measures (`measureArmUnit`).
   * @returns What to set aside in this session, at the arm and the agent level alike.
   */
  judge(arm: number, m: UnitMeasures): OutlierFlags {
    const medians = this.medians[arm]
    if (medians === undefined) return NO_OUTLIER
    const judged = { measures: m, medians }
    const flags = {
      latency: outlierTests.latency(judged) === true,
      ttft: outlierTests.ttft(judged) === true,
      cost: outlierTests.cost(judged) === true,
    }
    if (flags.latency) this.implausible.add('latency-outlier', arm)
    if (flags.ttft) this.implausible.add('ttft-outlier', arm)
    if (flags.cost) this.implausible.add('cost-outlier', arm)
    return flags
  }
}

/** The values an arm's outliers are judged on. */
export type OutlierKind = keyof OutlierFlags

const OUTLIER_KINDS: readonly OutlierKind[] = ['latency', 'ttft', 'cost']

const measure = (name: MeasureName): UnitExpr => input(`measure.${name}`)
const flagged = (kind: OutlierKind): UnitTest => positive(input(`flag.${kind}`))

/**
 * The value of each kind a session is judged on, from its arm-level measures (inputs `measure.*`):
 * its latency, its TTFT, its cost per call (when it has priced calls).
 */
export const OUTLIER_VALUES: UnitRules<OutlierKind> = {
  latency: measure('latencyMs'),
  ttft: measure('ttftMs'),
  cost: when(positive(measure('costCalls')), over(measure('costSumUsd'), measure('costCalls'))),
}

/**
 * When a value is an outlier (inputs `value.<kind>` and its arm's `median.<kind>`): known, the median
 * positive, and the value more than `outlierFactor` times the median.
 */
export const OUTLIER_TESTS: Readonly<Record<OutlierKind, UnitTest>> = {
  latency: isOutlierTest('latency'),
  ttft: isOutlierTest('ttft'),
  cost: isOutlierTest('cost'),
}

function isOutlierTest(kind: OutlierKind): UnitTest {
  const value = input(`value.${kind}`)
  const armMedian = input(`median.${kind}`)
  return all(
    known(value),
    positive(armMedian),
    above(value, times(armMedian, constant(PLAUSIBILITY_LIMITS.outlierFactor))),
  )
}

/**
 * A session's measures with its outliers set aside (inputs `measure.*` and the flags `flag.latency`,
 * `flag.ttft`, `flag.cost`, 1 or 0): no latency or TTFT value, and its costs counted as unknown (never
 * as 0).
 */
export const SCREENED_MEASURES: UnitRules<MeasureName> = {
  ...(Object.fromEntries(MEASURE_NAMES.map((name) => [name, measure(name)])) as Record<
    MeasureName,
    UnitExpr
  >),
  latencyMs: when(not(flagged('latency')), measure('latencyMs')),
  ttftMs: when(not(flagged('ttft')), measure('ttftMs')),
  costSumUsd: when(flagged('cost'), constant(0), measure('costSumUsd')),
  costCalls: when(flagged('cost'), constant(0), measure('costCalls')),
  costUnknown: when(
    flagged('cost'),
    plus(measure('costUnknown'), measure('costCalls')),
    measure('costUnknown'),
  ),
  runCostUsd: when(not(flagged('cost')), measure('runCostUsd')),
}

interface JudgedUnit {
  readonly measures: UnitMeasures
  readonly flags: OutlierFlags
}

function resolveJudged(name: string): (unit: JudgedUnit) => number | undefined {
  const [group, key] = name.split('.') as [string, string]
  if (group === 'flag') return (unit) => (unit.flags[key as OutlierKind] ? 1 : 0)
  return (unit) => unit.measures[key as MeasureName]
}

const screenRules = compileUnitRules(SCREENED_MEASURES, resolveJudged)
const outlierValues = compileUnitRules(OUTLIER_VALUES, (name) => {
  const key = name.slice(name.indexOf('.') + 1) as MeasureName
  return (measures: UnitMeasures) => measures[key]
})

/**
 * A session's measures with its outliers set aside (`SCREENED_MEASURES`).
 *
 * @param m - The measures.
 * @param flags - From `OutlierScreen.judge`.
 * @returns The measures to fold.
 */
export function screenMeasures(m: UnitMeasures, flags: OutlierFlags): UnitMeasures {
  if (!(flags.latency || flags.ttft || flags.cost)) return m
  const screened = {} as Record<MeasureName, number | undefined>
  for (const name of MEASURE_NAMES) screened[name] = screenRules[name]({ measures: m, flags })
  return screened as unknown as UnitMeasures
}

function median(sketch: SketchQuantiles): number {
  return sketch.count === 0 ? Number.NaN : sketch.quantile(0.5)
}

const outlierTests = Object.fromEntries(
  OUTLIER_KINDS.map((kind) => [
    kind,
    compileUnitTest(
      OUTLIER_TESTS[kind],
      (name): Evaluator<{ measures: UnitMeasures; medians: ArmMedians }> => {
        const [group, key] = name.split('.') as [string, OutlierKind]
        if (group === 'median') return (judged) => judged.medians[key]
        return (judged) => outlierValues[key](judged.measures)
      },
    ),
  ]),
) as Record<OutlierKind, TestEvaluator<{ measures: UnitMeasures; medians: ArmMedians }>>
