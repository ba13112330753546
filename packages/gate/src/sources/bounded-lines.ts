import { GateError } from '../errors.ts'
import { formatMegabytes } from './http.ts'

/** Decompressed bytes read before the decompression ratio is judged. */
const BOMB_MIN_BYTES = 256 * 1_048_576
/** Decompressed-to-compressed ratio that only a decompression bomb reaches (OTLP JSON gzips about 10–50×). */
const BOMB_RATIO = 200

/** Limits of `readBoundedLines`. */
export interface LineLimits {
  /** The file, for messages. */
  readonly path: string
  /** Longest line, in bytes (`--max-body-mb`). */
  readonly maxLineBytes: number
  /** Compressed bytes read so far, for a gzipped file (the decompression ratio); absent otherwise. */
  readonly compressedBytes?: () => number
}

/**
 * Splits a byte stream into lines (LF or CRLF) without ever holding more than one line: a line longer
 * than `maxLineBytes` stops the read with `TRACE_LIMIT` as soon as it passes the limit (a gzip bomb of one
 * endless line costs at most the limit), and a gzipped file that decompresses more than 200 times its size
 * past 256 MB is refused as a decompression bomb. Lines are decoded as UTF-8 whole, so a character split
 * across chunks stays intact.
 *
 * @param input - The (decompressed) bytes.
 * @param limits - The file, the longest line, and the compressed byte count.
 * @returns The lines, without their line break.
 * @throws GateError `TRACE_LIMIT` when a line or the decompression ratio is past its limit.
 * @example
 * for await (const line of readBoundedLines(stream, { path, maxLineBytes: 32 * 1_048_576 })) use(line)
 */
export async function* readBoundedLines(
  input: AsyncIterable<Buffer>,
  limits: LineLimits,
): AsyncGenerator<string> {
  let parts: Buffer[] = []
  let partBytes = 0
  let total = 0
  let lineNumber = 1
  for await (const chunk of input) {
    total += chunk.length
    checkRatio(total, limits)
    let start = 0
    let end = chunk.indexOf(0x0a, start)
    while (end >= 0) {
      partBytes += end - start
      if (partBytes > limits.maxLineBytes) throw lineTooLong(limits, lineNumber)
      parts.push(chunk.subarray(start, end))
      yield decodeLine(parts, partBytes)
      parts = []
      partBytes = 0
      lineNumber++
      start = end + 1
      end = chunk.indexOf(0x0a, start)
    }
    if (start < chunk.length) {
      partBytes += chunk.length - start
      if (partBytes > limits.maxLineBytes) throw lineTooLong(limits, lineNumber)
      parts.push(chunk.subarray(start))
    }
  }
  if (partBytes > 0) yield decodeLine(parts, partBytes)
}

function decodeLine(parts: readonly Buffer[], bytes: number): string {
  const line = (parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, bytes)).toString('utf8')
  return line.endsWith('\r') ? line.slice(0, -1) : line
}

function checkRatio(decompressed: number, limits: LineLimits): void {
  if (limits.compressedBytes === undefined || decompressed < BOMB_MIN_BYTES) return
  const compressed = Math.max(1, limits.compressedBytes())
  if (decompressed / compressed <= BOMB_RATIO) return
  throw new GateError(
    'TRACE_LIMIT',
    `${limits.path} decompresses to more than ${BOMB_RATIO} times its size (${formatMegabytes(decompressed)} from ` +
      `${formatMegabytes(compressed)} so far): that is a decompression bomb, not an export; llm-canary stopped reading it`,
  )
}

function lineTooLong(limits: LineLimits, lineNumber: number): GateError {
  return new GateError(
    'TRACE_LIMIT',
    `${limits.path}:${lineNumber}: the line is longer than ${formatMegabytes(limits.maxLineBytes)} (decompressed); ` +
      'llm-canary stopped reading it (an exporter writes one batch of spans per line, far below that; ' +
      'raise --max-body-mb or LLM_CANARY_MAX_BODY_MB if the file is right)',
  )
}
