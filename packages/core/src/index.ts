/**
 * `@llm-canary/core`: the experiment file, arm assignment, pricing, scorers and the verdict.
 * Pure functions and types only: no I/O, no LangChain, OpenTelemetry or GitHub. This list is the public
 * surface: what users and the other packages need. The statistical building blocks behind the verdict
 * (distributions, confidence sequences, group-sequential boundaries, power analysis) are internal; their
 * files document them, docs/statistics.md explains them.
 *
 * @packageDocumentation
 */

// Arm assignment
export { type AgentModel, modelForAgent } from './assign/agent-scope.ts'
export { type Assigner, assignArm, createAssigner } from './assign/assigner.ts'
export { BUCKET_COUNT, bucketOf } from './assign/bucket.ts'
export { CURRENT_HASH_VERSION, SUPPORTED_HASH_VERSIONS } from './assign/hash-versions.ts'
export { type BucketRange, layoutBuckets } from './assign/layout.ts'
export { murmur3X86_32 } from './assign/murmur3.ts'
export { findArm } from './config/find-arm.ts'
// Experiment file
export {
  EXPERIMENT_SCHEMA_ID,
  experimentJsonSchema,
  renderExperimentJsonSchema,
} from './config/json-schema.ts'
export {
  describeBoundMismatch,
  GUARDRAIL_METRIC_NAMES,
  GUARDRAIL_METRICS,
  isGuardrailMetric,
  type MetricSpec,
  type ToleranceForm,
} from './config/metrics.ts'
export { loadExperiment, type ParseExperimentResult, parseExperiment } from './config/parse.ts'
export { ANALYSIS_DEFAULTS, type ExperimentFile, experimentFileSchema } from './config/schema.ts'
export {
  describeToleranceForms,
  type ParseToleranceResult,
  parseTolerance,
  type ToleranceContext,
} from './config/tolerance.ts'
// Errors and shared types
export { type ConfigIssue, CoreError, type CoreErrorCode, formatIssuePath } from './errors.ts'
// Pricing
export type {
  CostBreakdown,
  CostEstimate,
  CostSource,
  EstimateCostOptions,
  Pricer,
  PricerOptions,
  TokenUsage,
  UnknownCostReason,
} from './pricing/cost-types.ts'
export { createPricer } from './pricing/create-pricer.ts'
export { DEFAULT_PRICE_TIME_UNIX_MS, PRICE_TABLE_VERSION } from './pricing/price-table.ts'
export { PRICE_TABLE_PROVIDER_IDS } from './pricing/provider-aliases.ts'
// Scorers
export { citationSimilarity } from './scorers/citation-similarity.ts'
export { exactMatch } from './scorers/exact-match.ts'
export { fuzzyMatch } from './scorers/fuzzy-match.ts'
export { normalizeSourceId } from './scorers/normalize-source-id.ts'
export { parseLikert } from './scorers/parse-likert.ts'
export type {
  CitationSimilarityResult,
  ExactMatchOptions,
  ExactMatchResult,
  FieldMismatchReason,
  FieldResult,
  FuzzyMatchOptions,
  FuzzyMatchResult,
  LikertScore,
  ScoreResult,
} from './scorers/score-types.ts'
export { textSimilarity } from './scorers/text-similarity.ts'
// Span names and attribute keys shared by the LangGraph handler (writes) and the gate (reads)
export {
  ATTR_CITATIONS,
  ATTR_ERROR_TYPE,
  ATTR_FEATURE_FLAG_CONTEXT_ID,
  ATTR_FEATURE_FLAG_KEY,
  ATTR_FEATURE_FLAG_PROVIDER,
  ATTR_FEATURE_FLAG_RESULT_REASON,
  ATTR_FEATURE_FLAG_VARIANT,
  ATTR_FEATURE_FLAG_VARIANT_DEPRECATED,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_EVALUATION_EXPLANATION,
  ATTR_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_EVALUATION_SCORE_LABEL,
  ATTR_GEN_AI_EVALUATION_SCORE_VALUE,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_SYSTEM,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COMPLETION_TOKENS,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_COST_CURRENCY,
  ATTR_GEN_AI_USAGE_COST_SOURCE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_PROMPT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_GEN_AI_WORKFLOW_NAME,
  ATTR_INCOMPLETE,
  ATTR_INPUT_HASH,
  ATTR_INTERRUPTED,
  ATTR_KILL_SWITCH,
  ATTR_PAIR_ID,
  ATTR_RUN_CALLS,
  ATTR_RUN_COST_USD,
  ATTR_SERVED_ARM,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_SHADOW,
  EVENT_FEATURE_FLAG_EVALUATION,
  EVENT_GEN_AI_EVALUATION_RESULT,
  GENAI_SEMCONV_VERSION,
  LLM_OPERATIONS,
  OPERATION_CHAT,
  OPERATION_EVALUATE,
  OPERATION_EXECUTE_TOOL,
  OPERATION_INVOKE_AGENT,
  OPERATION_INVOKE_WORKFLOW,
  OPERATION_RETRIEVAL,
  OPERATION_TEXT_COMPLETION,
} from './semconv.ts'
// Sufficient statistics the gate builds observations from
export { MeanAccumulator, type MeanSummary } from './sequential/mean-accumulator.ts'
export { exactQuantiles, type QuantileSummary } from './sequential/quantile-summary.ts'
export {
  estimateRatio,
  RatioAccumulator,
  type RatioEstimate,
  type RatioSummary,
} from './sequential/ratio-accumulator.ts'
export { createRandom, type SeededRandom } from './sequential/seeded-random.ts'
// Statistics
export { computeQuantile, computeQuantiles } from './stats/quantile.ts'
export type {
  AnalysisSettings,
  Arm,
  ArmAssignment,
  Experiment,
  Guardrail,
  GuardrailBound,
  GuardrailMetric,
  ModelPrice,
  ModelRef,
  Tolerance,
  ToleranceUnit,
  UnitKind,
} from './types.ts'

// Verdict and plan
export { decideVerdict } from './verdict/decide.ts'
export { type ExperimentPlan, type GuardrailPlan, type PlanOptions, planExperiment } from './verdict/plan.ts'
export type { ArmSizes, MetricBaseline } from './verdict/plan-sizes.ts'
export { SRM_P_THRESHOLD } from './verdict/srm-check.ts'
export type {
  ArmObservations,
  GuardrailReason,
  GuardrailResult,
  GuardrailStatus,
  IntervalMethod,
  MetricObservations,
  MetricObservationsByName,
  SamplesNeeded,
  SrmResult,
  Verdict,
  VerdictCause,
  VerdictInput,
  VerdictStatus,
} from './verdict/verdict-types.ts'
