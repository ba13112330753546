import type { RatioName } from '../../analysis/metric-accumulators.ts'
import { RATIO_INPUTS } from '../../analysis/metric-accumulators.ts'
import type { OutlierKind } from '../../analysis/outlier-screen.ts'
import { OUTLIER_TESTS, OUTLIER_VALUES, SCREENED_MEASURES } from '../../analysis/outlier-screen.ts'
import { PLAUSIBILITY_LIMITS } from '../../analysis/plausibility.ts'
import type { UnitExpr, UnitRules } from '../../analysis/unit-expressions.ts'
import { input, renderTestSql, renderUnitExprSql, substituteInputs } from '../../analysis/unit-expressions.ts'
import type { MeasureName } from '../../analysis/unit-measures.ts'
import {
  AGENT_MEASURES,
  ARM_MEASURES,
  MEASURE_NAMES,
  SHADOW_AGENT_MEASURES,
  SHADOW_ARM_MEASURES,
} from '../../analysis/unit-measures.ts'
import { ALL_AGENTS, CELL_FIELDS, CELL_SIDE, cellRowsSql } from './cell-rows-sql.ts'
import type { ReadingsSource } from './span-readings-sql.ts'
import { param } from './span-readings-sql.ts'

/** Kinds of the units' contributions (`kind` of the emitted rows). */
const CONTRIBUTION = { arm: 1, agent: 2, shadowArm: 3, shadowAgent: 4 } as const

/** Sides of a group, as the report's accumulators: an arm's traffic, its shadow calls, the control calls they replay. */
export const GROUP_SIDE = { traffic: 0, shadow: 1, pairedControl: 2 } as const

const OUTLIER_KINDS: readonly OutlierKind[] = ['latency', 'ttft', 'cost']
const ZERO_KEY = '-9223372036854775807'

/**
 * The push-down query of one experiment: the experiment's spans in the window become per-session cells
 * (cell-rows-sql.ts), each session is measured (unit-measures.ts), its outliers judged against its
 * arm's DDSketch median (outlier-screen.ts) and placed in the interval history's looks, and its
 * contributions (experiment level, per agent, shadow sides) are summed per group: per-unit sums and counts
 * become each ratio's n, Σy, Σm, Σy², Σm², Σym (the delta method's inputs), latency and TTFT values become
 * the DDSketch's buckets (index computed in SQL with the sketch's own mapping). One row comes back per
 * scope (`''` or an agent) × arm × side × look: memory and transfer grow with agents × arms × buckets ×
 * looks, never with sessions or spans.
 *
 * @param source - The table and its mapping.
 * @returns The query text (parameters in `QUERY_PARAMETERS`).
 */
export function summarySql(source: ReadingsSource): string {
  return `SELECT scope, earm AS arm, eside AS side, if(scope = '', look, 0) AS look_index,
  ${groupColumns().join(',\n  ')}
FROM (
${contributionsSql(source)}
)
GROUP BY scope, arm, side, look_index
ORDER BY scope, arm, side, look_index`
}

const tupleOf = (columns: readonly string[]): string =>
  `tuple(${columns.map((c) => `toFloat64(${c})`).join(', ')})`
const ZEROS = tupleOf(CELL_FIELDS.map(() => '0'))

/**
 * The units' arrivals (horizon-cut.ts `UnitArrivals`), one row per arm (-1: shadow-only units): how many,
 * first and last first-seen times, the last one within `horizon_ms` of the first unit, the earliest
 * `planned` first-seen times (the planned-th is where the arm reaches the plan), and the spans of
 * sessions whose spans name more than one arm. Rows: arms + 1 at most.
 *
 * @param source - The table and its mapping.
 * @param planned - The planned units per arm (a positive whole number; 1 when there is no plan).
 * @returns The query text.
 */
export function arrivalsSql(source: ReadingsSource, planned: number): string {
  if (!(Number.isSafeInteger(planned) && planned >= 1)) throw new RangeError(`planned units ${planned}`)
  return `SELECT arm, count() AS units, min(first_seen) AS first_ms, max(first_seen) AS last_ms,
    maxIf(first_seen, first_seen <= first_all + ${param('horizon_ms')}) AS last_within_ms,
    groupArraySorted(${planned})(first_seen) AS earliest_ms,
    sum(conflict_spans) AS conflict_spans, sum(conflict_llm) AS conflict_llm,
    sum(conflict_analysed) AS conflict_analysed
  FROM (
    SELECT arm, first_seen, conflict_spans, conflict_llm, conflict_analysed, min(first_seen) OVER () AS first_all
    FROM (
${sessionsSql(source)}
    )
  )
  GROUP BY arm
  ORDER BY arm`
}

