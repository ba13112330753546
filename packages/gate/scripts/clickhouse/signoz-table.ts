import { LOCAL_CLUSTER } from './chdb-engine.ts'
import { assertPlainIdentifiers } from './exporter-table.ts'
import { attributesOfKindSql } from './typed-attributes-sql.ts'

/** Where the SigNoz tables are built from and where they go. */
export interface SignozTarget {
  /** The exporter's table the rows come from, `database.table`. */
  readonly source: string
  /** The database that gets `signoz_index_v3` and `distributed_signoz_index_v3` (SigNoz: `signoz_traces`). */
  readonly database: string
}

/**
 * SigNoz's trace table: `signoz_index_v3` (a MergeTree) with the columns the gate's shipped mapping
 * (`packages/gate/mappings/signoz.yaml`) reads, `distributed_signoz_index_v3` over it as SigNoz creates it
 * (here on the engine's one-shard cluster), and an `INSERT ... SELECT` that fills it from the exporter's
 * `otel_traces` the way SigNoz's exporter stores a span.
 *
 * Taken from SigNoz/signoz-otel-collector at 016e06cbab1d227f6a2ff78b146198b46494146d:
 * - the DDL: `cmd/signozschemamigrator/schema_migrator/traces_migrations.go`, migration 1000 (the column
 *   definitions below are its; the composite, alias and `attribute_string_*` columns and the skipping
 *   indexes the gate does not read are left out);
 * - the writer: `exporter/clickhousetracesexporter/clickhouse_exporter_v3.go` — ints and doubles in
 *   `attributes_number` (Float64), bools in `attributes_bool`, every other value `AsString()` in
 *   `attributes_string` (a slice as JSON text); `has_error` when the status is ERROR, `status_code` the
 *   proto number and `status_code_string` pdata's name; each event a JSON string
 *   `{"name","timeUnixNano","attributeMap"}` with its attributes `AsString()` (its `isError` flag, set on
 *   `exception` events only, is left out); `trace_id` 32 hex digits.
 *
 * @param target - The exporter's table and the database for the SigNoz tables.
 * @returns The statements, in order.
 */
export function signozTableStatements(target: SignozTarget): string[] {
  assertPlainIdentifiers(target.database, ...target.source.split('.'))
  const local = `${target.database}.signoz_index_v3`
  const ddl = `CREATE TABLE IF NOT EXISTS ${local} (
  ts_bucket_start UInt64 CODEC(DoubleDelta, LZ4),
  resource_fingerprint String CODEC(ZSTD(1)),
  timestamp DateTime64(9) CODEC(DoubleDelta, LZ4),
  trace_id FixedString(32) CODEC(ZSTD(1)),
  span_id String CODEC(ZSTD(1)),
  trace_state String CODEC(ZSTD(1)),
  parent_span_id String CODEC(ZSTD(1)),
  flags UInt32 CODEC(T64, ZSTD(1)),
  name LowCardinality(String) CODEC(ZSTD(1)),
  kind Int8 CODEC(T64, ZSTD(1)),
  kind_string String CODEC(ZSTD(1)),
  duration_nano UInt64 CODEC(T64, ZSTD(1)),
  status_code Int16 CODEC(T64, ZSTD(1)),
  status_message String CODEC(ZSTD(1)),
  status_code_string String CODEC(ZSTD(1)),
  attributes_string Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  attributes_number Map(LowCardinality(String), Float64) CODEC(ZSTD(1)),
  attributes_bool Map(LowCardinality(String), Bool) CODEC(ZSTD(1)),
  resources_string Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  events Array(String) CODEC(ZSTD(2)),
  links String CODEC(ZSTD(1)),
  has_error Bool CODEC(T64, ZSTD(1)),
  \`resource_string_service$$name\` LowCardinality(String) DEFAULT resources_string['service.name'] CODEC(ZSTD(1))
) ENGINE = MergeTree
PARTITION BY toDate(timestamp)
ORDER BY (ts_bucket_start, resource_fingerprint, has_error, name, timestamp)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1`
  const distributed =
    `CREATE TABLE IF NOT EXISTS ${target.database}.distributed_signoz_index_v3 AS ${local} ` +
    `ENGINE = Distributed(${LOCAL_CLUSTER}, ${target.database}, signoz_index_v3, cityHash64(trace_id))`
  const statusCode =
    "multiIf(StatusCode IN ('STATUS_CODE_ERROR', 'Error'), 2, StatusCode IN ('STATUS_CODE_OK', 'Ok'), 1, 0)"
  const columns: [string, string][] = [
    // The exporter's 30-minute resource buckets (DISTRIBUTED_TRACES_RESOURCE_V3_SECONDS).
    ['ts_bucket_start', 'intDiv(toUnixTimestamp(Timestamp), 1800) * 1800'],
    ['resource_fingerprint', 'toString(cityHash64(ResourceAttributes))'],
    ['timestamp', 'Timestamp'],
    ['trace_id', 'TraceId'],
    ['span_id', 'SpanId'],
    ['trace_state', 'TraceState'],
    ['parent_span_id', 'ParentSpanId'],
    ['name', 'SpanName'],
    [
      'kind',
      "toInt8(indexOf(['SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'], SpanKind))",
    ],
    ['kind_string', 'SpanKind'],
    ['duration_nano', 'Duration'],
    ['status_code', statusCode],
    ['status_message', 'StatusMessage'],
    ['status_code_string', `['Unset', 'Ok', 'Error'][${statusCode} + 1]`],
    ['attributes_string', attributesOfKindSql('SpanAttributes', ['string', 'stringArray'])],
    [
      'attributes_number',
      `mapApply((k, v) -> (k, toFloat64(v)), ${attributesOfKindSql('SpanAttributes', ['int', 'double'])})`,
    ],
    [
      'attributes_bool',
      `mapApply((k, v) -> (k, v = 'true'), ${attributesOfKindSql('SpanAttributes', ['bool'])})`,
    ],
    ['resources_string', 'ResourceAttributes'],
    [
      'events',
      'arrayMap((n, t, a) -> toJSONString(CAST(tuple(n, toUInt64(toUnixTimestamp64Nano(t)), a) AS ' +
        'Tuple(name String, timeUnixNano UInt64, attributeMap Map(String, String)))), ' +
        '`Events.Name`, `Events.Timestamp`, `Events.Attributes`)',
    ],
    ['links', "'[]'"],
    ['has_error', `${statusCode} = 2`],
  ]
  const insert = `INSERT INTO ${local} (${columns.map(([name]) => name).join(', ')})
SELECT ${columns.map(([, sql]) => sql).join(',\n  ')}
FROM ${target.source}`
  return [`CREATE DATABASE IF NOT EXISTS ${target.database}`, ddl, distributed, insert]
}
