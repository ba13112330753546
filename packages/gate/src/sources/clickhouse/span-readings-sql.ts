import {
  ATTR_CITATIONS,
  ATTR_FEATURE_FLAG_KEY,
  ATTR_FEATURE_FLAG_VARIANT,
  ATTR_FEATURE_FLAG_VARIANT_DEPRECATED,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_EVALUATION_SCORE_VALUE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_SYSTEM,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COMPLETION_TOKENS,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_COST_CURRENCY,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_PROMPT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_INPUT_HASH,
  ATTR_PAIR_ID,
  ATTR_RUN_COST_USD,
  ATTR_SERVED_ARM,
  ATTR_SHADOW,
  EVENT_GEN_AI_EVALUATION_RESULT,
  LLM_OPERATIONS,
} from '@llm-canary/core'
import type { EvaluationKind } from '../../analysis/evaluation-kind.ts'
import { EVALUATION_KINDS, EVALUATION_SCORE_RANGES } from '../../analysis/evaluation-kind.ts'
import { PLAUSIBILITY_LIMITS } from '../../analysis/plausibility.ts'
import type { SpanRole } from '../../analysis/span-role.ts'
import { ROLE_BY_OPERATION } from '../../analysis/span-role.ts'
import { renderUnitExprSql } from '../../analysis/unit-expressions.ts'
import type { ColumnMapping } from './column-mapping.ts'
import { attributeSql } from './column-mapping.ts'
import { RULE_COST } from './price-sheet.ts'
import type { SqlReading } from './sql-text.ts'
import {
  sqlReadCount,
  sqlReadNonNegative,
  sqlReadNumber,
  sqlString,
  sqlStringArray,
  sqlTrim,
} from './sql-text.ts'

/** The role codes of the readings' `role` column. */
export const ROLE_CODE: Readonly<Record<SpanRole, number>> = {
  other: 0,
  llm: 1,
  workflow: 2,
  agent: 3,
  evaluation: 4,
  retrieval: 5,
  tool: 6,
}

/**
 * The query parameters every push-down query binds (`{name:Type}`), with their ClickHouse types.
 * Values from spans, the experiment and the command line travel only through these.
 */
const QUERY_PARAMETERS = {
  experiment: 'String',
  since_ns: 'Int64',
  until_ns: 'Int64',
  service: 'String',
  arms: 'Array(String)',
  control_arm: 'Int32',
  shadow_arm: 'Int32',
  shadow_arms: 'UInt32',
  arm_weights: 'Array(Float64)',
  history_points: 'UInt32',
  sketch_multiplier: 'Float64',
  sketch_gamma: 'Float64',
  sketch_min: 'Float64',
  model_provider: 'Array(String)',
  model_request: 'Array(String)',
  model_response: 'Array(String)',
  rule_model: 'Array(UInt32)',
  rule_from: 'Array(Int64)',
  rule_to: 'Array(Int64)',
  rule_input_above: 'Array(Int64)',
  rule_input: 'Array(Float64)',
  rule_cache_read: 'Array(Float64)',
  rule_cache_write: 'Array(Float64)',
  rule_output: 'Array(Float64)',
  rule_reasoning: 'Array(Float64)',
  rule_request: 'Array(Float64)',
  citation_from: 'Array(String)',
  citation_to: 'Array(String)',
  horizon_ms: 'Float64',
  cut_ms: 'Float64',
} as const

/** The name of a query parameter. */
export type QueryParameter = keyof typeof QUERY_PARAMETERS

/**
 * The placeholder of a query parameter.
 *
 * @param name - The parameter.
 * @returns `{name:Type}`.
 */
export function param(name: QueryParameter): string {
  return `{${name}:${QUERY_PARAMETERS[name]}}`
}

/** Where the readings are taken from. */
export interface ReadingsSource {
  readonly mapping: ColumnMapping
  /** The table, quoted (`` `otel`.`otel_traces` ``). */
  readonly table: string
}

