/**
 * `@llm-canary/core`: the experiment file, arm assignment, pricing, scorers and statistics.
 * Pure functions and types only: no I/O, no LangChain, OpenTelemetry or GitHub.
 *
 * @packageDocumentation
 */

// Arm assignment
export { type AgentModel, modelForAgent } from './assign/agent-scope.ts'
export { type Assigner, assignArm, createAssigner } from './assign/assigner.ts'
export { BUCKET_COUNT, bucketOf } from './assign/bucket.ts'
export {
  CURRENT_HASH_VERSION,
  type HashScheme,
  resolveHashScheme,
  SUPPORTED_HASH_VERSIONS,
} from './assign/hash-versions.ts'
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
// Always-valid inference (confidence sequences)
export {
  type ClassicalShape,
  computeClassicalConstant,
  computeCrossingProbabilities,
  computeSpendingBoundaries,
  type GroupSequentialLook,
  type RecursionOptions,
  type SpendingBoundaryOptions,
} from './group-sequential/boundaries.ts'
export {
  computeMonitoringCriticalValue,
  computeMonitoringInflation,
  computeMonitoringPower,
  computeMonitoringPValue,
} from './group-sequential/monitoring-boundary.ts'
export { computeSpentAlpha, type SpendingFunction } from './group-sequential/spending-function.ts'
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
export * from './semconv.ts'
export { MeanAccumulator, type MeanSummary } from './sequential/mean-accumulator.ts'
export {
  armEstimateFromMean,
  armEstimateFromRatio,
  computeMeanEffectSequence,
  computeMeanSequence,
  type MeanEffectOptions,
  type MeanSequenceOptions,
  type MixtureInterval,
  type PlannedUnits,
} from './sequential/mean-sequence.ts'
export {
  computeNormalMixtureInterval,
  computeOptimalMixingRatio,
  type NormalMixtureOptions,
  tuneMixingVariance,
} from './sequential/normal-mixture.ts'
export {
  computeQuantileEffectSequence,
  type QuantileEffect,
  type QuantileEffectOptions,
} from './sequential/quantile-effect.ts'
export {
  computeQuantileSequence,
  type QuantileInterval,
  type QuantileSequenceOptions,
} from './sequential/quantile-sequence.ts'
export { exactQuantiles, type QuantileSummary } from './sequential/quantile-summary.ts'
export {
  estimateRatio,
  RatioAccumulator,
  type RatioEstimate,
  type RatioSummary,
} from './sequential/ratio-accumulator.ts'
export { createRandom, type SeededRandom } from './sequential/seeded-random.ts'
export type { AlwaysValidInterval, ArmEstimate, EffectScale } from './sequential/sequence-types.ts'
// Statistics
export { daysToReach } from './stats/days-to-reach.ts'
export {
  chiSquareCdf,
  chiSquareQuantile,
  chiSquareSf,
  MAX_NONCENTRALITY,
  noncentralTCdf,
  normalCdf,
  normalQuantile,
  normalSf,
  studentTCdf,
  studentTQuantile,
  studentTSf,
} from './stats/distributions.ts'
export { holmAdjust } from './stats/holm-adjustment.ts'
export { type MannWhitneyUResult, mannWhitneyUTest } from './stats/mann-whitney-u.ts'
export {
  computeCohenH,
  computeMdeForMeans,
  computeMdeForProportions,
  computeSampleSizeForMeans,
  computeSampleSizeForProportions,
  type MdeOptions,
  type MeansMde,
  type MeansMdeOptions,
  type MeansSampleSizeOptions,
  type PlanningOptions,
  type ProportionsMde,
  type ProportionsMdeOptions,
  type ProportionsSampleSizeOptions,
  type SampleSize,
} from './stats/power-analysis.ts'
export { computeNormalPower, computeTTestPower, type PowerOptions } from './stats/power-curves.ts'
export { computeQuantile, computeQuantiles } from './stats/quantile.ts'
export { type SampleRatioMismatchResult, sampleRatioMismatchTest } from './stats/sample-ratio-mismatch.ts'
export {
  type RateCounts,
  type TwoProportionZTestResult,
  twoProportionZTest,
} from './stats/two-proportion-z-test.ts'
export { type WelchTTestResult, welchTTest } from './stats/welch-t-test.ts'
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
