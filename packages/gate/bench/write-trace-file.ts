import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { encodeOtlpJsonLine } from '../src/analysis/otlp-json-lines.ts'
import type { SyntheticTraceOptions } from '../src/analysis/synthetic-profiles.fixture.ts'
import type { SpanRecord } from '../src/types.ts'
import { sessionsUpTo } from './bench-sessions.ts'

/** What `writeTraceFile` wrote. */
export interface WrittenTraceFile {
  readonly path: string
  readonly spans: number
  readonly llmSpans: number
  readonly sessions: number
  readonly bytes: number
}

/**
 * Writes synthetic sessions as an OTLP/JSON-lines file, `spansPerLine` spans per line (one export batch
 * per line, as the BatchSpanProcessor and our file exporter write them), until `llmSpans` LLM spans.
 *
 * @param path - The file to write.
 * @param options - Generator options (`sessions` is the most generated; the LLM span count stops it first).
 * @param target - LLM spans to reach, spans per line, and a rewrite of each span before it is written.
 * @returns What was written.
 */
export async function writeTraceFile(
  path: string,
  options: SyntheticTraceOptions,
  target: {
    readonly llmSpans: number
    readonly spansPerLine: number
    readonly rewrite?: (span: SpanRecord) => SpanRecord
  },
): Promise<WrittenTraceFile> {
  const out = createWriteStream(path)
  let line: SpanRecord[] = []
  let spans = 0
  let llmSpans = 0
  let sessions = 0
  let bytes = 0
  const flush = async (): Promise<void> => {
    const text = `${encodeOtlpJsonLine(line)}\n`
    bytes += Buffer.byteLength(text)
    line = []
    if (!out.write(text)) await once(out, 'drain')
  }
  for (const session of sessionsUpTo(options, target.llmSpans)) {
    sessions += 1
    for (const span of session) {
      line.push(target.rewrite === undefined ? span : target.rewrite(span))
      spans += 1
      if (span.name.startsWith('chat ')) llmSpans += 1
      if (line.length >= target.spansPerLine) await flush()
    }
  }
  if (line.length > 0) await flush()
  out.end()
  await once(out, 'finish')
  return { path, spans, llmSpans, sessions, bytes }
}