/** Sessions: their arm (first traffic span's), first-seen time, traffic totals, agent cells and shadow slots. */
function sessionsSql(source: ReadingsSource): string {
  const winner = 'arm_key = winner'
  return `SELECT session,
    any(winner) AS arm,
    minIf(first_seen, side = ${CELL_SIDE.touch} OR (side = ${CELL_SIDE.traffic} AND ${winner})) AS first_seen,
    sumIf(spans, side = ${CELL_SIDE.traffic} AND NOT ${winner}) AS conflict_spans,
    sumIf(llm_spans, side = ${CELL_SIDE.traffic} AND NOT ${winner}) AS conflict_llm,
    sumIf(analysed_spans, side = ${CELL_SIDE.traffic} AND NOT ${winner}) AS conflict_analysed,
    ${CELL_FIELDS.map((field) => `sumIf(f_${field}, side = ${CELL_SIDE.traffic} AND ${winner}) AS t_${field}`).join(',\n    ')},
    groupArrayIf(tuple(agent, ${tupleOf(CELL_FIELDS.map((f) => `f_${f}`))}), side = ${CELL_SIDE.traffic} AND ${winner} AND agent != '') AS agent_cells,
    groupArrayIf(tuple(arm_key, agent, ${tupleOf(CELL_FIELDS.map((f) => `f_${f}`))}, ${tupleOf(CELL_FIELDS.map((f) => `g_${f}`))}), side = ${CELL_SIDE.shadow}) AS shadow_slots
  FROM (
    SELECT *, if(countIf(side = ${CELL_SIDE.traffic}) OVER by_session > 0, argMinIf(arm_key, first_ord, side = ${CELL_SIDE.traffic}) OVER by_session, -1) AS winner
    FROM (
${cellRowsSql(source)}
    )
    WINDOW by_session AS (PARTITION BY session)
  )
  GROUP BY session
  HAVING arm >= 0 OR notEmpty(shadow_slots)`
}

/** Measures every session's traffic, judges its outliers against its arm, and places it in a look. */
function judgedSessionsSql(source: ReadingsSource): string {
  const traffic = (name: string): string => `t_${name.slice(name.indexOf('.') + 1)}`
  const measure = (name: MeasureName): string => renderUnitExprSql(ARM_MEASURES[name], traffic)
  const value = (kind: OutlierKind): string =>
    renderUnitExprSql(OUTLIER_VALUES[kind], (name) => `m_${name.slice('measure.'.length)}`)
  const key = (expr: string): string =>
    `if(isNull(${expr}), NULL, if(assumeNotNull(${expr}) > ${param('sketch_min')}, toInt64(ceil(log2(assumeNotNull(${expr})) * ${param('sketch_multiplier')})), ${ZERO_KEY}))`
  const median = (kind: OutlierKind): string =>
    `if(arm >= 0 AND arm_sessions >= ${PLAUSIBILITY_LIMITS.outlierMinUnits} AND n_${kind} > 0, if(mk_${kind} = ${ZERO_KEY}, toFloat64(0), least(greatest(pow(2, mk_${kind} / ${param('sketch_multiplier')}) * (2 / (1 + ${param('sketch_gamma')})), min_${kind}), max_${kind})), CAST(NULL AS Nullable(Float64)))`
  const looks = `arrayMap(k -> greatest(toUInt64(1), toUInt64(floor(k * units / ${param('history_points')} + 0.5))), range(1, ${param('history_points')} + 1))`
  return `SELECT *,
    ${OUTLIER_KINDS.map((kind) => `${median(kind)} AS med_${kind}`).join(',\n    ')},
    ${OUTLIER_KINDS.map(
      (kind) =>
        `toUInt8(ifNull(${renderTestSql(OUTLIER_TESTS[kind], (name) => `${name.startsWith('value.') ? 'v' : 'med'}_${name.slice(name.indexOf('.') + 1)}`)}, 0)) AS flag_${kind}`,
    ).join(',\n    ')},
    arrayFirstIndex(x -> x >= unit_rank, ${looks}) AS look
  FROM (
    SELECT *,
      count() OVER by_arm AS arm_sessions,
      ${OUTLIER_KINDS.map(
        (kind) => `countIf(isNotNull(v_${kind})) OVER by_arm AS n_${kind},
      quantileExactLowIf(0.5)(ifNull(k_${kind}, 0), isNotNull(k_${kind})) OVER by_arm AS mk_${kind},
      minIf(assumeNotNull(v_${kind}), isNotNull(v_${kind})) OVER by_arm AS min_${kind},
      maxIf(assumeNotNull(v_${kind}), isNotNull(v_${kind})) OVER by_arm AS max_${kind}`,
      ).join(',\n      ')},
      row_number() OVER (ORDER BY first_seen, session) AS unit_rank,
      count() OVER () AS units
    FROM (
      SELECT *,
        ${OUTLIER_KINDS.map((kind) => `${value(kind)} AS v_${kind}, ${key(`v_${kind}`)} AS k_${kind}`).join(',\n        ')}
      FROM (
        SELECT *, ${MEASURE_NAMES.map((name) => `${measure(name)} AS m_${name}`).join(', ')}
        FROM (
${sessionsSql(source)}
        )
        WHERE first_seen <= ${param('cut_ms')}
      )
    )
    WINDOW by_arm AS (PARTITION BY arm)
  )`
}

