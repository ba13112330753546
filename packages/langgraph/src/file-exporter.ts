/**
 * `@llm-canary/langgraph/file-exporter`: a span exporter that appends OTLP/JSON lines to a file
 * (`.llm-canary/traces.jsonl`, the `llm-canary` CLI's default source), for running without a trace
 * backend. This entry needs `@opentelemetry/sdk-trace-base`, `@opentelemetry/core` and
 * `@opentelemetry/otlp-transformer`.
 *
 * @example
 * import { OtlpJsonLinesFileExporter } from '@llm-canary/langgraph/file-exporter'
 * const processor = new BatchSpanProcessor(new OtlpJsonLinesFileExporter())
 *
 * @packageDocumentation
 */
export {
  DEFAULT_TRACES_PATH,
  OtlpJsonLinesFileExporter,
  type OtlpJsonLinesFileExporterOptions,
} from './export/otlp-json-lines-file-exporter.ts'