const NUMBER_NULL = 'CAST(NULL AS Nullable(Float64))'
const LLM = ROLE_CODE.llm

/**
 * The readings subquery: the experiment's spans in the window (the push-down filter), each read as the
 * extraction reads it (span-extractor.ts, call-observation.ts, cost-resolver.ts), from attributes stored as
 * text: its arm, role, session, agent, times, error, TTFT, cost (recorded, else priced by the sheet's rules,
 * with the same plausibility bounds), evaluation scores, citations, shadow pair, run cost, and a flag for
 * each malformed or implausible value.
 *
 * @param source - The table and its column mapping.
 * @returns A `SELECT` to use as a subquery.
 */
export function readingsSql(source: ReadingsSource): string {
  const { mapping } = source
  const attribute = (key: string): string => attributeSql(mapping, key)
  const raw = [
    `toUnixTimestamp64Micro(${mapping.timestamp}) AS start_us`,
    `toInt64(${mapping.durationNanos}) AS duration_ns`,
    `toString(${mapping.traceId}) AS trace_id`,
    `toString(${mapping.spanId}) AS span_id`,
    `toString(${mapping.spanName}) AS name`,
    `toUInt8(${mapping.statusError}) AS failed`,
    ...RAW_ATTRIBUTES.map(([alias, key]) => `toString(${attribute(key)}) AS ${alias}`),
    // Plain types: LowCardinality in a column's type differs between a table and its Distributed table.
    `CAST(${mapping.eventNames} AS Array(String)) AS event_names`,
    `CAST(${mapping.eventAttributes} AS Array(Map(String, String))) AS event_attributes`,
  ]
  const where = [
    `${attribute(ATTR_FEATURE_FLAG_KEY)} = ${param('experiment')}`,
    `${mapping.timestamp} >= fromUnixTimestamp64Nano(${param('since_ns')})`,
    `${mapping.timestamp} < fromUnixTimestamp64Nano(${param('until_ns')})`,
    `(${param('service')} = '' OR ${mapping.serviceName} = ${param('service')})`,
  ]
  const rawSql = `SELECT
    ${raw.join(',\n    ')}
  FROM ${source.table}
  WHERE ${where.join('\n    AND ')}`
  return derivedStages().reduce(
    (inner, stage) => `SELECT *,\n  ${stage.join(',\n  ')}\nFROM (\n${inner}\n)`,
    rawSql,
  )
}

/** Attribute columns of the raw stage, by alias. */
const RAW_ATTRIBUTES: readonly (readonly [string, string])[] = [
  ['a_variant', ATTR_FEATURE_FLAG_VARIANT],
  ['a_variant_old', ATTR_FEATURE_FLAG_VARIANT_DEPRECATED],
  ['a_conversation', ATTR_GEN_AI_CONVERSATION_ID],
  ['a_agent', ATTR_GEN_AI_AGENT_NAME],
  ['a_operation', ATTR_GEN_AI_OPERATION_NAME],
  ['a_shadow', ATTR_SHADOW],
  ['a_ttft', ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK],
  ['a_cost', ATTR_GEN_AI_USAGE_COST_AMOUNT],
  ['a_currency', ATTR_GEN_AI_USAGE_COST_CURRENCY],
  ['a_input', ATTR_GEN_AI_USAGE_INPUT_TOKENS],
  ['a_prompt', ATTR_GEN_AI_USAGE_PROMPT_TOKENS],
  ['a_output', ATTR_GEN_AI_USAGE_OUTPUT_TOKENS],
  ['a_completion', ATTR_GEN_AI_USAGE_COMPLETION_TOKENS],
  ['a_cache_read', ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS],
  ['a_cache_write', ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS],
  ['a_reasoning', ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS],
  ['a_provider', ATTR_GEN_AI_PROVIDER_NAME],
  ['a_system', ATTR_GEN_AI_SYSTEM],
  ['a_request', ATTR_GEN_AI_REQUEST_MODEL],
  ['a_response', ATTR_GEN_AI_RESPONSE_MODEL],
  ['a_citations', ATTR_CITATIONS],
  ['a_input_hash', ATTR_INPUT_HASH],
  ['a_pair', ATTR_PAIR_ID],
  ['a_served', ATTR_SERVED_ARM],
  ['a_run_cost', ATTR_RUN_COST_USD],
  ['a_eval_name', ATTR_GEN_AI_EVALUATION_NAME],
  ['a_eval_score', ATTR_GEN_AI_EVALUATION_SCORE_VALUE],
]

