import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { GateError } from '../../errors.ts'
import { sqlString } from './sql-text.ts'

/**
 * How the gate reads spans from a ClickHouse table: a SQL expression for each thing it needs. The
 * default is the OpenTelemetry Collector `clickhouseexporter`'s `otel_traces` schema; another schema
 * (SigNoz, Jaeger v2's ClickHouse storage, your own) is read by giving its expressions in a mapping file
 * (docs/clickhouse.md).
 */
export interface ColumnMapping {
  /** The span's start, a `DateTime64` (nanoseconds or microseconds). */
  readonly timestamp: string
  /** The span's duration in nanoseconds, an integer. */
  readonly durationNanos: string
  readonly traceId: string
  readonly spanId: string
  readonly spanName: string
  /** True when the span's status is ERROR. */
  readonly statusError: string
  /** `service.name`, for `--service`. */
  readonly serviceName: string
  /** A span attribute as text (`''` when absent), with `{key}` standing for the key's string literal. */
  readonly attribute: string
  /** The span's event names, an `Array(String)`. */
  readonly eventNames: string
  /** The span's event attributes, an `Array(Map(String, String))` parallel to `eventNames`. */
  readonly eventAttributes: string
  /** Columns checked before the query, so a missing one is named (the default mapping lists its own). */
  readonly requiredColumns: readonly string[]
}

/** The Collector `clickhouseexporter`'s `otel_traces` schema: the columns the gate reads. */
export const OTEL_TRACES_MAPPING: ColumnMapping = {
  timestamp: 'Timestamp',
  durationNanos: 'Duration',
  traceId: 'TraceId',
  spanId: 'SpanId',
  spanName: 'SpanName',
  // The exporter writes the proto names (traceutil.StatusCodeStr); ClickStack and newer exporters `Error`.
  statusError: "StatusCode IN ('STATUS_CODE_ERROR', 'Error')",
  serviceName: 'ServiceName',
  attribute: 'SpanAttributes[{key}]',
  eventNames: '`Events.Name`',
  eventAttributes: '`Events.Attributes`',
  requiredColumns: [
    'Timestamp',
    'TraceId',
    'SpanId',
    'SpanName',
    'Duration',
    'StatusCode',
    'ServiceName',
    'SpanAttributes',
    'Events.Name',
    'Events.Attributes',
  ],
}

const expression = z
  .string()
  .trim()
  .min(1, 'is empty')
  .refine((text) => !text.includes(';'), 'holds a ";": give one expression, not a statement')

const mappingSchema = z
  .object({
    timestamp: expression,
    durationNanos: expression,
    traceId: expression,
    spanId: expression,
    spanName: expression,
    statusError: expression,
    serviceName: expression,
    attribute: expression.refine((text) => text.includes('{key}'), 'must use {key} where the key goes'),
    eventNames: expression,
    eventAttributes: expression,
    requiredColumns: z.array(z.string().min(1)),
  })
  .partial()
  .strict()

/**
 * Reads a column mapping file (YAML or JSON): any of the `ColumnMapping` expressions; the ones left out
 * keep the `otel_traces` defaults (and the default column check applies only when nothing is mapped).
 *
 * @param text - The file's text.
 * @param where - The file name, for messages.
 * @returns The mapping.
 * @throws GateError `SOURCE_INVALID` naming every problem and the file.
 */
export function parseColumnMapping(text: string, where: string): ColumnMapping {
  let raw: unknown
  try {
    raw = parseYaml(text)
  } catch (err) {
    throw new GateError(
      'SOURCE_INVALID',
      `the ClickHouse column mapping ${where} is not YAML or JSON: ${(err as Error).message}`,
    )
  }
  const parsed = mappingSchema.safeParse(raw ?? {})
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(file)'} ${issue.message}`,
    )
    throw new GateError(
      'SOURCE_INVALID',
      `the ClickHouse column mapping ${where} cannot be used: ${problems.join('; ')} ` +
        '(keys: timestamp, durationNanos, traceId, spanId, spanName, statusError, serviceName, attribute, eventNames, eventAttributes, requiredColumns; docs/clickhouse.md)',
    )
  }
  const { requiredColumns, ...expressions } = parsed.data
  const given = Object.fromEntries(Object.entries(expressions).filter(([, value]) => value !== undefined))
  const mapped = Object.keys(given).length > 0
  return {
    ...OTEL_TRACES_MAPPING,
    ...given,
    requiredColumns: requiredColumns ?? (mapped ? [] : OTEL_TRACES_MAPPING.requiredColumns),
  }
}

/**
 * The SQL of one span attribute under a mapping.
 *
 * @param mapping - The mapping.
 * @param key - The attribute key (a constant of the gate).
 * @returns A String expression, `''` when the span lacks it.
 */
export function attributeSql(mapping: ColumnMapping, key: string): string {
  return mapping.attribute.replaceAll('{key}', () => sqlString(key))
}
