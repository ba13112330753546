import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { GateError } from '../errors.ts'
import type { SpanRecord } from '../types.ts'
import { readBoundedLines } from './bounded-lines.ts'
import { decodeTraceDocument } from './decode-trace-document.ts'
import type { DecodedSpans } from './decoded-spans.ts'
import { formatMegabytes } from './http.ts'
import { unreadable } from './list-trace-files.ts'

/** Options of `readTraceFile`. */
export interface ReadTraceFileOptions {
  /** Receives skipped lines (the first few one by one, then a count) and skipped spans. */
  readonly onWarning: (message: string) => void
  readonly signal?: AbortSignal
  /** Longest line, and largest whole JSON document, in bytes (decompressed). */
  readonly maxBodyBytes: number
}

/** Broken lines reported one by one before only the total is given. */
const LINE_WARNINGS_SHOWN = 10

/**
 * Streams the spans of one trace file, gzip or not (told by its first bytes, whatever its name).
 *
 * The format is sniffed: when the first non-blank line is a complete JSON value (or the name ends in
 * `.jsonl` / `.jsonl.gz`) the file is JSON Lines, one trace document per line, read line by line
 * with bounded memory; a line that is not JSON or not a trace document is skipped with a warning
 * giving its number. Otherwise the file is one JSON document (pretty-printed OTLP, Jaeger
 * `{data}` or `{result}`, Tempo `{batches}`) and is parsed whole. Spans that cannot be decoded
 * are skipped and counted in one warning at the end. A line, or a whole document, longer than
 * `maxBodyBytes` stops the read (`TRACE_LIMIT`), and so does a gzip stream that only a decompression bomb
 * inflates that much (`readBoundedLines`): memory stays bounded whatever the file holds.
 *
 * @param path - the file.
 * @param options - where warnings go, and an abort signal.
 * @returns the spans, one chunk per line (or one for a whole document), unfiltered.
 * @throws GateError `FILE_UNREADABLE` when the file cannot be read or its gzip data is corrupt;
 *   `BACKEND_RESPONSE_INVALID` when the file is neither JSON Lines nor a trace document; `TRACE_LIMIT`
 *   past a limit.
 * @example
 * for await (const spans of readTraceFile('traces.jsonl.gz', { onWarning: console.warn, maxBodyBytes })) use(spans)
 */
export async function* readTraceFile(
  path: string,
  options: ReadTraceFileOptions,
): AsyncGenerator<SpanRecord[]> {
  const { input, compressedBytes } = await openBytes(path)
  const reader = new TraceFileDecoder(path, options.onWarning)
  const forceLines = /\.jsonl(\.gz)?$/i.test(path)
  let mode: 'unknown' | 'lines' | 'document' = 'unknown'
  const documentLines: string[] = []
  let documentChars = 0
  let documentStartLine = 0
  let lineNumber = 0
  const lines = readBoundedLines(input, {
    path,
    maxLineBytes: options.maxBodyBytes,
    ...(compressedBytes === undefined ? {} : { compressedBytes }),
  })
  try {
    for await (const rawLine of lines) {
      options.signal?.throwIfAborted()
      lineNumber++
      const line = lineNumber === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine
      if (mode === 'document') {
        documentChars += line.length + 1
        if (documentChars > options.maxBodyBytes) throw documentTooLarge(path, options.maxBodyBytes)
        documentLines.push(line)
        continue
      }
      if (line.trim() === '') continue
      const parsed = parseJson(line)
      if (mode === 'unknown') {
        mode = parsed.ok || forceLines ? 'lines' : 'document'
        if (mode === 'document') {
          documentStartLine = lineNumber
          documentChars = line.length + 1
          documentLines.push(line)
          continue
        }
      }
      const spans = reader.decodeLine(parsed, lineNumber)
      if (spans.length > 0) yield spans
    }
  } catch (err) {
    if (err instanceof GateError || options.signal?.aborted) throw err
    throw unreadable(path, err)
  } finally {
    input.destroy()
  }
  if (mode === 'document') yield* reader.decodeDocument(documentLines, documentStartLine)
  reader.reportSkips()
}

