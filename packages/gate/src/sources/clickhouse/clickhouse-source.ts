import type { ClickHouseClient } from '@clickhouse/client'
import { ClickHouseLogLevel, createClient } from '@clickhouse/client'
import { normalizeSourceId } from '@llm-canary/core'
import type {
  ExperimentSummary,
  SummarizingSource,
  SummaryRequest,
} from '../../analysis/experiment-summary.ts'
import { planHorizon } from '../../analysis/horizon-cut.ts'
import { SKETCH_MAPPING } from '../../analysis/sketch-quantiles.ts'
import { GateError } from '../../errors.ts'
import type { ResolvedSourceOptions } from '../source-options.ts'
import { buildSummary } from './build-summary.ts'
import type { ClickHouseEndpoint } from './clickhouse-endpoint.ts'
import { parseClickHouseEndpoint } from './clickhouse-endpoint.ts'
import { describeClickHouseError, isRetryable } from './clickhouse-errors.ts'
import { countersSql, inventorySql, MAX_NORMALISED_IDS } from './counters-sql.ts'
import type { PriceSheet } from './price-sheet.ts'
import { buildPriceSheet } from './price-sheet.ts'
import type { QueryParameter } from './span-readings-sql.ts'
import { streamSpanRows } from './span-rows.ts'
import type { CountersRow, GroupRow } from './summary-rows.ts'
import {
  arrivalRowSchema,
  countersRowSchema,
  groupRowSchema,
  inventoryRowSchema,
  parseRows,
} from './summary-rows.ts'
import { arrivalsSql, summarySql } from './summary-sql.ts'
import { arrivalsDepth, readArrivals } from './unit-arrivals.ts'

/** No horizon: later than any span (Float64 milliseconds; the HTTP interface takes no `inf` parameter). */
const NO_CUT_MS = 1e300

/** Longest a push-down query may run when no deadline is given (the CLI passes `--deadline`). */
const QUERY_TIMEOUT_MS = 3_600_000

/**
 * A trace source over a ClickHouse table that aggregates where the data is: `summarize` sends the
 * experiment's whole analysis to ClickHouse as four read-only queries (an inventory of model names and
 * citation ids, the span counters, the units' arrivals for the horizon cut, and the summary of sufficient statistics, summary-sql.ts) and receives
 * a few hundred rows whatever the number of spans. `spans` streams the experiment's rows as stored (every
 * attribute value is text in the exporter's schema), for tools that want the spans themselves.
 *
 * @param rawUrl - What follows `clickhouse:` in `--source`.
 * @param options - Resolved source options (the token is the password; retries, batch size, cwd).
 * @returns The source.
 * @throws GateError `SOURCE_INVALID` for a spec that cannot be used (see `parseClickHouseEndpoint`).
 * @example
 * const source = createClickHouseSource('http://127.0.0.1:8123/otel?table=otel_traces', resolveSourceOptions({ token }))
 * const report = await analyzeSpans({ experiment, source, since })
 */
export function createClickHouseSource(rawUrl: string, options: ResolvedSourceOptions): SummarizingSource {
  const endpoint = parseClickHouseEndpoint(rawUrl, { token: options.token, cwd: options.cwd })
  return {
    description: endpoint.description,
    summarize: (request) => withClient(endpoint, (client) => summarize(client, endpoint, request, options)),
    spans: (query, spanOptions) =>
      streamSpanRows({
        endpoint,
        query,
        batchSize: options.batchSize,
        open: () => openClient(endpoint),
        describeError: (err) => describeClickHouseError(err, endpoint, 'span'),
        ...(spanOptions?.signal === undefined ? {} : { signal: spanOptions.signal }),
      }),
  }
}

function openClient(endpoint: ClickHouseEndpoint): ClickHouseClient {
  return createClient({
    url: endpoint.url,
    username: endpoint.username,
    password: endpoint.password,
    database: endpoint.database,
    application: 'llm-canary',
    request_timeout: QUERY_TIMEOUT_MS,
    max_open_connections: 1,
    compression: { response: true, request: false },
    log: { level: ClickHouseLogLevel.OFF },
  })
}

