import { assertPlainIdentifiers } from './exporter-table.ts'
import type { AttributeKind } from './typed-attributes-sql.ts'
import { attributesOfKindSql, otlpStringArraySql } from './typed-attributes-sql.ts'

/** Where the Jaeger v2 table is built from and where it goes. */
export interface JaegerV2Target {
  /** The exporter's table the rows come from, `database.table`. */
  readonly source: string
  /** The database that gets the `spans` table. */
  readonly database: string
}

/**
 * Jaeger's typed attribute columns (`bool_attributes`, ...): the kind each holds, and how its key and value
 * are written from the attribute's key `k` and text `v`. A string array goes to `complex_attributes` under
 * `@slice@<key>`, base64 of its OTLP/JSON.
 */
const TYPED_COLUMNS: readonly (readonly [
  column: string,
  kind: AttributeKind,
  keySql: string,
  valueSql: string,
])[] = [
  ['bool_attributes', 'bool', 'k', "v = 'true'"],
  ['double_attributes', 'double', 'k', 'toFloat64(v)'],
  ['int_attributes', 'int', 'k', 'toInt64(v)'],
  ['str_attributes', 'string', 'k', 'v'],
  ['complex_attributes', 'stringArray', "concat('@slice@', k)", `base64Encode(${otlpStringArraySql('v')})`],
]

/**
 * Jaeger v2's ClickHouse storage: the `spans` table with the columns the gate's shipped mapping
 * (`packages/gate/mappings/jaeger-v2.yaml`) reads, and an `INSERT ... SELECT` that fills it from the
 * exporter's `otel_traces` the way Jaeger's writer stores a span.
 *
 * Taken from jaegertracing/jaeger:
 * - the DDL: `internal/storage/v2/clickhouse/sql/create_spans_table.sql` at
 *   61dadf4642d55369c55957a0c6bcf51012adaefb (the column definitions below are its; the resource, scope
 *   and link columns and the skipping indexes the gate does not read are left out);
 * - the writer: `internal/storage/v2/clickhouse/tracestore/dbmodel/to.go` at
 *   6df138da27f7c9956ae1d27330bfb32aed7bfb09 — `status_code` is pdata's `StatusCode.String()` (`Unset`,
 *   `Ok`, `Error`), `duration` end minus start in nanoseconds, attributes split by value type into the
 *   `bool/double/int/str_attributes` Nested columns, the same split per event in `events.*_attributes`.
 *   At that commit slices and maps were a TODO (dropped); later versions of `to.go` write a slice to
 *   `complex_attributes` under `@slice@<key>` as base64 of its OTLP/JSON (`xpdata.JSONMarshaler`), which
 *   is what this loader does (for span and event attributes).
 *
 * @param target - The exporter's table and the database for `spans`.
 * @returns The statements, in order.
 */
export function jaegerV2TableStatements(target: JaegerV2Target): string[] {
  assertPlainIdentifiers(target.database, ...target.source.split('.'))
  const table = `${target.database}.spans`
  const ddl = `CREATE TABLE IF NOT EXISTS ${table} (
  id String,
  trace_id String,
  trace_state String,
  parent_span_id String,
  name String,
  kind String,
  start_time DateTime64(9),
  status_code String,
  status_message String,
  duration Int64,
  bool_attributes Nested (key String, value Bool),
  double_attributes Nested (key String, value Float64),
  int_attributes Nested (key String, value Int64),
  str_attributes Nested (key String, value String),
  complex_attributes Nested (key String, value String),
  events Nested (
    name String,
    timestamp DateTime64(9),
    bool_attributes Nested (key String, value Bool),
    double_attributes Nested (key String, value Float64),
    int_attributes Nested (key String, value Int64),
    str_attributes Nested (key String, value String),
    complex_attributes Nested (key String, value String)
  ),
  service_name String,
  scope_name String,
  scope_version String
) ENGINE = MergeTree
PARTITION BY toDate(start_time)
ORDER BY (trace_id)`
  const columns: [string, string][] = [
    ['id', 'SpanId'],
    ['trace_id', 'TraceId'],
    ['trace_state', 'TraceState'],
    ['parent_span_id', 'ParentSpanId'],
    ['name', 'SpanName'],
    // jptrace.SpanKindToString: the kind's lower-case name, '' when unspecified (the gate does not read it).
    ['kind', "if(SpanKind = 'SPAN_KIND_UNSPECIFIED', '', lower(replaceOne(SpanKind, 'SPAN_KIND_', '')))"],
    ['start_time', 'Timestamp'],
    [
      'status_code',
      "multiIf(StatusCode IN ('STATUS_CODE_ERROR', 'Error'), 'Error', StatusCode IN ('STATUS_CODE_OK', 'Ok'), 'Ok', 'Unset')",
    ],
    ['status_message', 'StatusMessage'],
    ['duration', 'toInt64(Duration)'],
    ...typedColumns('', 'SpanAttributes', true),
    ['events.name', '`Events.Name`'],
    ['events.timestamp', '`Events.Timestamp`'],
    ...typedColumns('events.', '`Events.Attributes`', false),
    ['service_name', 'ServiceName'],
    ['scope_name', 'ScopeName'],
    ['scope_version', 'ScopeVersion'],
  ]
  const insert = `INSERT INTO ${table} (${columns.map(([name]) => `\`${name}\``).join(', ')})
SELECT ${columns.map(([, sql]) => sql).join(',\n  ')}
FROM ${target.source}`
  return [`CREATE DATABASE IF NOT EXISTS ${target.database}`, ddl, insert]
}

/**
 * The typed attribute columns of a span (`bool_attributes.key`, `.value`, ...) or of its events
 * (`events.bool_attributes`, an array of key/value tuples per event).
 */
function typedColumns(prefix: string, map: string, span: boolean): [string, string][] {
  return TYPED_COLUMNS.flatMap(([column, kind, keySql, valueSql]): [string, string][] => {
    const from = span ? map : 'a'
    const entries = attributesOfKindSql(from, [kind])
    const keys = `arrayMap(k -> ${keySql}, mapKeys(${entries}))`
    const values = `arrayMap(v -> ${valueSql}, mapValues(${entries}))`
    if (!span) return [[`${prefix}${column}`, `arrayMap(a -> arrayZip(${keys}, ${values}), ${map})`]]
    return [
      [`${column}.key`, keys],
      [`${column}.value`, values],
    ]
  })
}
