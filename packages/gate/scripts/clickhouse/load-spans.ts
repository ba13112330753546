import { readTraceFile } from '../../src/sources/read-trace-file.ts'
import { SOURCE_DEFAULTS } from '../../src/sources/source-options.ts'
import type { SpanRecord } from '../../src/types.ts'
import type { ChdbEngine } from './chdb-engine.ts'
import { toExporterRow } from './exporter-rows.ts'
import type { ExporterTable } from './exporter-table.ts'
import { exporterTableStatements, insertTarget } from './exporter-table.ts'

/** Lines handed to the engine per insert chunk. */
const CHUNK_BYTES = 4 * 1024 * 1024

/**
 * Creates the exporter's table (if needed) and inserts spans into it, streamed in chunks so memory stays
 * flat whatever their number.
 *
 * @param engine - The engine.
 * @param target - Database, table, distributed or not.
 * @param batches - The spans, in batches.
 * @returns How many spans were inserted.
 */
export async function loadSpans(
  engine: ChdbEngine,
  target: ExporterTable,
  batches: AsyncIterable<readonly SpanRecord[]> | Iterable<readonly SpanRecord[]>,
): Promise<number> {
  for (const statement of exporterTableStatements(target)) await engine.query(statement)
  let spans = 0
  async function* chunks(): AsyncGenerator<string> {
    let chunk = ''
    for await (const batch of batches) {
      for (const span of batch) {
        chunk += `${toExporterRow(span)}\n`
        spans += 1
      }
      if (chunk.length >= CHUNK_BYTES) {
        yield chunk
        chunk = ''
      }
    }
    if (chunk !== '') yield chunk
  }
  await engine.insertJsonLines(insertTarget(target), chunks())
  return spans
}

/**
 * Loads trace files (anything the gate's `file:` source reads: OTLP JSON lines or documents, gzipped or
 * not, Jaeger and Tempo documents) into the exporter's table, every span whatever its experiment.
 *
 * @param engine - The engine.
 * @param target - Database, table, distributed or not.
 * @param paths - The files.
 * @param onWarning - Where skipped lines and spans are reported.
 * @returns How many spans were inserted.
 */
export async function loadTraceFiles(
  engine: ChdbEngine,
  target: ExporterTable,
  paths: readonly string[],
  onWarning: (message: string) => void,
): Promise<number> {
  async function* batches(): AsyncGenerator<readonly SpanRecord[]> {
    for (const path of paths) {
      yield* readTraceFile(path, { onWarning, maxBodyBytes: SOURCE_DEFAULTS.maxBodyBytes * 16 })
    }
  }
  return loadSpans(engine, target, batches())
}
