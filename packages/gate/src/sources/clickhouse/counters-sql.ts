import type { ReadingsSource } from './span-readings-sql.ts'
import { MALFORMED_KEYS, param, ROLE_CODE, readingsSql } from './span-readings-sql.ts'

/** The separator of a model key (`provider`, `request model`, `response model`) in the counters' maps. */
export const MODEL_KEY_SEPARATOR = '\u001f'

/** Citation ids normalised by the gate at most; past it the rest are compared as written (and said so). */
export const MAX_NORMALISED_IDS = 20_000

const KEPT = 'arm >= 0 AND NOT bad_time AND NOT implausible_duration'
/** Spans whose call readings the extraction takes: traffic LLM calls, and shadow calls it can pair. */
const CALL = `${KEPT} AND role = ${ROLE_CODE.llm} AND (NOT shadow OR (shadow_arm >= 0 AND pair_id != ''))`
const TRAFFIC = `${KEPT} AND NOT shadow`
const ANALYSED = `${KEPT} AND (NOT shadow OR (shadow_arm >= 0 AND pair_id != ''))`
const MODEL_KEY = `concat(model_provider, '${MODEL_KEY_SEPARATOR}', a_request, '${MODEL_KEY_SEPARATOR}', a_response)`

/**
 * What has to be known before the prices and the citation ids can be written into the query: the
 * distinct model names of LLM calls with plausible token usage, and the citation ids that core's
 * `normalizeSourceId` could change (anything but lower-case printable ASCII that is not a URL).
 *
 * @param source - The table and its mapping.
 * @returns One row: `models` (provider, request, response tuples) and `citation_ids`.
 */
export function inventorySql(source: ReadingsSource): string {
  return `SELECT
  groupUniqArrayIf(tuple(model_provider, a_request, a_response), ${CALL} AND usage_complete) AS models,
  groupUniqArrayArrayIf(${MAX_NORMALISED_IDS + 1})(arrayFilter(x -> NOT match(x, '^[!-~]+$') OR x != lower(x) OR match(x, '^[Hh][Tt][Tt][Pp][Ss]?://'), arrayMap(e -> JSONExtractString(e), citations_raw)), ${CALL} AND has_citations) AS citation_ids
FROM (${readingsSql(source)})`
}

/**
 * The extraction's counts that need no session (span-extractor.ts's counters, the malformed values by
 * attribute, the implausible values by reason and arm, the cost resolver's counts by model, unknown
 * evaluation names, the time the analysed spans cover) and the shadow calls no pair took.
 *
 * @param source - The table and its mapping.
 * @returns One row.
 */
export function countersSql(source: ReadingsSource): string {
  const byArm = (condition: string): string => `sumMapIf([arm], [toUInt64(1)], ${condition})`
  const scoreCalls = `((${TRAFFIC}) OR (${CALL}))`
  return `SELECT
  count() AS spans_read,
  countIf(arm < 0 AND variant = '') AS without_arm,
  sumMapIf([variant], [toUInt64(1)], arm < 0 AND variant != '') AS unknown_arms,
  countIf(arm >= 0 AND bad_time) AS bad_times,
  ${byArm('arm >= 0 AND NOT bad_time AND implausible_duration')} AS implausible_durations,
  countIf(${KEPT} AND trace_session) AS trace_id_sessions,
  countIf(${KEPT} AND shadow AND shadow_arm < 0) AS shadow_unresolved,
  countIf(${KEPT} AND shadow AND shadow_arm >= 0 AND pair_id = '') AS shadow_without_pair,
  countIf(${ANALYSED}) AS analysed_spans,
  countIf(${ANALYSED} AND role = ${ROLE_CODE.llm}) AS llm_spans,
  minIf(start_ms, ${ANALYSED}) AS first_span_ms,
  maxIf(start_ms, ${ANALYSED}) AS last_span_ms,
  countIf(${KEPT} AND bad_shadow) AS malformed_shadow,
  ${MALFORMED_KEYS.filter(([column]) => !['bad_shadow', 'bad_run_cost', 'bad_score'].includes(column))
    .map(([column]) => `countIf(${CALL} AND ${column}) AS malformed_${column.slice('bad_'.length)}`)
    .join(',\n  ')},
  countIf(${TRAFFIC} AND bad_run_cost) AS malformed_run_cost,
  sumIf(bad_score, ${scoreCalls}) AS malformed_score,
  ${['accuracy', 'judge', 'feedback']
    .map(
      (kind) =>
        `sumIf(ev_${kind}_out_of_range, ${scoreCalls}) + sumIf(sp_${kind}_out_of_range, ${TRAFFIC}) AS out_of_range_${kind}`,
    )
    .join(',\n  ')},
  sumMapIf(ev_unknown_names, arrayResize([toUInt64(1)], length(ev_unknown_names), toUInt64(1)), ${scoreCalls}) AS unknown_event_names,
  sumMapIf(sp_unknown_names, arrayResize([toUInt64(1)], length(sp_unknown_names), toUInt64(1)), ${TRAFFIC}) AS unknown_span_names,
  ${byArm(`${CALL} AND implausible_ttft`)} AS implausible_ttft,
  ${byArm(`(${CALL} AND implausible_cost) OR (${TRAFFIC} AND implausible_run_cost)`)} AS implausible_cost,
  ${byArm(`${CALL} AND implausible_tokens`)} AS implausible_tokens,
  ${byArm(`${CALL} AND cost_versus_tokens`)} AS implausible_cost_versus_tokens,
  countIf(${CALL} AND foreign_currency) AS foreign_currency,
  countIf(${CALL} AND usage_unknown) AS usage_unknown,
  sumMapIf([${MODEL_KEY}], [toUInt64(1)], ${CALL} AND needs_price AND usage_valid) AS priced_calls_by_model,
  sumMapIf([${MODEL_KEY}], [toUInt64(1)], ${CALL} AND needs_price AND NOT usage_valid) AS invalid_usage_by_model,
  (${unmatchedShadowsSql(source)}) AS unmatched_shadows
FROM (${readingsSql(source)})`
}

/** Shadow calls that met no primary, or came after their pair was complete. */
function unmatchedShadowsSql(source: ReadingsSource): string {
  return `SELECT toUInt64(sum(if(primaries > 0, greatest(toInt64(length(shadows)) - toInt64(greatest(${param('shadow_arms')}, arrayCount(x -> x < primary_ord, shadows))), 0), toInt64(length(shadows)))))
  FROM (
    SELECT minIf(ord, NOT shadow) AS primary_ord, countIf(NOT shadow) AS primaries,
      groupArrayIf(ord, shadow AND shadow_arm >= 0) AS shadows
    FROM (${readingsSql(source)})
    WHERE role = ${ROLE_CODE.llm} AND pair_id != '' AND ${KEPT}
    GROUP BY pair_id
  )`
}