/** The attribute keys the readings take (besides `feature_flag.key`, the filter). */
export const READ_ATTRIBUTE_KEYS: readonly string[] = RAW_ATTRIBUTES.map(([, key]) => key)

/** The attribute keys whose malformed values are counted, by the reading column that flags them. */
export const MALFORMED_KEYS: readonly (readonly [string, string])[] = [
  ['bad_shadow', ATTR_SHADOW],
  ['bad_ttft', ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK],
  ['bad_cost', ATTR_GEN_AI_USAGE_COST_AMOUNT],
  ['bad_input', ATTR_GEN_AI_USAGE_INPUT_TOKENS],
  ['bad_prompt', ATTR_GEN_AI_USAGE_PROMPT_TOKENS],
  ['bad_output', ATTR_GEN_AI_USAGE_OUTPUT_TOKENS],
  ['bad_completion', ATTR_GEN_AI_USAGE_COMPLETION_TOKENS],
  ['bad_cache_read', ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS],
  ['bad_cache_write', ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS],
  ['bad_reasoning', ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS],
  ['bad_citations', ATTR_CITATIONS],
  ['bad_run_cost', ATTR_RUN_COST_USD],
  ['bad_score', ATTR_GEN_AI_EVALUATION_SCORE_VALUE],
]

/** The role a word names (an operation, or the first word of a span name), -1 for none: span-role.ts's table. */
function roleSql(word: string): string {
  const byName = [...ROLE_BY_OPERATION].flatMap(([operation, role]) => [
    `${word} = ${sqlString(operation)}`,
    String(ROLE_CODE[role]),
  ])
  return `multiIf(${word} IN ${sqlStringArray(LLM_OPERATIONS)}, ${LLM}, ${byName.join(', ')}, -1)`
}

