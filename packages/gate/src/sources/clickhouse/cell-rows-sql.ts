import type { CellRules } from '../../analysis/call-observation.ts'
import {
  CALL_CELL,
  CITATION_CELL,
  EVALUATION_CELL,
  INVOCATION_CELL,
  RUN_CELL,
} from '../../analysis/call-observation.ts'
import type { CellFieldName } from '../../analysis/cell-pool.ts'
import { CELL } from '../../analysis/cell-pool.ts'
import type { UnitExpr } from '../../analysis/unit-expressions.ts'
import { renderUnitExprSql } from '../../analysis/unit-expressions.ts'
import type { ReadingsSource } from './span-readings-sql.ts'
import { param, ROLE_CODE, readingsSql } from './span-readings-sql.ts'

/** The `CELL` fields in column order: the cell rows carry them as `f_<name>` (and `g_<name>` for the paired side). */
export const CELL_FIELDS: readonly CellFieldName[] = (Object.keys(CELL) as CellFieldName[]).sort(
  (a, b) => CELL[a] - CELL[b],
)

/** Sides of a cell row: a session's own traffic, a shadow span touching its session, a shadow slot. */
export const CELL_SIDE = { traffic: 0, touch: 1, shadow: 2 } as const

/** The agent of the shadow rows that total a slot's arm over every agent. */
export const ALL_AGENTS = '\u0001'

/** A call's readings in a pair tuple, by position (1-based, as ClickHouse tuples count). */
const CALL_TUPLE = [
  'duration_ms',
  'failed',
  'ttft_ms',
  'cost_usd',
  'ev_accuracy_sum',
  'ev_accuracy_count',
  'ev_judge_sum',
  'ev_judge_count',
  'ev_feedback_sum',
  'ev_feedback_count',
  'has_citations',
  'citations',
] as const

/** The SQL of each input of the cell rules, from a span's readings (or a pair half's tuple). */
function callInputs(
  column: (reading: (typeof CALL_TUPLE)[number] | string) => string,
): (name: string) => string {
  return (name) => {
    switch (name) {
      case 'call.latencyMs':
      case 'run.durationMs':
      case 'invocation.durationMs':
        return column('duration_ms')
      case 'call.error':
      case 'run.failed':
      case 'invocation.failed':
        return column('failed')
      case 'call.ttftMs':
        return column('ttft_ms')
      case 'call.costUsd':
        return column('cost_usd')
      case 'run.costUsd':
        return column('run_cost_usd')
      case 'citation.score':
        return column('citation_score')
      default: {
        // evaluation.accuracySum → ev_accuracy_sum
        const match = /^evaluation\.(accuracy|judge|feedback)(Sum|Count)$/.exec(name)
        if (match === null) throw new RangeError(`no reading for the cell rule input ${name}`)
        return column(`ev_${match[1]}_${match[2]?.toLowerCase()}`)
      }
    }
  }
}

/** Rule sets a span contributes under, each with its inputs and, when not always, the condition it applies on. */
type RuleParts = readonly (readonly [CellRules, (name: string) => string, string?])[]

/** A field's contribution under some rule sets; 0 where none writes it. */
function fieldSql(field: CellFieldName, parts: RuleParts): string {
  const terms = parts.flatMap(([rules, inputs, when]) => {
    const rule: UnitExpr | undefined = rules[field]
    if (rule === undefined) return []
    const term = `ifNull(${renderUnitExprSql(rule, inputs)}, 0)`
    return [when === undefined ? term : `if(${when}, ${term}, 0)`]
  })
  return `toFloat64(${terms.length === 0 ? '0' : terms.join(' + ')})`
}

/**
 * The cell rows of one query: per session, arm and agent, the sums of `CELL` its spans add (traffic),
 * a row per shadow span for the time it touches its session, and per shadow slot the candidate's calls
 * (`f_*`) with the control calls they replay (`g_*`), once per agent and once for all agents together.
 * The rules are call-observation.ts's, rendered. Citation pairs by input hash and shadow pairs by pair id
 * are matched in SQL as the extraction matches them in order (first control call of an input; first
 * primary of a pair, its waiting shadows, then one per shadowing candidate), with "order" being start
 * time, then trace and span id.
 *
 * @param source - The table and its mapping.
 * @returns The UNION ALL of the rows (columns: session, arm_key, agent, side, first_ord, first_seen, spans,
 *   llm_spans, analysed_spans, f_*, g_*).
 */
export function cellRowsSql(source: ReadingsSource): string {
  return `${trafficRowsSql(source)}
UNION ALL
${shadowRowsSql(source)}`
}

const KEPT = 'arm >= 0 AND NOT bad_time AND NOT implausible_duration'