/** One row per contribution of a session to a group, with the measures it contributes. */
function contributionsSql(source: ReadingsSource): string {
  const totals = tupleOf(CELL_FIELDS.map((f) => `t_${f}`))
  const slot = 'tupleElement(s, 2)'
  const weight = `arrayElement(${param('arm_weights')}, tupleElement(s, 1) + 1)`
  const shadowElement = (side: number, isSession: number): string =>
    `tuple(toUInt8(if(${slot} = '${ALL_AGENTS}', ${CONTRIBUTION.shadowArm}, ${CONTRIBUTION.shadowAgent})), if(${slot} = '${ALL_AGENTS}', '', ${slot}), tupleElement(s, 1), toUInt8(${side}), toUInt8(${isSession}), tupleElement(s, 3), tupleElement(s, 4), if(${slot} = '${ALL_AGENTS}', ${totals}, ${ZEROS}))`
  const elements = `arrayConcat(
      if(arm >= 0, [tuple(toUInt8(${CONTRIBUTION.arm}), '', arm, toUInt8(${GROUP_SIDE.traffic}), toUInt8(1), ${totals}, ${ZEROS}, ${ZEROS})], []),
      if(arm >= 0, arrayMap(c -> tuple(toUInt8(${CONTRIBUTION.agent}), tupleElement(c, 1), arm, toUInt8(${GROUP_SIDE.traffic}), toUInt8(1), tupleElement(c, 2), ${ZEROS}, ${ZEROS}), agent_cells), []),
      arrayFlatten(arrayMap(s -> if(${weight} > 0,
          [${shadowElement(GROUP_SIDE.traffic, 0)}],
          [${shadowElement(GROUP_SIDE.shadow, 1)}, ${shadowElement(GROUP_SIDE.pairedControl, 1)}]),
        arrayFilter(s -> ${slot} != '', shadow_slots))))`
  return `SELECT tupleElement(e, 1) AS kind, tupleElement(e, 2) AS scope, tupleElement(e, 3) AS earm,
    tupleElement(e, 4) AS eside, tupleElement(e, 5) AS is_session,
    tupleElement(e, 6) AS row_a, tupleElement(e, 7) AS row_b, tupleElement(e, 8) AS row_c,
    look, first_seen, units, flag_latency, flag_ttft, flag_cost,
    ${MEASURE_NAMES.map((name) => `${contributedMeasure(name)} AS c_${name}`).join(',\n    ')}
  FROM (
${judgedSessionsSql(source)}
  )
  ARRAY JOIN ${elements} AS e`
}

