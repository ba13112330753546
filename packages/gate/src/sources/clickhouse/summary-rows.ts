import { z } from 'zod'
import { GateError } from '../../errors.ts'

/** A ClickHouse number in JSON: 64-bit integers come quoted (`output_format_json_quote_64bit_integers`). */
const count = z.union([z.number(), z.string().regex(/^-?\d+$/)]).transform(Number)
const real = z.union([z.number(), z.string()]).transform(Number)
const countMap = z.tuple([z.array(count), z.array(count)])
const nameMap = z.tuple([z.array(z.string()), z.array(count)])

const ratioColumns = (name: string) =>
  ({
    [`${name}_n`]: count,
    [`${name}_sum_y`]: real,
    [`${name}_sum_m`]: real,
    [`${name}_sum_yy`]: real,
    [`${name}_sum_mm`]: real,
    [`${name}_sum_ym`]: real,
  }) as const

/** One group of the push-down query: a scope (experiment `''` or an agent) × arm × side × look. */
export const groupRowSchema = z.object({
  scope: z.string(),
  arm: count,
  side: count,
  look_index: count,
  sessions: count,
  runs: real,
  calls: real,
  calls_with_unknown_cost: real,
  latency_buckets: countMap,
  latency_zeros: count,
  latency_min: real,
  latency_max: real,
  ttft_buckets: countMap,
  ttft_zeros: count,
  ttft_min: real,
  ttft_max: real,
  ...ratioColumns('errors'),
  ...ratioColumns('costPerCall'),
  ...ratioColumns('costPerRun'),
  ...ratioColumns('runFailures'),
  ...ratioColumns('accuracy'),
  ...ratioColumns('judge'),
  ...ratioColumns('feedback'),
  ...ratioColumns('citations'),
  outliers_latency: count,
  outliers_ttft: count,
  outliers_cost: count,
  first_seen_min: real,
  first_seen_max: real,
  units: count,
})

/** The units' arrivals of one arm (-1: shadow-only units), and the spans of its sessions with arm conflicts. */
export const arrivalRowSchema = z.object({
  arm: count,
  units: count,
  first_ms: real,
  last_ms: real,
  last_within_ms: real,
  earliest_ms: z.array(real),
  conflict_spans: count,
  conflict_llm: count,
  conflict_analysed: count,
})

/** An arrivals row, parsed. */
export type ArrivalRow = z.infer<typeof arrivalRowSchema>

/** A group row, parsed. */
export type GroupRow = z.infer<typeof groupRowSchema> & Readonly<Record<string, number | string | unknown>>

/** The counters of the spans, one row. */
export const countersRowSchema = z.object({
  spans_read: count,
  without_arm: count,
  unknown_arms: nameMap,
  bad_times: count,
  implausible_durations: countMap,
  trace_id_sessions: count,
  shadow_unresolved: count,
  shadow_without_pair: count,
  analysed_spans: count,
  llm_spans: count,
  first_span_ms: real,
  last_span_ms: real,
  malformed_shadow: count,
  malformed_ttft: count,
  malformed_cost: count,
  malformed_input: count,
  malformed_prompt: count,
  malformed_output: count,
  malformed_completion: count,
  malformed_cache_read: count,
  malformed_cache_write: count,
  malformed_reasoning: count,
  malformed_citations: count,
  malformed_run_cost: count,
  malformed_score: count,
  out_of_range_accuracy: count,
  out_of_range_judge: count,
  out_of_range_feedback: count,
  unknown_event_names: nameMap,
  unknown_span_names: nameMap,
  implausible_ttft: countMap,
  implausible_cost: countMap,
  implausible_tokens: countMap,
  implausible_cost_versus_tokens: countMap,
  foreign_currency: count,
  usage_unknown: count,
  priced_calls_by_model: nameMap,
  invalid_usage_by_model: nameMap,
  unmatched_shadows: count,
})

/** The counters row, parsed. */
export type CountersRow = z.infer<typeof countersRowSchema>

/** The inventory, one row: model names with plausible usage, citation ids to normalise. */
export const inventoryRowSchema = z.object({
  models: z.array(z.tuple([z.string(), z.string(), z.string()])),
  citation_ids: z.array(z.string()),
})

/**
 * Checks rows the engine returned against their schema.
 *
 * @param schema - The row schema.
 * @param rows - The parsed JSON rows.
 * @param what - The query, for the message.
 * @returns The typed rows.
 * @throws GateError `BACKEND_RESPONSE_INVALID` naming the first problem.
 */
export function parseRows<T>(schema: z.ZodType<T>, rows: unknown, what: string): T[] {
  const parsed = z.array(schema).safeParse(rows)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  throw new GateError(
    'BACKEND_RESPONSE_INVALID',
    `ClickHouse answered the ${what} query with rows the gate cannot read: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''} ` +
      '(a server older than 23.8, or a column mapping whose expressions have other types; docs/clickhouse.md)',
  )
}