function trafficRowsSql(source: ReadingsSource): string {
  const reading = callInputs((name) => name)
  const sp = callInputs((name) => name.replace(/^ev_/, 'sp_'))
  const events: [CellRules, (name: string) => string] = [EVALUATION_CELL, reading]
  const byRole = (field: CellFieldName): string =>
    `multiIf(shadow, 0, role = ${ROLE_CODE.llm}, ${fieldSql(field, [
      [CALL_CELL, reading],
      [CITATION_CELL, reading, 'isNotNull(citation_score)'],
    ])}, role = ${ROLE_CODE.workflow} AND part = 0, ${fieldSql(field, [[RUN_CELL, reading]])} + if(agent = '', ${fieldSql(
      field,
      [events],
    )}, 0), role = ${ROLE_CODE.workflow}, ${fieldSql(field, [events])}, role = ${ROLE_CODE.agent}, ${fieldSql(
      field,
      [[INVOCATION_CELL, reading], events],
    )}, role = ${ROLE_CODE.evaluation}, ${fieldSql(field, [[EVALUATION_CELL, sp], events])}, ${fieldSql(field, [events])})`
  const jaccard = jaccardSql('ref_citations', 'citations')
  return `SELECT session, arm_key, cell_agent AS agent, side,
  min(ord) AS first_ord, min(start_ms) AS first_seen, count() AS spans,
  countIf(role = ${ROLE_CODE.llm}) AS llm_spans, countIf(part = 0 AND NOT shadow) AS analysed_spans,
  ${CELL_FIELDS.map((field) => `sum(toFloat64(${byRole(field)})) AS f_${field}`).join(',\n  ')},
  ${CELL_FIELDS.map((field) => `toFloat64(0) AS g_${field}`).join(', ')}
FROM (
  SELECT *, part,
    if(shadow, -1, arm) AS arm_key,
    if(shadow, ${CELL_SIDE.touch}, ${CELL_SIDE.traffic}) AS side,
    if(shadow OR (role = ${ROLE_CODE.workflow} AND part = 0), '', agent) AS cell_agent,
    if(citing AND ref_count > 0 AND (
         (arm = ${param('control_arm')} AND ord > ref_ord AND session != ref_session)
      OR (arm != ${param('control_arm')} AND (ord > ref_ord OR (ord = first_candidate_ord AND ord < ref_ord)))
    ), ${jaccard}, CAST(NULL AS Nullable(Float64))) AS citation_score
  FROM (
    SELECT * FROM (${readingsSql(source)}) AS s
    LEFT JOIN (${citationReferencesSql(source)}) AS r ON s.a_input_hash = r.hash
    WHERE ${KEPT}
  )
  ARRAY JOIN if(role = ${ROLE_CODE.workflow} AND agent != '' AND NOT shadow, [0, 1], [0]) AS part
)
GROUP BY session, arm_key, agent, side`
}

/** Per input hash, the first control call (the one later calls are compared with) and the first candidate call. */
function citationReferencesSql(source: ReadingsSource): string {
  const control = `arm = ${param('control_arm')}`
  return `SELECT a_input_hash AS hash,
    argMinIf(citations, ord, ${control}) AS ref_citations,
    argMinIf(session, ord, ${control}) AS ref_session,
    minIf(ord, ${control}) AS ref_ord,
    countIf(${control}) AS ref_count,
    minIf(ord, NOT ${control}) AS first_candidate_ord
  FROM (${readingsSql(source)})
  WHERE citing AND ${KEPT}
  GROUP BY hash`
}

/** Jaccard agreement of two normalised citation sets (core's citationSimilarity): 1 when both are empty. */
function jaccardSql(a: string, b: string): string {
  const union = `length(arrayDistinct(arrayConcat(${a}, ${b})))`
  return `if(${union} = 0, toFloat64(1), length(arrayIntersect(${a}, ${b})) / ${union})`
}

function shadowRowsSql(source: ReadingsSource): string {
  const tuple = `tuple(${CALL_TUPLE.join(', ')})`
  const element = (half: string) => (name: string) => {
    const index = (CALL_TUPLE as readonly string[]).indexOf(name)
    if (index >= 0) return `tupleElement(${half}, ${index + 1})`
    return name === 'citation_score' ? 'citation_score' : 'NULL'
  }
  const candidate = callInputs(element('shadow_half'))
  const paired = callInputs(element('primary_half'))
  const primaryCitations = element('primary_half')('has_citations')
  const shadowCitations = element('shadow_half')('has_citations')
  return `SELECT session, arm_key, agent, ${CELL_SIDE.shadow} AS side,
  tuple(toInt64(9223372036854775807), '', '') AS first_ord, inf AS first_seen, toUInt64(0) AS spans, toUInt64(0) AS llm_spans, toUInt64(0) AS analysed_spans,
  ${CELL_FIELDS.map(
    (field) =>
      `sum(${fieldSql(field, [
        [CALL_CELL, candidate],
        [CITATION_CELL, candidate, 'isNotNull(citation_score)'],
      ])}) AS f_${field}`,
  ).join(',\n  ')},
  ${CELL_FIELDS.map((field) => `sum(${fieldSql(field, [[CALL_CELL, paired]])}) AS g_${field}`).join(',\n  ')}
FROM (
  SELECT primary_half, matched, slot_agent, tupleElement(matched, 2) AS arm_key, tupleElement(matched, 3) AS session,
    slot_agent AS agent, tupleElement(matched, 5) AS shadow_half,
    if(${primaryCitations} AND ${shadowCitations}, ${jaccardSql(element('primary_half')('citations'), element('shadow_half')('citations'))}, CAST(NULL AS Nullable(Float64))) AS citation_score
  FROM (
    SELECT argMinIf(${tuple}, ord, NOT shadow) AS primary_half,
      minIf(ord, NOT shadow) AS primary_ord,
      countIf(NOT shadow) AS primaries,
      arraySort(x -> x.1, groupArrayIf(tuple(ord, shadow_arm, session, agent, ${tuple}), shadow AND shadow_arm >= 0)) AS shadows
    FROM (${readingsSql(source)})
    WHERE role = ${ROLE_CODE.llm} AND pair_id != '' AND ${KEPT}
    GROUP BY pair_id
  )
  ARRAY JOIN arraySlice(shadows, 1, if(primaries > 0, greatest(${param('shadow_arms')}, arrayCount(x -> x.1 < primary_ord, shadows)), 0)) AS matched
  ARRAY JOIN [tupleElement(matched, 4), '${ALL_AGENTS}'] AS slot_agent
)
GROUP BY session, arm_key, agent`
}
