import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SpanQuery } from '../types.ts'
import { openTraceSource } from './open-source.ts'
import type { TestSpan } from './read-all.fixture.ts'
import { buildTracesData, collectBatches, hexId } from './read-all.fixture.ts'
import { readFixtureText } from './recorded-responses.fixture.ts'

const T0 = Date.parse('2026-05-01T00:00:00Z')
const ALL_TIME: SpanQuery = {
  experiment: 'exp-1',
  since: new Date(0),
  until: new Date('2100-01-01T00:00:00Z'),
}

let dir: string
let warnings: string[]

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llm-canary-file-source-'))
  warnings = []
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const line = (spans: readonly TestSpan[]): string => JSON.stringify(buildTracesData(spans))
const testSpan = (n: number, fields: Partial<TestSpan> = {}): TestSpan => ({
  traceId: hexId(n, 32),
  spanId: hexId(n, 16),
  startMs: T0 + n,
  experiment: 'exp-1',
  ...fields,
})

async function read(spec: string, query: SpanQuery = ALL_TIME, batchSize?: number) {
  const source = openTraceSource(spec, {
    cwd: dir,
    onWarning: (message) => warnings.push(message),
    ...(batchSize === undefined ? {} : { batchSize }),
  })
  return collectBatches(source, query)
}

async function spanIdsOf(spec: string, query?: SpanQuery): Promise<string[]> {
  return (await read(spec, query)).flat().map((span) => span.spanId)
}

