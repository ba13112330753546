import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { GateError } from '../../errors.ts'
import { parseClickHouseEndpoint } from './clickhouse-endpoint.ts'
import { OTEL_TRACES_MAPPING, parseColumnMapping } from './column-mapping.ts'

function refusal(run: () => unknown): GateError {
  try {
    run()
  } catch (err) {
    if (err instanceof GateError) return err
    throw err
  }
  throw new Error('expected a GateError')
}

describe('parseClickHouseEndpoint', () => {
  it('reads user, database from the path and the default table, without credentials in the description', () => {
    const endpoint = parseClickHouseEndpoint('https://reader:p%40ss@ch.example.com:8443/otel')
    expect(endpoint).toMatchObject({
      url: 'https://ch.example.com:8443',
      username: 'reader',
      password: 'p@ss',
      database: 'otel',
      table: 'otel_traces',
      qualifiedTable: '`otel`.`otel_traces`',
      mapping: OTEL_TRACES_MAPPING,
      mappingFile: undefined,
    })
    expect(endpoint.description).toBe('clickhouse:https://ch.example.com:8443/otel?table=otel_traces')
  })

  it('takes the token over the URL password, and db.table over the path', () => {
    const endpoint = parseClickHouseEndpoint('http://reader:old@127.0.0.1:8123/ignored?table=traces.spans', {
      token: 'from-env',
    })
    expect(endpoint).toMatchObject({ password: 'from-env', database: 'traces', table: 'spans' })
  })

  it('defaults to user and database default, and keeps a proxy base path', () => {
    const endpoint = parseClickHouseEndpoint('http://127.0.0.1:8123/proxy/clickhouse/otel?table=otel_traces')
    expect(endpoint).toMatchObject({
      url: 'http://127.0.0.1:8123/proxy/clickhouse',
      username: 'default',
      password: '',
      database: 'otel',
    })
    expect(parseClickHouseEndpoint('http://127.0.0.1:8123').database).toBe('default')
  })

  it('refuses what it cannot use, naming it and masking the password', () => {
    const unknown = refusal(() => parseClickHouseEndpoint('http://u:hunter22@h:8123/otel?tabel=x'))
    expect(unknown.code).toBe('SOURCE_INVALID')
    expect(unknown.message).toContain('tabel=')
    expect(unknown.message).not.toContain('hunter22')
    expect(refusal(() => parseClickHouseEndpoint('ftp://h/otel')).message).toContain('ftp:')
    expect(refusal(() => parseClickHouseEndpoint('http://h:8123/otel?table=a;DROP')).message).toContain(
      'not a plain name',
    )
  })

  it('reads a column mapping file relative to cwd, and names a file it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-canary-ch-mapping-'))
    writeFileSync(join(dir, 'jaeger.yaml'), 'timestamp: start_time\nspanId: id\n')
    const endpoint = parseClickHouseEndpoint('http://h:8123/jaeger?table=spans&columns=jaeger.yaml', {
      cwd: dir,
    })
    expect(endpoint.mapping).toMatchObject({ timestamp: 'start_time', spanId: 'id', traceId: 'TraceId' })
    expect(endpoint.mappingFile).toBe('jaeger.yaml')
    expect(endpoint.mapping.requiredColumns).toEqual([])
    const missing = refusal(() => parseClickHouseEndpoint('http://h:8123/x?columns=nope.yaml', { cwd: dir }))
    expect(missing.message).toMatch(/nope\.yaml cannot be read \(ENOENT\)/)
  })
})

describe('parseColumnMapping', () => {
  it('refuses unknown keys, statements and an attribute expression without {key}, naming each', () => {
    const error = refusal(() =>
      parseColumnMapping('spanid: id\ntimestamp: "ts; DROP TABLE x"\nattribute: attrs[name]\n', 'm.yaml'),
    )
    expect(error.message).toContain('m.yaml')
    expect(error.message).toContain('spanid')
    expect(error.message).toContain('timestamp holds a ";"')
    expect(error.message).toContain('attribute must use {key}')
  })

  it('keeps the otel_traces column check when nothing is mapped', () => {
    expect(parseColumnMapping('', 'empty.yaml').requiredColumns).toEqual(OTEL_TRACES_MAPPING.requiredColumns)
  })
})
