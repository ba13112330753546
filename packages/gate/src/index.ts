/**
 * `@llm-canary/gate`: reads llm-canary spans back from trace backends, analyses them and gives the
 * verdict; also the `llm-canary` CLI (`runCli` runs it in-process; its commands are not exported one by
 * one). This list is the public surface: what users, the GitHub Action and the demo need.
 *
 * @packageDocumentation
 */

export type {
  AgentVerdict,
  AnalysisProgress,
  AnalyzeSpansOptions,
  DetailedAnalysis,
  FeedbackFigure,
} from './analysis/analysis-types.ts'
export { analyzeSpans, analyzeSpansInDetail } from './analysis/analyze.ts'
export type { ExtractionLimits } from './analysis/extraction-types.ts'
export { DEFAULT_SOURCE } from './cli/commands/analyze.ts'
export { parseTimeFlag } from './cli/duration.ts'
export type { CliIO } from './cli/io.ts'
export { ExitCode, runCli } from './cli/main.ts'
export { VERSION } from './cli/version.ts'
export { exitCodeOfError, GateError, type GateErrorCode, type LocatedIssue } from './errors.ts'
export {
  type ExperimentFile,
  formatLocatedIssue,
  parseExperimentText,
  readExperimentFile,
} from './experiment-file.ts'
export { renderJson, toReportJson } from './report/json.ts'
export { type MarkdownOptions, renderMarkdown } from './report/markdown.ts'
export { escapeMarkdown, renderMarkerComment } from './report/markdown-escape.ts'
export {
  type ReportJson,
  reportJsonSchema,
  type ValidateReportOptions,
  validateReportJson,
} from './report/report-schema.ts'
export { renderTerminal, type TerminalOptions } from './report/terminal.ts'
export { findFailingGuardrails, type GuardrailFinding } from './rollout/guardrail-findings.ts'
export {
  type DataWindow,
  type PullRequestCommentInput,
  renderPullRequestComment,
} from './rollout/pull-request-comment.ts'
export {
  type ArmChange,
  type ArmSetting,
  classifyRolloutChange,
  labelRolloutStep,
  type RolloutChange,
  type RolloutGateNeed,
  type RolloutStepKind,
} from './rollout/rollout-change.ts'
export { rolloutConfigurationKey } from './rollout/rollout-configuration.ts'
export {
  type BackendErrorPolicy,
  DEFAULT_OVERRIDE_LABEL,
  decideRolloutGate,
  type OverrideState,
  type RolloutGateDecision,
  type RolloutGateInput,
  type RolloutGateOutcome,
  worstVerdict,
} from './rollout/rollout-decision.ts'
export {
  type DecodedDocument,
  decodeTraceDocument,
  type TraceDocumentFormat,
} from './sources/decode-trace-document.ts'
export type { DecodedSpans } from './sources/decoded-spans.ts'
export { HTTP_DEFAULTS } from './sources/http.ts'
export { openTraceSource } from './sources/open-source.ts'
export { checkHeaderValue, SecretRedactor } from './sources/secret-redactor.ts'
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
