import { LOCAL_CLUSTER } from './chdb-engine.ts'

/** Where the spans go: a database, a table, and whether that table is `Distributed` over a local MergeTree. */
export interface ExporterTable {
  readonly database: string
  readonly table: string
  /** Create `table` as `Distributed(llm_canary_local, database, table_local)`, the MergeTree underneath. */
  readonly distributed: boolean
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * Checks that names can be spliced into DDL as they are.
 *
 * @param names - Database and table names.
 * @throws Error when a name is not a plain identifier.
 */
export function assertPlainIdentifiers(...names: readonly string[]): void {
  for (const name of names) {
    if (!IDENTIFIER.test(name))
      throw new Error(`${JSON.stringify(name)} is not a plain ClickHouse identifier`)
  }
}

/**
 * The DDL of the OpenTelemetry Collector `clickhouseexporter`'s trace table, as its default schema
 * (`exporter/clickhouseexporter/example/default_ddl/traces.sql`) writes it: `Timestamp` DateTime64(9),
 * `Duration` in nanoseconds, attributes as `Map(LowCardinality(String), String)` (every value a string),
 * events as a `Nested` of timestamps, names and attribute maps. With `distributed`, the MergeTree is
 * `<table>_local` and `<table>` is a `Distributed` table over the one-shard local cluster.
 *
 * @param target - Database, table, and whether to go through a `Distributed` table.
 * @returns The statements, in order.
 * @throws Error when a name is not a plain identifier.
 */
export function exporterTableStatements(target: ExporterTable): string[] {
  assertPlainIdentifiers(target.database, target.table)
  const local = target.distributed ? `${target.table}_local` : target.table
  const statements = [
    `CREATE DATABASE IF NOT EXISTS ${target.database}`,
    `CREATE TABLE IF NOT EXISTS ${target.database}.${local} (
  Timestamp DateTime64(9) CODEC(Delta, ZSTD(1)),
  TraceId String CODEC(ZSTD(1)),
  SpanId String CODEC(ZSTD(1)),
  ParentSpanId String CODEC(ZSTD(1)),
  TraceState String CODEC(ZSTD(1)),
  SpanName LowCardinality(String) CODEC(ZSTD(1)),
  SpanKind LowCardinality(String) CODEC(ZSTD(1)),
  ServiceName LowCardinality(String) CODEC(ZSTD(1)),
  ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  ScopeName String CODEC(ZSTD(1)),
  ScopeVersion String CODEC(ZSTD(1)),
  SpanAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
  Duration UInt64 CODEC(ZSTD(1)),
  StatusCode LowCardinality(String) CODEC(ZSTD(1)),
  StatusMessage String CODEC(ZSTD(1)),
  Events Nested (
    Timestamp DateTime64(9),
    Name LowCardinality(String),
    Attributes Map(LowCardinality(String), String)
  ) CODEC(ZSTD(1)),
  Links Nested (
    TraceId String,
    SpanId String,
    TraceState String,
    Attributes Map(LowCardinality(String), String)
  ) CODEC(ZSTD(1)),
  INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
  INDEX idx_span_attr_key mapKeys(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_span_attr_value mapValues(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
  INDEX idx_duration Duration TYPE minmax GRANULARITY 1
) ENGINE = MergeTree()
PARTITION BY toDate(Timestamp)
ORDER BY (ServiceName, SpanName, Timestamp)
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1`,
  ]
  if (target.distributed) {
    statements.push(
      `CREATE TABLE IF NOT EXISTS ${target.database}.${target.table} AS ${target.database}.${local} ` +
        `ENGINE = Distributed(${LOCAL_CLUSTER}, ${target.database}, ${local}, cityHash64(TraceId))`,
    )
  }
  return statements
}

/**
 * The table rows are inserted into: the MergeTree itself (inserting through a `Distributed` table would
 * queue the rows for a background send).
 *
 * @param target - The table.
 * @returns `database.table`, or `database.table_local` for a distributed one.
 */
export function insertTarget(target: ExporterTable): string {
  return `${target.database}.${target.distributed ? `${target.table}_local` : target.table}`
}
