import { ClickHouseError } from '@clickhouse/client'
import { describe, expect, it } from 'vitest'
import { parseClickHouseEndpoint } from './clickhouse-endpoint.ts'
import { describeClickHouseError } from './clickhouse-errors.ts'

const SCOPE = ` In scope SELECT ${"toString(SpanAttributes['k']) AS a, ".repeat(400)}FROM otel.otel_traces. (UNKNOWN_IDENTIFIER)`

function unknownIdentifier(): ClickHouseError {
  return new ClickHouseError({
    message: `Unknown expression or function identifier \`span_name\`.${SCOPE}`,
    code: '47',
    type: 'UNKNOWN_IDENTIFIER',
  })
}

describe('describeClickHouseError', () => {
  it('quotes ClickHouse without the query scope it appends, and names the default schema', () => {
    const endpoint = parseClickHouseEndpoint('http://127.0.0.1:8123/otel')
    const error = describeClickHouseError(unknownIdentifier(), endpoint, 'summary')
    expect(error.code).toBe('SOURCE_INVALID')
    expect(error.message).toBe(
      'otel.otel_traces lacks a column the gate reads: Unknown expression or function identifier `span_name`. ' +
        "(UNKNOWN_IDENTIFIER, code 47); the gate reads the Collector clickhouseexporter's otel_traces schema, " +
        'map another one with columns=FILE (docs/clickhouse.md)',
    )
  })

  it('names the column mapping file when the table is read through one', () => {
    const endpoint = parseClickHouseEndpoint(
      'http://127.0.0.1:8123/jaeger?table=spans&columns=jaeger-v2.yaml',
      {
        cwd: new URL('../../../mappings/', import.meta.url).pathname.replace(/\/$/, ''),
      },
    )
    const error = describeClickHouseError(unknownIdentifier(), endpoint, 'summary')
    expect(error.message).toMatch(
      /^jaeger\.spans lacks a column the column mapping jaeger-v2\.yaml reads: Unknown expression/,
    )
    expect(error.message).toContain(
      'fix that expression in the mapping, or point table= at the table it is for',
    )
    expect(error.message).not.toContain('In scope')
  })

  it('cuts a long message that has no scope to 400 characters', () => {
    const endpoint = parseClickHouseEndpoint('http://127.0.0.1:8123/otel')
    const long = new ClickHouseError({
      message: `Syntax error: ${'x'.repeat(2000)}`,
      code: '62',
      type: 'SYNTAX_ERROR',
    })
    const error = describeClickHouseError(long, endpoint, 'summary')
    expect(error.code).toBe('BACKEND_REJECTED')
    expect(error.message).toContain(`${'x'.repeat(386)}… (SYNTAX_ERROR, code 62)`)
    expect(error.message.length).toBeLessThan(560)
  })
})
