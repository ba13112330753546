import { appendFile, mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import type { ExportResult } from '@opentelemetry/core'
import { ExportResultCode } from '@opentelemetry/core'
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer'
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base'

/** Where `OtlpJsonLinesFileExporter` writes by default, relative to the working directory. */
export const DEFAULT_TRACES_PATH = '.llm-canary/traces.jsonl'

/** Options of `OtlpJsonLinesFileExporter`. */
export interface OtlpJsonLinesFileExporterOptions {
  /** File to append to; parent directories are created. Default `.llm-canary/traces.jsonl`. */
  readonly path?: string | undefined
}

/**
 * Span exporter writing the OpenTelemetry file-exporter format: one OTLP/JSON `TracesData` object per
 * line (hex trace and span ids, nanosecond times as strings, attributes as `AnyValue`), appended to a
 * file, so `llm-canary` and any OTLP tool can read it back without a backend. Batches are written in
 * the order `export` was called (one write chain), whatever the processor. An I/O or serialisation
 * error is reported as `ExportResultCode.FAILED` with the error; the exporter never throws.
 *
 * @example
 * const provider = new BasicTracerProvider({
 *   spanProcessors: [new BatchSpanProcessor(new OtlpJsonLinesFileExporter())],
 * })
 */
export class OtlpJsonLinesFileExporter implements SpanExporter {
  /** Absolute path of the file written. */
  readonly path: string
  private writes: Promise<void> = Promise.resolve()
  private directoryReady: Promise<void> | undefined
  private shutDown = false

  /**
   * @param options - The file path (default `.llm-canary/traces.jsonl`, resolved against the working directory now).
   */
  constructor(options: OtlpJsonLinesFileExporterOptions = {}) {
    this.path = resolve(options.path ?? DEFAULT_TRACES_PATH)
  }

  /**
   * Appends the spans as one line; reports the outcome once the line is written.
   *
   * @param spans - Finished spans.
   * @param resultCallback - Called once with `SUCCESS`, or `FAILED` and the error.
   */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.shutDown) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('the exporter is shut down') })
      return
    }
    if (spans.length === 0) {
      resultCallback({ code: ExportResultCode.SUCCESS })
      return
    }
    let line: string
    try {
      line = `${new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans))}\n`
    } catch (err) {
      resultCallback({ code: ExportResultCode.FAILED, error: asError(err) })
      return
    }
    this.writes = this.writes.then(async () => {
      try {
        this.directoryReady ??= mkdir(dirname(this.path), { recursive: true }).then(() => undefined)
        await this.directoryReady
        await appendFile(this.path, line, 'utf8')
        resultCallback({ code: ExportResultCode.SUCCESS })
      } catch (err) {
        // A failed mkdir must be retried by the next batch (the directory may appear later).
        this.directoryReady = undefined
        resultCallback({ code: ExportResultCode.FAILED, error: asError(err) })
      }
    })
  }

  /**
   * Waits until every batch handed to `export` so far is written (or failed).
   *
   * @returns A promise that settles when the file is up to date.
   */
  forceFlush(): Promise<void> {
    return this.writes
  }

  /**
   * Flushes, then refuses further batches.
   *
   * @returns A promise that settles when pending writes are done.
   */
  async shutdown(): Promise<void> {
    this.shutDown = true
    await this.writes
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err))
}
