import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeTempoSearch } from './decode-tempo-search.ts'
import { decodeTraceDocument } from './decode-trace-document.ts'
import { readTraceFile } from './read-trace-file.ts'

// Fuzzing the OTLP, Jaeger (api_v3 and UI) and Tempo decoders with documents of their shape and hostile
// leaves: they never throw, every span they keep is well formed, and a file of any bytes gives spans or
// the project's typed error, nothing else.

/** A leaf as a hostile or broken backend could send it. */
const leaf = fc.oneof(
  fc.constantFrom(
    null,
    true,
    '',
    '0',
    '-1',
    'NaN',
    '1e400',
    '9'.repeat(40),
    '__proto__',
    'constructor',
    'AAAAAAAAAAA=',
  ),
  fc.double(),
  fc.integer(),
  fc.bigInt().map(String),
  fc.string(),
  fc.stringMatching(/^[0-9a-fA-F]{1,40}$/),
)

const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, leaf, tie('anyValue'), fc.array(tie('any'), { maxLength: 3 })),
  anyValue: fc.record(
    {
      stringValue: leaf,
      intValue: leaf,
      doubleValue: leaf,
      boolValue: leaf,
      arrayValue: fc.record({ values: fc.array(tie('anyValue'), { maxLength: 3 }) }),
      kvlistValue: fc.record({ values: fc.array(tie('keyValue'), { maxLength: 3 }) }),
      bytesValue: leaf,
    },
    { requiredKeys: [] },
  ),
  keyValue: fc.record({ key: leaf, value: tie('anyValue') }, { requiredKeys: [] }),
})).any

const keyValues = fc.array(fc.record({ key: leaf, value }, { requiredKeys: [] }), { maxLength: 4 })

const otlpSpan = fc.record(
  {
    traceId: leaf,
    spanId: leaf,
    parentSpanId: leaf,
    name: leaf,
    kind: leaf,
    startTimeUnixNano: leaf,
    endTimeUnixNano: leaf,
    attributes: fc.oneof(keyValues, leaf),
    events: fc.array(
      fc.record({ name: leaf, timeUnixNano: leaf, attributes: keyValues }, { requiredKeys: [] }),
      {
        maxLength: 2,
      },
    ),
    status: fc.oneof(leaf, fc.record({ code: leaf, message: leaf }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
)

const resourceSpans = fc.array(
  fc.record(
    {
      resource: fc.record({ attributes: keyValues }, { requiredKeys: [] }),
      scopeSpans: fc.array(fc.record({ spans: fc.oneof(fc.array(otlpSpan, { maxLength: 4 }), leaf) }), {
        maxLength: 2,
      }),
    },
    { requiredKeys: [] },
  ),
  { maxLength: 3 },
)

const jaegerUiSpan = fc.record(
  {
    traceID: leaf,
    spanID: leaf,
    operationName: leaf,
    references: fc.array(fc.record({ refType: leaf, traceID: leaf, spanID: leaf }, { requiredKeys: [] }), {
      maxLength: 2,
    }),
    startTime: leaf,
    duration: leaf,
    tags: fc.array(fc.record({ key: leaf, type: leaf, value }, { requiredKeys: [] }), { maxLength: 4 }),
    logs: fc.array(
      fc.record({ timestamp: leaf, fields: fc.array(fc.record({ key: leaf, value }), { maxLength: 2 }) }),
      {
        maxLength: 2,
      },
    ),
    processID: leaf,
  },
  { requiredKeys: [] },
)

const jaegerUiTrace = fc.record(
  {
    traceID: leaf,
    spans: fc.array(jaegerUiSpan, { maxLength: 4 }),
    processes: fc.dictionary(
      fc.string({ maxLength: 4 }),
      fc.record({ serviceName: leaf, tags: keyValues }, { requiredKeys: [] }),
    ),
  },
  { requiredKeys: [] },
)

/** Every document shape the decoders recognise, filled with hostile values. */
const traceDocument = fc.oneof(
  fc.record({ resourceSpans }),
  fc.record({ result: fc.record({ resourceSpans }) }),
  fc.record({ batches: resourceSpans }),
  fc.record({ trace: fc.record({ resourceSpans }), status: leaf }),
  fc.record({ data: fc.array(jaegerUiTrace, { maxLength: 2 }) }),
  jaegerUiTrace,
  fc.anything(),
)

describe('trace decoders, fuzzed', () => {
  it('never throw, and every span kept has hex ids and finite times', () => {
    fc.assert(
      fc.property(traceDocument, (doc) => {
        const decoded = decodeTraceDocument(doc)
        for (const span of decoded?.spans ?? []) {
          expect(span.traceId).toMatch(/^[0-9a-f]{32}$/)
          expect(span.spanId).toMatch(/^[0-9a-f]{16}$/)
          expect(Number.isFinite(span.startTimeUnixMs)).toBe(true)
          expect(typeof span.durationMs).toBe('number')
          expect([0, 1, 2]).toContain(span.status.code)
        }
        for (const reason of decoded?.skipped ?? []) expect(typeof reason).toBe('string')
      }),
      { numRuns: 400 },
    )
  })

  it('the Tempo search decoder never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({
            traces: fc.array(fc.record({ traceID: leaf, spanSets: value }, { requiredKeys: [] })),
          }),
          fc.anything(),
        ),
        (doc) => {
          const decoded = decodeTempoSearch(doc)
          for (const hit of decoded?.hits ?? []) expect(hit.traceId).toMatch(/^[0-9a-f]{32}$/)
        },
      ),
    )
  })

  it('a trace file of any bytes gives spans or a GateError, nothing else', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llm-canary-fuzz-'))
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.uint8Array({ maxLength: 2_000 }).map((bytes) => Buffer.from(bytes)),
            fc
              .array(
                traceDocument.map((doc) => JSON.stringify(doc) ?? 'null'),
                { maxLength: 3 },
              )
              .map((lines) => Buffer.from(lines.join('\n'))),
            fc.string().map((text) => Buffer.from(`{"resourceSpans": [\n${text}`)),
          ),
          fc.constantFrom('traces.jsonl', 'traces.json'),
          async (bytes, name) => {
            const path = join(dir, name)
            await writeFile(path, bytes)
            try {
              for await (const _spans of readTraceFile(path, {
                onWarning: () => {},
                maxBodyBytes: 1_048_576,
              })) {
                // Reading is the test.
              }
            } catch (err) {
              expect(err).toMatchObject({ name: 'GateError' })
            }
          },
        ),
        { numRuns: 150 },
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
