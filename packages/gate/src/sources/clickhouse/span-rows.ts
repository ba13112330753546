import type { ClickHouseClient } from '@clickhouse/client'
import { ATTR_FEATURE_FLAG_KEY } from '@llm-canary/core'
import { z } from 'zod'
import type { GateError } from '../../errors.ts'
import type { SpanQuery, SpanRecord } from '../../types.ts'
import type { ClickHouseEndpoint } from './clickhouse-endpoint.ts'
import { attributeSql } from './column-mapping.ts'
import { READ_ATTRIBUTE_KEYS } from './span-readings-sql.ts'
import { sqlString } from './sql-text.ts'

const text = z.string()
const integer = z.union([z.number(), z.string().regex(/^-?\d+$/)]).transform(Number)
const rowSchema = z.object({
  start_us: integer,
  duration_ns: integer,
  trace_id: text,
  span_id: text,
  name: text,
  failed: integer,
  service: text,
  attributes: z.record(z.string(), z.string()),
  event_names: z.array(text),
  event_attributes: z.array(z.record(z.string(), z.string())),
})

/** How to stream one query's span rows. */
export interface SpanRowStream {
  readonly endpoint: ClickHouseEndpoint
  readonly query: SpanQuery
  readonly batchSize: number
  readonly open: () => ClickHouseClient
  readonly describeError: (err: unknown) => GateError
  readonly signal?: AbortSignal
}

/**
 * Streams the experiment's spans in the window as stored, in batches: the attributes the gate reads (as
 * text: the exporter stores every value as a string), the events, the times, the status. Memory stays one
 * batch whatever the volume (the rows arrive as a stream).
 *
 * @param input - Endpoint, query, batch size, client factory and error mapping.
 * @returns The spans, batch by batch.
 * @throws GateError as `describeError` maps the client's failures.
 */
export async function* streamSpanRows(input: SpanRowStream): AsyncGenerator<SpanRecord[]> {
  const { endpoint, query } = input
  const { mapping } = endpoint
  const until = query.until ?? new Date()
  const attributes = [ATTR_FEATURE_FLAG_KEY, ...READ_ATTRIBUTE_KEYS]
    .map((key) => `${sqlString(key)}, toString(${attributeSql(mapping, key)})`)
    .join(', ')
  const sql = `SELECT toUnixTimestamp64Micro(${mapping.timestamp}) AS start_us, toInt64(${mapping.durationNanos}) AS duration_ns,
  toString(${mapping.traceId}) AS trace_id, toString(${mapping.spanId}) AS span_id, toString(${mapping.spanName}) AS name,
  toUInt8(${mapping.statusError}) AS failed, toString(${mapping.serviceName}) AS service,
  mapFilter((k, v) -> v != '', map(${attributes})) AS attributes,
  CAST(${mapping.eventNames} AS Array(String)) AS event_names,
  CAST(${mapping.eventAttributes} AS Array(Map(String, String))) AS event_attributes
FROM ${endpoint.qualifiedTable}
WHERE ${attributeSql(mapping, ATTR_FEATURE_FLAG_KEY)} = {experiment:String}
  AND ${mapping.timestamp} >= fromUnixTimestamp64Nano({since_ns:Int64})
  AND ${mapping.timestamp} < fromUnixTimestamp64Nano({until_ns:Int64})
  AND ({service:String} = '' OR ${mapping.serviceName} = {service:String})`
  const client = input.open()
  try {
    let result: Awaited<ReturnType<ClickHouseClient['query']>>
    try {
      result = await client.query({
        query: sql,
        query_params: {
          experiment: query.experiment,
          since_ns: String(BigInt(query.since.getTime()) * 1_000_000n),
          until_ns: String(BigInt(until.getTime()) * 1_000_000n),
          service: query.serviceName ?? '',
        },
        format: 'JSONEachRow',
        ...(input.signal === undefined ? {} : { abort_signal: input.signal }),
      })
    } catch (err) {
      throw input.describeError(err)
    }
    let batch: SpanRecord[] = []
    try {
      for await (const rows of result.stream()) {
        for (const row of rows) {
          batch.push(toSpanRecord(rowSchema.parse(row.json())))
          if (batch.length >= input.batchSize) {
            yield batch
            batch = []
          }
        }
      }
    } catch (err) {
      if (input.signal?.aborted === true) throw input.signal.reason
      throw input.describeError(err)
    }
    if (batch.length > 0) yield batch
  } finally {
    await client.close()
  }
}

function toSpanRecord(row: z.infer<typeof rowSchema>): SpanRecord {
  return {
    traceId: row.trace_id,
    spanId: row.span_id,
    parentSpanId: undefined,
    name: row.name,
    kind: 0,
    startTimeUnixMs: row.start_us / 1000,
    durationMs: row.duration_ns / 1e6,
    attributes: row.attributes,
    events: row.event_names.map((name, index) => ({
      name,
      timeUnixMs: row.start_us / 1000,
      attributes: row.event_attributes[index] ?? {},
    })),
    status: { code: row.failed === 1 ? 2 : 0 },
    resource: row.service === '' ? {} : { 'service.name': row.service },
  }
}
