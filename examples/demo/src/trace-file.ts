import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { OtlpJsonLinesFileExporter } from '@llm-canary/langgraph/file-exporter'
import type { Tracer } from '@opentelemetry/api'
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base'

/** A tracer writing OTLP JSON lines to a temporary file that becomes the trace file once complete. */
export interface TraceFile {
  readonly tracer: Tracer
  /** Where the spans land once committed. */
  readonly path: string
  /**
   * Flushes every span, shuts the pipeline down and renames the temporary file to `path`, so readers
   * never see a half-written file.
   *
   * @returns A promise that settles when `path` holds every span.
   */
  commit(): Promise<void>
  /**
   * Shuts the pipeline down and deletes the temporary file (after a failed run).
   *
   * @returns A promise that settles when the file is gone.
   */
  discard(): Promise<void>
}

/**
 * Opens the demo's tracing pipeline: a real `BasicTracerProvider` with a `BatchSpanProcessor` into
 * llm-canary's `OtlpJsonLinesFileExporter`, writing `<path>.<pid>.tmp` next to `path`. The batch queue
 * is sized for a burst of thousands of sessions, so no span is dropped.
 *
 * @param path - The trace file to produce (its folder is created).
 * @returns The pipeline.
 * @example
 * const traces = await openTraceFile('/repo/.llm-canary/traces.jsonl')
 * // ... run the graph with new LlmCanaryHandler({ tracer: traces.tracer, ... })
 * await traces.commit()
 */
export async function openTraceFile(path: string): Promise<TraceFile> {
  const temporaryPath = `${path}.${process.pid}.tmp`
  await mkdir(dirname(path), { recursive: true })
  await rm(temporaryPath, { force: true })
  const provider = new BasicTracerProvider({
    spanProcessors: [
      new BatchSpanProcessor(new OtlpJsonLinesFileExporter({ path: temporaryPath }), {
        maxQueueSize: 200_000,
        maxExportBatchSize: 2_048,
        scheduledDelayMillis: 250,
      }),
    ],
  })
  return {
    tracer: provider.getTracer('llm-canary-demo'),
    path,
    async commit() {
      await provider.forceFlush()
      await provider.shutdown()
      // A run without spans still leaves a (empty) trace file, so the analysis says "no data".
      await writeFile(temporaryPath, '', { flag: 'a' })
      await rename(temporaryPath, path)
    },
    async discard() {
      await provider.shutdown()
      await rm(temporaryPath, { force: true })
    },
  }
}