async function withClient<T>(
  endpoint: ClickHouseEndpoint,
  use: (client: ClickHouseClient) => Promise<T>,
): Promise<T> {
  const client = openClient(endpoint)
  try {
    return await use(client)
  } finally {
    await client.close()
  }
}

async function summarize(
  client: ClickHouseClient,
  endpoint: ClickHouseEndpoint,
  request: SummaryRequest,
  options: ResolvedSourceOptions,
): Promise<ExperimentSummary> {
  const { experiment, query } = request
  const run = (what: string, sql: string, params: Readonly<Record<string, unknown>>): Promise<unknown[]> =>
    queryRows({ client, endpoint, what, sql, params, options, signal: request.signal })
  await checkColumns(run, endpoint)
  const source = { mapping: endpoint.mapping, table: endpoint.qualifiedTable }
  const window = { sinceMs: query.since.getTime(), untilMs: query.until.getTime() }
  const plan = planHorizon(experiment, request.plannedUnitsPerArm)
  const shadowArms = experiment.arms.flatMap((arm, index) => (arm.shadow > 0 ? [index] : []))
  const base = {
    experiment: experiment.id,
    since_ns: String(BigInt(window.sinceMs) * 1_000_000n),
    until_ns: String(BigInt(window.untilMs) * 1_000_000n),
    service: query.serviceName ?? '',
    arms: experiment.arms.map((arm) => arm.name),
    control_arm: experiment.arms.indexOf(experiment.control),
    shadow_arm: shadowArms.length === 1 ? (shadowArms[0] ?? -1) : -1,
    shadow_arms: Math.max(1, shadowArms.length),
    arm_weights: experiment.arms.map((arm) => arm.weight),
    history_points: request.historyPoints,
    sketch_multiplier: SKETCH_MAPPING.multiplier,
    sketch_gamma: SKETCH_MAPPING.gamma,
    sketch_min: SKETCH_MAPPING.minPossible,
    ...priceParameters({ models: [], rules: [], unwritable: [] }),
    citation_from: [] as string[],
    citation_to: [] as string[],
    horizon_ms: plan?.horizonMs ?? NO_CUT_MS,
    cut_ms: NO_CUT_MS,
  } satisfies Partial<Record<QueryParameter, unknown>>
  const [inventory] = parseRows(
    inventoryRowSchema,
    await run('inventory', inventorySql(source), base),
    'inventory',
  )
  const prices = buildPriceSheet(
    experiment,
    (inventory?.models ?? []).map(([provider, request, response]) => ({
      provider: provider === '' ? undefined : provider,
      request: request === '' ? undefined : request,
      response: response === '' ? undefined : response,
    })),
    window,
  )
  const ids = inventory?.citation_ids ?? []
  const renamed = ids.slice(0, MAX_NORMALISED_IDS).flatMap((id) => {
    const normalised = normalizeSourceId(id)
    return normalised === id ? [] : [[id, normalised] as const]
  })
  const params = {
    ...base,
    ...priceParameters(prices),
    citation_from: renamed.map(([id]) => id),
    citation_to: renamed.map(([, normalised]) => normalised),
  }
  const [counters] = parseRows(
    countersRowSchema,
    await run('counters', countersSql(source), params),
    'counters',
  )
  const arrivals = readArrivals(
    experiment,
    request.plannedUnitsPerArm,
    parseRows(
      arrivalRowSchema,
      await run('arrivals', arrivalsSql(source, arrivalsDepth(plan)), params),
      'arrivals',
    ),
  )
  const groups = parseRows(
    groupRowSchema,
    await run('summary', summarySql(source), { ...params, cut_ms: arrivals.moment?.atMs ?? NO_CUT_MS }),
    'summary',
  )
  if (counters === undefined) {
    throw new GateError(
      'BACKEND_RESPONSE_INVALID',
      `ClickHouse at ${endpoint.url} returned no counters row; report this as a bug`,
    )
  }
  return buildSummary({
    experiment,
    counters: counters as CountersRow,
    groups: groups as GroupRow[],
    arrivals,
    prices,
    limits: request.limits,
    citationIdsCut: ids.length > MAX_NORMALISED_IDS,
  })
}