/** The derived readings, in dependency order (ClickHouse resolves aliases within one SELECT). */
function derivedStages(): string[][] {
  const limits = PLAUSIBILITY_LIMITS
  const ttft = sqlReadNonNegative('a_ttft')
  const cost = sqlReadNonNegative('a_cost')
  const counts: Record<string, SqlReading> = {
    input: sqlReadCount('a_input'),
    prompt: sqlReadCount('a_prompt'),
    output: sqlReadCount('a_output'),
    completion: sqlReadCount('a_completion'),
    cache_read: sqlReadCount('a_cache_read'),
    cache_write: sqlReadCount('a_cache_write'),
    reasoning: sqlReadCount('a_reasoning'),
  }
  const runCost = sqlReadNonNegative('a_run_cost')
  const target = `if(position(name, ' ') > 0, ${sqlTrim("substring(name, position(name, ' ') + 1)")}, '')`
  const operationRole = roleSql('a_operation')
  const nameRole = roleSql("splitByChar(' ', name)[1]")
  const ruleValue = (array: string): string => `arrayElement(${array}, price_rule)`
  const ruleCost = renderUnitExprSql(RULE_COST, (name) => {
    const [group, key] = name.split('.') as ['usage' | 'price', string]
    if (group === 'usage') {
      return (
        {
          input: 'tokens_input',
          cacheRead: 'tokens_cache_read',
          cacheWrite: 'tokens_cache_write',
          output: 'tokens_output',
          reasoning: 'tokens_reasoning',
        }[key] ?? 'NULL'
      )
    }
    return ruleValue(
      {
        inputPerMTok: param('rule_input'),
        cacheReadPerMTok: param('rule_cache_read'),
        cacheWritePerMTok: param('rule_cache_write'),
        outputPerMTok: param('rule_output'),
        reasoningPerMTok: param('rule_reasoning'),
        requestUsd: param('rule_request'),
      }[key] ?? 'NULL',
    )
  })
  const events = evaluationStages(
    'ev',
    `arrayMap((n, a) -> if(n = ${sqlString(EVENT_GEN_AI_EVALUATION_RESULT)}, a[${sqlString(ATTR_GEN_AI_EVALUATION_NAME)}], ''), event_names, event_attributes)`,
    `arrayMap(a -> a[${sqlString(ATTR_GEN_AI_EVALUATION_SCORE_VALUE)}], event_attributes)`,
  )
  const attributes = evaluationStages(
    'sp',
    `[if(role = ${ROLE_CODE.evaluation}, if(a_eval_name != '', a_eval_name, name_target), '')]`,
    '[a_eval_score]',
  )
  // Each stage reads only columns of the stages before it: ClickHouse expands an alias used in the same
  // SELECT, so chained aliases would multiply the query tree.
  return [
    [
      'start_us / 1000 AS start_ms',
      'duration_ns / 1e6 AS duration_ms',
      'tuple(start_us, trace_id, span_id) AS ord',
      "if(a_variant != '', a_variant, a_variant_old) AS variant",
      'duration_ns < 0 AS bad_time',
      `duration_ns > ${limits.maxDurationMs * 1_000_000} AS implausible_duration`,
      `toInt8(if(a_operation != '' AND ${operationRole} >= 0, ${operationRole}, greatest(${nameRole}, 0))) AS role`,
      "if(a_conversation != '', a_conversation, trace_id) AS session",
      "a_conversation = '' AS trace_session",
      `${target} AS name_target`,
      // TTFT, seconds to ms.
      `${ttft.value} * 1000 AS ttft_read`,
      `${ttft.malformed} AS bad_ttft`,
      // The recorded cost.
      `${cost.value} AS cost_read`,
      `${cost.malformed} AS bad_cost`,
      "(a_currency = '' OR upper(a_currency) = 'USD') AS usd",
      // Token usage: input and output required, the parts read only then.
      ...Object.entries(counts).flatMap(([name, reading]) => [
        `${reading.value} AS count_${name}`,
        `${reading.malformed} AS malformed_${name}`,
      ]),
      "if(a_provider != '', a_provider, a_system) AS model_provider",
      `${runCost.value} AS run_cost_read`,
      `${runCost.malformed} AS malformed_run_cost`,
      'a_pair AS pair_id',
      `toInt32(indexOf(${param('arms')}, a_served)) - 1 AS served_arm`,
      ...(events[0] ?? []),
    ],
    [
      `toInt32(indexOf(${param('arms')}, variant)) - 1 AS arm`,
      `role = ${LLM} AND a_shadow = 'true' AS shadow`,
      `role = ${LLM} AND a_shadow NOT IN ('', 'true', 'false') AS bad_shadow`,
      `if(a_agent != '', a_agent, if(role = ${ROLE_CODE.agent}, name_target, '')) AS agent`,
      `ttft_read > ${limits.maxDurationMs} AS implausible_ttft`,
      `if(ttft_read > ${limits.maxDurationMs}, ${NUMBER_NULL}, ttft_read) AS ttft_ms`,
      'isNotNull(cost_read) AND NOT usd AS foreign_currency',
      `isNotNull(cost_read) AND usd AND cost_read > ${limits.maxCostUsd} AS implausible_cost`,
      `if(isNotNull(cost_read) AND usd AND cost_read <= ${limits.maxCostUsd}, cost_read, ${NUMBER_NULL}) AS recorded_usd`,
      'coalesce(count_input, count_prompt) AS tokens_input_read',
      'coalesce(count_output, count_completion) AS tokens_output_read',
      'malformed_input AS bad_input',
      'isNull(count_input) AND malformed_prompt AS bad_prompt',
      'malformed_output AS bad_output',
      'isNull(count_output) AND malformed_completion AS bad_completion',
      `if(role = ${LLM}, JSONExtractArrayRaw(a_citations), []) AS citations_raw`,
      `role = ${ROLE_CODE.workflow} AND malformed_run_cost AS bad_run_cost`,
      `role = ${ROLE_CODE.workflow} AND run_cost_read > ${limits.maxCostUsd} AS implausible_run_cost`,
      `if(role = ${ROLE_CODE.workflow} AND run_cost_read > ${limits.maxCostUsd}, ${NUMBER_NULL}, run_cost_read) AS run_cost_usd`,
      ...(events[1] ?? []),
      ...(attributes[0] ?? []),
    ],
    [
      'isNotNull(tokens_input_read) AND isNotNull(tokens_output_read) AS usage_complete',
      'assumeNotNull(tokens_input_read) AS tokens_input',
      'assumeNotNull(tokens_output_read) AS tokens_output',
      'ifNull(count_cache_read, 0) AS tokens_cache_read',
      'ifNull(count_cache_write, 0) AS tokens_cache_write',
      'ifNull(count_reasoning, 0) AS tokens_reasoning',
      `role = ${LLM} AND startsWith(a_citations, '[') AND (notEmpty(citations_raw) OR (endsWith(a_citations, ']') AND trimBoth(substring(a_citations, 2, length(a_citations) - 2), ' \\t\\n\\r') = '')) AND arrayAll(e -> startsWith(e, '"'), citations_raw) AS has_citations`,
      `multiIf(served_arm >= 0 AND served_arm != ${param('control_arm')}, served_arm, arm != ${param('control_arm')}, arm, ${param('shadow_arm')}) AS shadow_arm`,
      ...(events[2] ?? []),
      ...(attributes[1] ?? []),
    ],
    [
      'usage_complete AND malformed_cache_read AS bad_cache_read',
      'usage_complete AND malformed_cache_write AS bad_cache_write',
      'usage_complete AND malformed_reasoning AS bad_reasoning',
      `usage_complete AND greatest(tokens_input, tokens_output, tokens_cache_read, tokens_cache_write, tokens_reasoning) > ${limits.maxTokens} AS implausible_tokens`,
      `toUInt32(indexOf(arrayZip(${param('model_provider')}, ${param('model_request')}, ${param('model_response')}), tuple(model_provider, a_request, a_response))) AS model_index`,
      `role = ${LLM} AND a_citations != '' AND NOT has_citations AS bad_citations`,
      `if(has_citations, arrayDistinct(arrayFilter(x -> x != '', arrayMap(e -> transform(JSONExtractString(e), ${param('citation_from')}, ${param('citation_to')}, JSONExtractString(e)), citations_raw))), []) AS citations`,
      `has_citations AND a_input_hash != '' AND NOT shadow AS citing`,
      ...(events[3] ?? []),
      ...(attributes[2] ?? []),
    ],
    [
      'usage_complete AND NOT implausible_tokens AS usage_plausible',
      'usage_complete AND NOT implausible_tokens AND tokens_cache_read + tokens_cache_write <= tokens_input AND tokens_reasoning <= tokens_output AS usage_valid',
      ...(attributes[3] ?? []),
      'arraySum(ev_bad_scores) AS ev_bad_score_count',
    ],
    [
      `if(usage_valid AND model_index > 0, arrayFirstIndex((m, f, t, above) -> m = model_index AND f <= start_us AND start_us < t AND tokens_input > above, ${param('rule_model')}, ${param('rule_from')}, ${param('rule_to')}, ${param('rule_input_above')}), 0) AS price_rule`,
      'isNull(recorded_usd) AND NOT usage_complete AS usage_unknown',
      'isNull(recorded_usd) AND usage_plausible AS needs_price',
      'ev_bad_score_count + arraySum(sp_bad_scores) AS bad_score',
    ],
    [`if(price_rule > 0, ${ruleCost}, ${NUMBER_NULL}) AS priced_usd`],
    [
      `isNotNull(recorded_usd) AND usage_plausible AND ifNull(priced_usd, 0) > 0 AND (recorded_usd > priced_usd * ${limits.costVersusTokensFactor} OR recorded_usd < priced_usd / ${limits.costVersusTokensFactor}) AS cost_versus_tokens`,
    ],
    [
      `if(isNotNull(recorded_usd), if(cost_versus_tokens, priced_usd, recorded_usd), if(usage_plausible, priced_usd, ${NUMBER_NULL})) AS cost_usd`,
    ],
  ]
}