/** Decodes lines and whole documents of one file, counting what it skips. */
class TraceFileDecoder {
  private skippedLines = 0
  private skippedSpans = 0
  private firstSkipReason: string | undefined

  constructor(
    private readonly path: string,
    private readonly onWarning: (message: string) => void,
  ) {}

  decodeLine(parsed: ParsedJson, lineNumber: number): SpanRecord[] {
    if (!parsed.ok) return this.skipLine(lineNumber, `not JSON (${parsed.error})`)
    const decoded = decodeTraceDocument(parsed.value)
    if (decoded === undefined) {
      return this.skipLine(lineNumber, 'not an OTLP TracesData, Jaeger or Tempo trace document')
    }
    return this.keep(decoded)
  }

  *decodeDocument(lines: readonly string[], startLine: number): Generator<SpanRecord[]> {
    const parsed = parseJson(lines.join('\n'))
    if (parsed.ok) {
      const decoded = decodeTraceDocument(parsed.value)
      if (decoded === undefined) {
        throw new GateError(
          'BACKEND_RESPONSE_INVALID',
          `${this.path} is JSON but not an OTLP TracesData, Jaeger or Tempo trace document ` +
            '(export traces with the OTLP file exporter, or save a Jaeger or Tempo trace response)',
        )
      }
      yield this.keep(decoded)
      return
    }
    // Not one document either: a JSON Lines file whose first line is broken.
    let anyParsed = false
    for (const [index, line] of lines.entries()) {
      if (line.trim() === '') continue
      const lineParsed = parseJson(line)
      anyParsed ||= lineParsed.ok
      const spans = this.decodeLine(lineParsed, startLine + index)
      if (spans.length > 0) yield spans
    }
    if (!anyParsed) {
      throw new GateError(
        'BACKEND_RESPONSE_INVALID',
        `${this.path} is neither a JSON document nor JSON Lines (${parsed.error}); ` +
          'point the source at OTLP JSON files (.jsonl, .json, optionally gzipped)',
      )
    }
  }

  reportSkips(): void {
    if (this.skippedLines > LINE_WARNINGS_SHOWN) {
      this.onWarning(`${this.path}: ${this.skippedLines} lines skipped in all`)
    }
    if (this.skippedSpans > 0) {
      this.onWarning(
        `${this.path}: skipped ${this.skippedSpans} span${this.skippedSpans === 1 ? '' : 's'} ` +
          `that could not be decoded (first: ${this.firstSkipReason})`,
      )
    }
  }

  private keep(decoded: DecodedSpans): SpanRecord[] {
    this.firstSkipReason ??= decoded.skipped[0]
    this.skippedSpans += decoded.skipped.length
    return decoded.spans
  }

  private skipLine(lineNumber: number, reason: string): SpanRecord[] {
    this.skippedLines++
    if (this.skippedLines <= LINE_WARNINGS_SHOWN) {
      this.onWarning(`${this.path}:${lineNumber}: line skipped, ${reason}`)
    }
    return []
  }
}

type ParsedJson =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: string }

function parseJson(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) }
  }
}

function documentTooLarge(path: string, maxBytes: number): GateError {
  return new GateError(
    'TRACE_LIMIT',
    `${path} is one JSON document larger than ${formatMegabytes(maxBytes)} (decompressed), which would be parsed whole; ` +
      'llm-canary stopped reading it (export JSON Lines, one batch per line, as the file exporter does, or raise ' +
      '--max-body-mb or LLM_CANARY_MAX_BODY_MB)',
  )
}

/** The file's bytes, gunzipped when its first bytes say gzip, and the count of compressed bytes read. */
async function openBytes(path: string): Promise<{ input: Readable; compressedBytes?: () => number }> {
  const magic = Buffer.alloc(2)
  try {
    const handle = await open(path, 'r')
    try {
      await handle.read(magic, 0, 2, 0)
    } finally {
      await handle.close()
    }
  } catch (err) {
    throw unreadable(path, err)
  }
  const file = createReadStream(path)
  if (!(magic[0] === 0x1f && magic[1] === 0x8b)) return { input: file }
  return { input: pipeline(file, createGunzip(), () => {}), compressedBytes: () => file.bytesRead }
}
