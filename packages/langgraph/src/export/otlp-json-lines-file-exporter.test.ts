import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import type { ExportResult } from '@opentelemetry/core'
import { ExportResultCode } from '@opentelemetry/core'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_TRACES_PATH, OtlpJsonLinesFileExporter } from './otlp-json-lines-file-exporter.ts'

const SPEC_FIXTURE = '/work/shared/fixtures/otlp/spec-file-exporter-traces.jsonl'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'llm-canary-export-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** Finished spans of a small trace: a parent with attributes of every kind, an event, a child error. */
function makeSpans(count = 2): ReadableSpan[] {
  const memory = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] })
  const tracer = provider.getTracer('@llm-canary/langgraph', '0.1.0')
  const parent = tracer.startSpan('invoke_workflow g', {
    kind: SpanKind.INTERNAL,
    startTime: 1_700_000_000_123,
    attributes: { 'llm_canary.run.calls': 2, 'llm_canary.run.cost_usd': 0.5, 'gen_ai.workflow.name': 'g' },
  })
  for (let n = 1; n < count; n++) {
    const child = tracer.startSpan(
      'chat gpt-5',
      {
        kind: SpanKind.CLIENT,
        startTime: 1_700_000_000_200,
        attributes: { 'llm_canary.citations': ['a', 'b'], 'llm_canary.shadow': true },
      },
      trace.setSpan(ROOT_CONTEXT, parent),
    )
    child.addEvent('gen_ai.evaluation.result', { 'gen_ai.evaluation.score.value': 4 }, 1_700_000_000_300)
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' })
    child.end(1_700_000_000_400)
  }
  parent.end(1_700_000_000_500)
  return memory.getFinishedSpans()
}

function exportSpans(exporter: OtlpJsonLinesFileExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve))
}

type AnyJson = Record<string, unknown>

/** The shape of one line of the OpenTelemetry file-exporter format, checked loosely on our output. */
function spansOfLine(line: string): AnyJson[] {
  const data = JSON.parse(line) as { resourceSpans: { scopeSpans: { scope: AnyJson; spans: AnyJson[] }[] }[] }
  return data.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans))
}

describe('OtlpJsonLinesFileExporter', () => {
  it('writes one OTLP/JSON TracesData per line, in the format of the spec fixture', async () => {
    const path = join(dir, 'nested', 'deeper', 'traces.jsonl')
    const exporter = new OtlpJsonLinesFileExporter({ path })
    const spans = makeSpans()
    expect(await exportSpans(exporter, spans)).toEqual({ code: ExportResultCode.SUCCESS })
    await exporter.forceFlush()

    const lines = readFileSync(path, 'utf8').split('\n')
    expect(lines.at(-1)).toBe('')
    expect(lines).toHaveLength(2)
    const fixtureLine = readFileSync(SPEC_FIXTURE, 'utf8').split('\n')[0]!
    expect(Object.keys(JSON.parse(lines[0]!))).toEqual(Object.keys(JSON.parse(fixtureLine)))

    const parsed = JSON.parse(lines[0]!) as { resourceSpans: { resource: AnyJson; scopeSpans: AnyJson[] }[] }
    expect(Array.isArray(parsed.resourceSpans[0]?.resource.attributes)).toBe(true)
    expect(parsed.resourceSpans[0]?.scopeSpans[0]?.scope).toEqual({
      name: '@llm-canary/langgraph',
      version: '0.1.0',
    })
    const written = spansOfLine(lines[0]!)
    expect(written).toHaveLength(2)
    const chat = written.find((span) => span.name === 'chat gpt-5')!
    const workflow = written.find((span) => span.name === 'invoke_workflow g')!
    expect(chat.traceId).toMatch(/^[0-9a-f]{32}$/)
    expect(chat.spanId).toMatch(/^[0-9a-f]{16}$/)
    expect(chat.parentSpanId).toBe(workflow.spanId)
    expect(chat.startTimeUnixNano).toBe('1700000000200000000')
    expect(chat.endTimeUnixNano).toBe('1700000000400000000')
    expect(chat.kind).toBe(3)
    expect(chat.status).toEqual({ code: 2, message: 'boom' })
    expect(chat.attributes).toEqual([
      {
        key: 'llm_canary.citations',
        value: { arrayValue: { values: [{ stringValue: 'a' }, { stringValue: 'b' }] } },
      },
      { key: 'llm_canary.shadow', value: { boolValue: true } },
    ])
    expect(chat.events).toEqual([
      {
        timeUnixNano: '1700000000300000000',
        name: 'gen_ai.evaluation.result',
        attributes: [{ key: 'gen_ai.evaluation.score.value', value: { intValue: 4 } }],
        droppedAttributesCount: 0,
      },
    ])
    expect(workflow.attributes).toContainEqual({
      key: 'llm_canary.run.cost_usd',
      value: { doubleValue: 0.5 },
    })
  })

  it('appends batches in the order export was called, and keeps existing lines', async () => {
    const path = join(dir, 'traces.jsonl')
    writeFileSync(path, '{"resourceSpans":[]}\n')
    const exporter = new OtlpJsonLinesFileExporter({ path })
    const batches = [makeSpans(1), makeSpans(3), makeSpans(2)]
    const results = await Promise.all(batches.map((batch) => exportSpans(exporter, batch)))
    expect(results.every((result) => result.code === ExportResultCode.SUCCESS)).toBe(true)
    await exporter.shutdown()
    const lines = readFileSync(path, 'utf8').trim().split('\n')
    expect(lines).toHaveLength(4)
    expect(lines.slice(1).map((line) => spansOfLine(line).length)).toEqual([1, 3, 2])
  })

  it('reports an I/O error as FAILED with the error, without throwing', async () => {
    const blocker = join(dir, 'a-file')
    writeFileSync(blocker, 'not a directory')
    const exporter = new OtlpJsonLinesFileExporter({ path: join(blocker, 'traces.jsonl') })
    const result = await exportSpans(exporter, makeSpans())
    expect(result.code).toBe(ExportResultCode.FAILED)
    expect(result.error).toBeInstanceOf(Error)
  })

  it('refuses batches after shutdown and succeeds on an empty batch without writing', async () => {
    const path = join(dir, 'traces.jsonl')
    const exporter = new OtlpJsonLinesFileExporter({ path })
    expect((await exportSpans(exporter, [])).code).toBe(ExportResultCode.SUCCESS)
    await exporter.shutdown()
    expect((await exportSpans(exporter, makeSpans())).code).toBe(ExportResultCode.FAILED)
    expect(() => readFileSync(path)).toThrow()
  })

  it('defaults to .llm-canary/traces.jsonl under the working directory', () => {
    expect(new OtlpJsonLinesFileExporter().path).toBe(join(process.cwd(), DEFAULT_TRACES_PATH))
  })
})