/**
 * Evaluation scores from parallel arrays of names and score texts (`''` for none): per kind the sum and
 * count of the usable scores, the malformed and out-of-range ones, and the names the analysis does not use.
 */
function evaluationStages(prefix: string, names: string, scores: string): string[][] {
  const score = sqlReadNumber('s')
  const kinds = ['accuracy', 'judge', 'feedback'] as const satisfies readonly EvaluationKind[]
  const namesOf = (kind: EvaluationKind): string =>
    sqlStringArray([...EVALUATION_KINDS].filter(([, value]) => value === kind).map(([name]) => name))
  const kindOf = `multiIf(${kinds.map((kind, index) => `k IN ${namesOf(kind)}, ${index + 1}`).join(', ')}, 0)`
  const inRange = `multiIf(${kinds
    .map((kind, index) => {
      const [low, high] = EVALUATION_SCORE_RANGES[kind]
      return `kind = ${index + 1}, assumeNotNull(value) >= ${low} AND assumeNotNull(value) <= ${high}`
    })
    .join(', ')}, 0)`
  const arrays = `${prefix}_kinds, ${prefix}_values, ${prefix}_out_of_range`
  const usable = (code: number): string => `kind = ${code} AND isNotNull(value) AND NOT out`
  return [
    [`${names} AS ${prefix}_names`, `${scores} AS ${prefix}_scores`],
    [
      `arrayMap(n -> ${kindOf.replaceAll('k IN', () => `lowerUTF8(${sqlTrim('n')}) IN`)}, ${prefix}_names) AS ${prefix}_kinds`,
      `arrayMap(s -> ${score.value}, ${prefix}_scores) AS ${prefix}_values`,
    ],
    [
      `arrayMap((n, kind, s) -> n != '' AND kind > 0 AND ${score.malformed}, ${prefix}_names, ${prefix}_kinds, ${prefix}_scores) AS ${prefix}_bad_scores`,
      `arrayMap((kind, value) -> kind > 0 AND isNotNull(value) AND NOT ${inRange}, ${prefix}_kinds, ${prefix}_values) AS ${prefix}_out_of_range`,
      `arrayFilter((n, kind) -> n != '' AND kind = 0, ${prefix}_names, ${prefix}_kinds) AS ${prefix}_unknown_names`,
    ],
    kinds.flatMap((kind, index) => {
      const code = index + 1
      return [
        `arraySum((kind, value, out) -> if(${usable(code)}, assumeNotNull(value), 0), ${arrays}) AS ${prefix}_${kind}_sum`,
        `arrayCount((kind, value, out) -> ${usable(code)}, ${arrays}) AS ${prefix}_${kind}_count`,
        `arrayCount((kind, out) -> kind = ${code} AND out, ${prefix}_kinds, ${prefix}_out_of_range) AS ${prefix}_${kind}_out_of_range`,
      ]
    }),
  ]
}