/** A measure of one contribution: each kind's rule, over its rows (a, b, c) and the session's outlier flags. */
function contributedMeasure(name: MeasureName): string {
  const field = (row: string) => (inputName: string) =>
    `tupleElement(${row}, ${CELL_FIELDS.indexOf(inputName.slice(inputName.indexOf('.') + 1) as never) + 1})`
  const rows: Record<string, (inputName: string) => string> = {
    traffic: field('row_a'),
    cell: field('row_a'),
    candidate: field('row_a'),
    pairedControl: field('row_b'),
  }
  const render = (rules: UnitRules<MeasureName>, trafficRow: 'row_a' | 'row_c'): string =>
    renderUnitExprSql(rules[name], (inputName) => {
      const row = inputName.slice(0, inputName.indexOf('.'))
      if (row === 'flag') return `flag_${inputName.slice('flag.'.length)}`
      if (row === 'traffic') return field(trafficRow)(inputName)
      const column = rows[row]
      if (column === undefined) throw new RangeError(`no column for the rule input ${inputName}`)
      return column(inputName)
    })
  const screened = (rules: UnitRules<MeasureName>): UnitRules<MeasureName> =>
    Object.fromEntries(
      MEASURE_NAMES.map((measure) => [
        measure,
        substituteInputs(SCREENED_MEASURES[measure], (inputName): UnitExpr | undefined =>
          inputName.startsWith('measure.')
            ? rules[inputName.slice('measure.'.length) as MeasureName]
            : input(inputName),
        ),
      ]),
    ) as UnitRules<MeasureName>
  return `multiIf(
      kind = ${CONTRIBUTION.arm}, ${render(screened(ARM_MEASURES), 'row_a')},
      kind = ${CONTRIBUTION.agent}, ${render(screened(AGENT_MEASURES), 'row_a')},
      kind = ${CONTRIBUTION.shadowArm} AND eside = ${GROUP_SIDE.pairedControl}, ${render(SHADOW_ARM_MEASURES.pairedControl, 'row_c')},
      kind = ${CONTRIBUTION.shadowArm}, ${render(SHADOW_ARM_MEASURES.candidate, 'row_c')},
      eside = ${GROUP_SIDE.pairedControl}, ${render(SHADOW_AGENT_MEASURES.pairedControl, 'row_c')},
      ${render(SHADOW_AGENT_MEASURES.candidate, 'row_c')})`
}

/** The sufficient statistics of a group, `MetricAccumulators.merge`'s input. */
function groupColumns(): string[] {
  const unit = 'is_session = 1'
  const sketch = (name: 'latency' | 'ttft', measure: string): string[] => {
    const known = `${unit} AND isNotNull(${measure})`
    const value = `assumeNotNull(${measure})`
    // The -If combinator computes the key of every row, so values at or below the sketch's minimum (its
    // zero bucket) are kept off log2(0) by greatest().
    return [
      `sumMapIf([toInt64(ceil(log2(greatest(${value}, ${param('sketch_min')})) * ${param('sketch_multiplier')}))], [toUInt64(1)], ${known} AND ${value} > ${param('sketch_min')}) AS ${name}_buckets`,
      `countIf(${known} AND ${value} <= ${param('sketch_min')}) AS ${name}_zeros`,
      `minIf(${value}, ${known}) AS ${name}_min`,
      `maxIf(${value}, ${known}) AS ${name}_max`,
    ]
  }
  const ratio = ({ ratio: name, y, m }: { ratio: RatioName; y: MeasureName; m: MeasureName }): string[] => {
    // The citations of a traffic candidate's shadow pairs count without a session of their own.
    const valid = `${name === 'citations' ? '1' : unit} AND c_${m} > 0 AND isNotNull(c_${y})`
    const sy = `assumeNotNull(c_${y})`
    const sm = `c_${m}`
    return [
      `countIf(${valid}) AS ${name}_n`,
      `sumIf(${sy}, ${valid}) AS ${name}_sum_y`,
      `sumIf(${sm}, ${valid}) AS ${name}_sum_m`,
      `sumIf(${sy} * ${sy}, ${valid}) AS ${name}_sum_yy`,
      `sumIf(${sm} * ${sm}, ${valid}) AS ${name}_sum_mm`,
      `sumIf(${sy} * ${sm}, ${valid}) AS ${name}_sum_ym`,
    ]
  }
  const armRow = `kind = ${CONTRIBUTION.arm}`
  return [
    `countIf(${unit}) AS sessions`,
    `sumIf(c_runs, ${unit}) AS runs`,
    `sumIf(c_calls, ${unit}) AS calls`,
    `sumIf(c_costUnknown, ${unit}) AS calls_with_unknown_cost`,
    ...sketch('latency', 'c_latencyMs'),
    ...sketch('ttft', 'c_ttftMs'),
    ...RATIO_INPUTS.flatMap(ratio),
    ...OUTLIER_KINDS.map((kind) => `sumIf(flag_${kind}, ${armRow}) AS outliers_${kind}`),
    'min(first_seen) AS first_seen_min',
    'max(first_seen) AS first_seen_max',
    'max(units) AS units',
  ]
}