describe('file: source, JSON Lines', () => {
  it('skips a line that does not parse, with its line number, and reads the rest', async () => {
    const text = [
      line([testSpan(1), testSpan(2)]),
      '{"resourceSpans": [',
      '',
      '{"foo": 1}',
      line([testSpan(3)]),
    ]
    await writeFile(join(dir, 'traces.jsonl'), `${text.join('\n')}\n`)
    expect(await spanIdsOf('file:traces.jsonl')).toEqual([hexId(1, 16), hexId(2, 16), hexId(3, 16)])
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toMatch(/traces\.jsonl:2: line skipped, not JSON \(/)
    expect(warnings[1]).toMatch(
      /traces\.jsonl:4: line skipped, not an OTLP TracesData, Jaeger or Tempo trace document/,
    )
  })

  it('reports the first ten broken lines one by one, then the total', async () => {
    const text = [line([testSpan(1)]), ...Array.from({ length: 12 }, () => 'garbage')]
    await writeFile(join(dir, 'traces.jsonl'), text.join('\n'))
    await read('file:traces.jsonl')
    expect(warnings).toHaveLength(11)
    expect(warnings[9]).toMatch(/:11: line skipped/)
    expect(warnings[10]).toMatch(/traces\.jsonl: 12 lines skipped in all$/)
  })

  it('reads CRLF line ends and a byte-order mark', async () => {
    await writeFile(join(dir, 'win.jsonl'), `\uFEFF${line([testSpan(1)])}\r\n${line([testSpan(2)])}\r\n`)
    expect(await spanIdsOf('win.jsonl')).toEqual([hexId(1, 16), hexId(2, 16)])
    expect(warnings).toEqual([])
  })

  it('treats a .jsonl file with a broken first line as JSON Lines', async () => {
    await writeFile(join(dir, 'broken-first.jsonl'), `{oops\n${line([testSpan(1)])}\n`)
    expect(await spanIdsOf('file:broken-first.jsonl')).toEqual([hexId(1, 16)])
    expect(warnings[0]).toMatch(/broken-first\.jsonl:1: line skipped/)
  })

  it('falls back to JSON Lines when a .json file is not one document', async () => {
    await writeFile(join(dir, 'rotated.json'), `\n{oops\n${line([testSpan(1)])}\n`)
    expect(await spanIdsOf('file:rotated.json')).toEqual([hexId(1, 16)])
    expect(warnings).toEqual([expect.stringMatching(/rotated\.json:2: line skipped, not JSON/)])
  })

  it('counts the spans of the spec file-exporter example, whose ids are empty, in one warning', async () => {
    await writeFile(join(dir, 'spec.jsonl'), readFixtureText('otlp/spec-file-exporter-traces.jsonl'))
    expect(await read('file:spec.jsonl')).toEqual([])
    expect(warnings).toEqual([
      expect.stringMatching(
        /spec\.jsonl: skipped 8 spans that could not be decoded \(first: traceId "" is not a valid id\)$/,
      ),
    ])
  })

  it('yields batches of the configured size', async () => {
    const spans = Array.from({ length: 2_500 }, (_, n) => testSpan(n + 1))
    const lines = [spans.slice(0, 700), spans.slice(700, 1_900), spans.slice(1_900)].map(line)
    await writeFile(join(dir, 'big.jsonl'), lines.join('\n'))
    const batches = await read('file:big.jsonl', ALL_TIME, 1_000)
    expect(batches.map((batch) => batch.length)).toEqual([1_000, 1_000, 500])
    expect(batches.flat().map((span) => span.spanId)).toEqual(spans.map((span) => span.spanId))
  })
})

describe('file: source, documents, gzip and folders', () => {
  it('reads pretty-printed api_v3, Jaeger UI and Tempo documents whole', async () => {
    await writeFile(join(dir, 'hotrod.json'), readFixtureText('jaeger/apiv3-GetTrace-hotrod-40-spans.json'))
    await writeFile(join(dir, 'genai.json'), readFixtureText('jaeger/legacy-ui-trace-element-genai.json'))
    await writeFile(join(dir, 'tempo.json'), readFixtureText('tempo/api-traces-v1-response-base64-ids.json'))
    for (const [name, count] of [
      ['hotrod.json', 40],
      ['genai.json', 57],
      ['tempo.json', 8],
    ] as const) {
      expect((await read(`file:${name}`)).flat()).toHaveLength(count)
    }
    expect(warnings).toEqual([])
  })

  it('reads gzip, told by its bytes, of JSON Lines and of a pretty document', async () => {
    const jsonl = `${line([testSpan(1)])}\n${line([testSpan(2)])}\n`
    await writeFile(join(dir, 'traces.jsonl.gz'), gzipSync(jsonl))
    await writeFile(
      join(dir, 'proto.json.gz'),
      gzipSync(readFixtureText('otlp/opentelemetry-proto-examples-trace.json')),
    )
    await writeFile(join(dir, 'no-extension'), gzipSync(jsonl))
    expect(await spanIdsOf('file:traces.jsonl.gz')).toEqual([hexId(1, 16), hexId(2, 16)])
    expect(await spanIdsOf('file:proto.json.gz')).toEqual(['eee19b7ec3c1b174'])
    expect(await spanIdsOf('no-extension')).toEqual([hexId(1, 16), hexId(2, 16)])
  })

  it('reads the trace files of a folder in name order, not subfolders or other files', async () => {
    await writeFile(join(dir, 'b.jsonl'), line([testSpan(2)]))
    await writeFile(join(dir, 'a.json'), JSON.stringify(buildTracesData([testSpan(1)]), null, 2))
    await writeFile(join(dir, 'c.jsonl.gz'), gzipSync(line([testSpan(3)])))
    await writeFile(join(dir, 'd.json.gz'), gzipSync(line([testSpan(4)])))
    await writeFile(join(dir, 'notes.txt'), line([testSpan(5)]))
    await mkdir(join(dir, 'sub.jsonl'))
    await mkdir(join(dir, 'nested'))
    await writeFile(join(dir, 'nested', 'e.jsonl'), line([testSpan(6)]))
    expect(await spanIdsOf('.')).toEqual([1, 2, 3, 4].map((n) => hexId(n, 16)))
  })

  it('warns about a folder without trace files and yields nothing', async () => {
    await mkdir(join(dir, 'empty'))
    expect(await read('file:empty')).toEqual([])
    expect(warnings).toEqual([
      expect.stringMatching(/empty holds no \*\.jsonl, \*\.json, \*\.jsonl\.gz or \*\.json\.gz file/),
    ])
  })
})

describe('file: source, filters', () => {
  it('keeps spans starting in [since, until)', async () => {
    const spans = [-1, 0, 999, 1_000].map((offset, n) => testSpan(n + 1, { startMs: T0 + offset }))
    await writeFile(join(dir, 't.jsonl'), line(spans))
    const query = { experiment: 'exp-1', since: new Date(T0), until: new Date(T0 + 1_000) }
    expect(await spanIdsOf('t.jsonl', query)).toEqual([hexId(2, 16), hexId(3, 16)])
  })

  it("keeps the experiment's spans and spans without feature_flag.key, drops other experiments", async () => {
    const spans = [testSpan(1), testSpan(2, { experiment: 'exp-2' })]
    const { experiment: _, ...withoutKey } = testSpan(3)
    await writeFile(join(dir, 't.jsonl'), line([...spans, withoutKey]))
    expect(await spanIdsOf('t.jsonl')).toEqual([hexId(1, 16), hexId(3, 16)])
  })
})

describe('file: source, errors', () => {
  it('throws FILE_UNREADABLE for a missing path', async () => {
    await expect(read('file:missing.jsonl')).rejects.toMatchObject({
      code: 'FILE_UNREADABLE',
      message: expect.stringMatching(/missing\.jsonl: no such file or folder/),
    })
  })

  it('throws FILE_UNREADABLE for truncated gzip data', async () => {
    const gz = gzipSync(`${line([testSpan(1)])}\n`.repeat(50))
    await writeFile(join(dir, 'cut.jsonl.gz'), gz.subarray(0, gz.length - 20))
    await expect(read('file:cut.jsonl.gz')).rejects.toMatchObject({
      code: 'FILE_UNREADABLE',
      message: expect.stringMatching(/gzip data is corrupt or truncated/),
    })
  })

  it('throws BACKEND_RESPONSE_INVALID for a JSON document that is not traces, or a file that is not JSON', async () => {
    await writeFile(join(dir, 'services.json'), JSON.stringify({ data: ['a', 'b'] }, null, 2))
    await expect(read('file:services.json')).rejects.toMatchObject({
      code: 'BACKEND_RESPONSE_INVALID',
      message: expect.stringMatching(/services\.json is JSON but not an OTLP TracesData/),
    })
    await writeFile(join(dir, 'notes.json'), 'dear diary\nnothing here\n')
    await expect(read('file:notes.json')).rejects.toMatchObject({
      code: 'BACKEND_RESPONSE_INVALID',
      message: expect.stringMatching(/notes\.json is neither a JSON document nor JSON Lines/),
    })
  })
})
