/**
 * `@llm-canary/gate`: reads llm-canary spans back from trace backends, analyses them and gives the
 * verdict; also the `llm-canary` CLI.
 *
 * @packageDocumentation
 */
export { type AssignmentRow, assignCommand } from './cli/commands/assign.ts'
export { describeExperiment, validateCommand } from './cli/commands/validate.ts'
export type { CliIO } from './cli/io.ts'
export { ExitCode, runCli } from './cli/main.ts'
export { VERSION } from './cli/version.ts'
export { GateError, type GateErrorCode, type LocatedIssue } from './errors.ts'
export {
  type ExperimentFile,
  formatLocatedIssue,
  parseExperimentText,
  readExperimentFile,
  readTextFile,
} from './experiment-file.ts'
export {
  type DecodedDocument,
  decodeTraceDocument,
  type TraceDocumentFormat,
} from './sources/decode-trace-document.ts'
export type { DecodedSpans } from './sources/decoded-spans.ts'
export { HTTP_DEFAULTS } from './sources/http.ts'
export { openTraceSource } from './sources/open-source.ts'
export { SOURCE_DEFAULTS, type TraceSourceOptions } from './sources/source-options.ts'
export type {
  AgentReport,
  AnalysisReport,
  ArmReport,
  Attributes,
  AttributeValue,
  ExtractionStats,
  IntervalHistoryPoint,
  MetricFigures,
  SpanEventRecord,
  SpanQuery,
  SpanRecord,
  SpanStatusCode,
  TraceSource,
} from './types.ts'