function priceParameters(prices: PriceSheet): Partial<Record<QueryParameter, unknown>> {
  const { models, rules } = prices
  return {
    model_provider: models.map((names) => names.provider ?? ''),
    model_request: models.map((names) => names.request ?? ''),
    model_response: models.map((names) => names.response ?? ''),
    rule_model: rules.map((rule) => rule.model),
    rule_from: rules.map((rule) => rule.fromMicros),
    rule_to: rules.map((rule) => rule.toMicros),
    rule_input_above: rules.map((rule) => rule.inputAbove),
    rule_input: rules.map((rule) => rule.inputPerMTok),
    rule_cache_read: rules.map((rule) => rule.cacheReadPerMTok),
    rule_cache_write: rules.map((rule) => rule.cacheWritePerMTok),
    rule_output: rules.map((rule) => rule.outputPerMTok),
    rule_reasoning: rules.map((rule) => rule.reasoningPerMTok),
    rule_request: rules.map((rule) => rule.requestUsd),
  }
}

/** Checks the table and, for the default schema, every column the gate reads, naming what is missing. */
async function checkColumns(
  run: (what: string, sql: string, params: Readonly<Record<string, unknown>>) => Promise<unknown[]>,
  endpoint: ClickHouseEndpoint,
): Promise<void> {
  const rows = (await run('table check', `DESCRIBE TABLE ${endpoint.qualifiedTable}`, {})) as {
    name?: unknown
  }[]
  const columns = new Set(rows.map((row) => String(row.name)))
  const missing = endpoint.mapping.requiredColumns.filter((column) => !columns.has(column))
  if (missing.length === 0) return
  const what = `ClickHouse table ${endpoint.database}.${endpoint.table} has no column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`
  throw new GateError(
    'SOURCE_INVALID',
    endpoint.mappingFile === undefined
      ? `${what}; the gate reads the Collector clickhouseexporter's otel_traces schema (Timestamp, TraceId, SpanId, SpanName, Duration, StatusCode, ServiceName, SpanAttributes, Events.Name, Events.Attributes); ` +
          'point table= at that table, or map your schema with columns=FILE (docs/clickhouse.md)'
      : `${what}, which the column mapping ${endpoint.mappingFile} reads (its requiredColumns); ` +
          'point table= at the table that mapping is for, or fix the mapping (docs/clickhouse.md)',
  )
}

/** Runs one read-only query, retrying network failures with backoff, and returns its rows. */
async function queryRows(input: {
  readonly client: ClickHouseClient
  readonly endpoint: ClickHouseEndpoint
  readonly what: string
  readonly sql: string
  readonly params: Readonly<Record<string, unknown>>
  readonly options: ResolvedSourceOptions
  readonly signal: AbortSignal | undefined
}): Promise<unknown[]> {
  const { options, signal } = input
  const retries = options.retries ?? 3
  for (let attempt = 0; ; attempt += 1) {
    signal?.throwIfAborted()
    try {
      const result = await input.client.query({
        query: input.sql,
        query_params: input.params,
        format: 'JSONEachRow',
        ...(signal === undefined ? {} : { abort_signal: signal }),
      })
      return await result.json()
    } catch (err) {
      if (signal?.aborted === true) throw signal.reason
      if (!(isRetryable(err) && attempt < retries))
        throw describeClickHouseError(err, input.endpoint, input.what)
      const delayMs = (options.retryBaseMs ?? 200) * 2 ** attempt
      await sleep(delayMs, signal)
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => {
      clearTimeout(timer)
      reject(signal.reason)
    })
  })
}
