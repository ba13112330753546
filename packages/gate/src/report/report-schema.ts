import { GUARDRAIL_METRIC_NAMES } from '@llm-canary/core'
import { z } from 'zod'

/**
 * A runtime check of the JSON report (`schemaVersion: 3`, docs/report-schema.md) for tools that read it
 * back (dashboards, scripts that archive every look) and for the tests that hold the renderer to the
 * documentation. Readers also accept a `schemaVersion: 2` report, read as version 3 (`readVersion2`).
 * The schema is zod's; every leaf words its own issue as `expected …, got …` so `validateReportJson`
 * can list problems a person can act on.
 */

/** The version `renderJson` writes. */
const SCHEMA_VERSION = 3

/** The versions a reader accepts; an older one is read as `SCHEMA_VERSION` (`readVersion2`). */
const READABLE_VERSIONS = [2, SCHEMA_VERSION] as const

/** Options of `validateReportJson`. */
export interface ValidateReportOptions {
  /**
   * Report fields the schema does not know. Off by default: within a schema version fields are only
   * ever added, so readers should accept unknown ones; the tests turn it on to catch undocumented output.
   */
  readonly strict?: boolean
}

/** How a value is shown after `got` in an issue. */
function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  return typeof value === 'object' ? 'an object' : String(value)
}

/**
 * Schema parameters that word an issue as `expected <expected>, got <value>`. A missing field (input
 * `undefined`) is left to the parse-level `missingField`.
 */
function expecting(expected: string) {
  return {
    error: (issue: z.core.$ZodRawIssue) =>
      issue.input === undefined ? undefined : `expected ${expected}, got ${describe(issue.input)}`,
  }
}

/** Check parameters worded like the schema's; `abort` skips the value's later checks, so one issue each. */
function checking(expected: string) {
  return { ...expecting(expected), abort: true }
}

/**
 * The parse-level error map, for what no schema worded itself: a required field that is absent (JSON has
 * no `undefined`, so an issue about `undefined` is one about a missing field, whatever its code).
 */
const missingField: z.core.$ZodErrorMap = (issue) =>
  issue.input === undefined ? 'required field is missing' : undefined

const string = z.string(expecting('a string'))

const isoTime = z
  .string(expecting('an ISO 8601 time'))
  .refine((text) => !Number.isNaN(Date.parse(text)), checking('an ISO 8601 time'))

interface NumberOptions {
  readonly min?: number
  readonly max?: number
  readonly integer?: boolean
}

/** A finite number (zod's `z.number()` rejects NaN and ±Infinity) within the options' bounds. */
function boundedNumber(options: NumberOptions, orNull: boolean): z.ZodNumber {
  const { min, max, integer = false } = options
  const expected = [
    integer ? 'an integer' : 'a number',
    min === undefined ? '' : ` ≥ ${min}`,
    max === undefined ? '' : ` ≤ ${max}`,
    orNull ? ' or null' : '',
  ].join('')
  let schema = z.number(expecting(expected))
  // Any integer, as JSON writes it; zod's `.int()` would also cap it at Number.MAX_SAFE_INTEGER.
  if (integer) schema = schema.refine(Number.isInteger, checking(expected))
  if (min !== undefined) schema = schema.min(min, checking(expected))
  if (max !== undefined) schema = schema.max(max, checking(expected))
  return schema
}

function number(options: NumberOptions = {}): z.ZodNumber {
  return boundedNumber(options, false)
}

/** A number or `null`, JSON's stand-in for a value that is not finite (docs/report-schema.md, Conventions). */
function nullableNumber(options: NumberOptions = {}): z.ZodNullable<z.ZodNumber> {
  return boundedNumber(options, true).nullable()
}

function oneOf<const T extends readonly z.core.util.Literal[]>(...values: T): z.ZodLiteral<T[number]> {
  return z.literal(values, expecting(`one of ${values.join(' | ')}`))
}

function array<T extends z.core.SomeType>(item: T): z.ZodArray<T> {
  return z.array(item, expecting('an array'))
}

/** An object keyed by arm name. */
function record<T extends z.core.SomeType>(item: T): z.ZodRecord<z.ZodString, T> {
  return z.record(z.string(), item, expecting('an object'))
}

const count = number({ min: 0, integer: true })
const share = number({ min: 0, max: 1 })
const nonNegative = number({ min: 0 })
const percent = number({ min: 0, max: 100 })
const metric = oneOf(...GUARDRAIL_METRIC_NAMES)

/** `z.looseObject` or `z.strictObject`: the only difference between the reader's and the tests' schema. */
type ObjectFactory<Config extends z.core.$ZodObjectConfig> = <Shape extends z.core.$ZodLooseShape>(
  shape: Shape,
  params: z.core.$ZodObjectParams,
) => z.ZodObject<z.core.util.Writeable<Shape>, Config>

/** The whole report, field by field as docs/report-schema.md lists it, with objects from `factory`. */
function buildReportSchema<Config extends z.core.$ZodObjectConfig>(factory: ObjectFactory<Config>) {
  const object = <Shape extends z.core.$ZodLooseShape>(shape: Shape) => factory(shape, expecting('an object'))

  const quantiles = object({ p50: nonNegative, p95: nonNegative, p99: nonNegative })

  const figures = {
    units: count,
    runs: count,
    calls: count,
    errorRate: share.optional(),
    runFailureRate: share.optional(),
    costPerCallUsd: nonNegative.optional(),
    costPerRunUsd: nonNegative.optional(),
    callsWithUnknownCost: count,
    latencyMs: quantiles.optional(),
    ttftMs: quantiles.optional(),
    accuracy: share.optional(),
    judgeScore: number({ min: 1, max: 5 }).optional(),
    citationStability: share.optional(),
    citationPairs: count.optional(),
  }

  const tolerance = object({
    kind: oneOf('relative', 'absolute', 'threshold'),
    value: number(),
    unit: oneOf('pp', 'ms', 'usd', 'points').optional(),
    text: string,
  })

  const guardrail = object({
    metric,
    arm: string,
    bound: oneOf('max_increase', 'max_decrease', 'min', 'max'),
    tolerance,
    limit: number(),
    estimate: nullableNumber().optional(),
    interval: object({ lower: nullableNumber(), upper: nullableNumber() }).optional(),
    pValue: share.optional(),
    adjustedPValue: share.optional(),
    pValueVsControl: share.optional(),
    adjustedPValueVsControl: share.optional(),
    method: oneOf(
      'group-sequential',
      'group-sequential-quantile',
      'normal-mixture',
      'quantile-beta-binomial',
      'fixed-horizon-z',
    ).optional(),
    informationFraction: nonNegative.optional(),
    units: object({ control: count, candidate: count }),
    status: oneOf('pass', 'fail', 'suspected_regression', 'inconclusive', 'no_data'),
    reason: oneOf(
      'beyond_tolerance',
      'worse_and_estimate_beyond',
      'suspected_regression',
      'within_tolerance',
      'undecided',
      'waiting_for_planned_size',
      'past_horizon',
      'relative_change_undefined',
      'tail_not_reached',
      'no_observations',
      'too_few_units',
      'no_calls',
      'no_values',
      'shadow_without_pairs',
    ),
    unitsNeeded: record(count).optional(),
    note: string.optional(),
  })

  const verdict = object({
    status: oneOf('pass', 'fail', 'inconclusive', 'review'),
    cause: oneOf(
      'guardrail_failed',
      'all_within_tolerance',
      'no_guardrails',
      'sample_ratio_mismatch',
      'suspected_regression',
      'horizon_reached',
      'values_set_aside',
      'undecided',
      'nothing_to_gate',
    ),
    reasons: array(string),
    guardrails: array(guardrail),
    srm: object({
      pValue: share,
      statistic: nonNegative,
      observed: record(count),
      expected: record(nonNegative),
    }),
    samplesNeeded: object({
      perArm: record(count),
      eta: nullableNumber({ min: 0 }).optional(),
    }).optional(),
    alpha: object({ familyWise: share, perInterval: share }),
    plan: object({ unitsPerArm: nonNegative, source: oneOf('input', 'max_units_per_arm', 'default') }),
  })

  return object({
    schemaVersion: oneOf(SCHEMA_VERSION),
    generatedAt: isoTime,
    experiment: object({
      id: string,
      unit: string,
      arms: array(object({ name: string, model: string, weight: percent })),
    }),
    source: string,
    window: object({ since: isoTime, until: isoTime, observedDays: nonNegative }),
    verdict,
    arms: array(
      object({
        arm: string,
        model: string,
        weight: percent,
        source: oneOf('traffic', 'shadow'),
        ...figures,
      }),
    ),
    agents: array(object({ arm: string, agent: string, servedModel: string.optional(), ...figures })),
    history: array(
      object({
        at: isoTime,
        units: count,
        metric,
        arm: string,
        estimate: nullableNumber().optional(),
        lower: nullableNumber().optional(),
        upper: nullableNumber().optional(),
        limit: number(),
      }),
    ),
    extraction: object({
      spansRead: count,
      spansSkipped: count,
      spansIgnored: count,
      llmSpans: count,
      units: count,
      implausibleValues: count.optional(),
      warnings: array(string),
    }),
  })
}

/** Whether a value is a JSON object (not null, not an array). */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** One `arms[]` / `agents[]` entry or the `extraction` of version 2, with `sessions` read as `units`. */
function renameSessions(figures: unknown): unknown {
  if (!isObject(figures) || !('sessions' in figures) || 'units' in figures) return figures
  const { sessions, ...rest } = figures
  return { ...rest, units: sessions }
}

/** One `verdict.guardrails[]` entry of version 2, with the reason `too_few_sessions` read as `too_few_units`. */
function renameReason(guardrail: unknown): unknown {
  if (!isObject(guardrail) || guardrail.reason !== 'too_few_sessions') return guardrail
  return { ...guardrail, reason: 'too_few_units' }
}

/**
 * A document as version 3 reads it. A `schemaVersion: 2` one has the same meaning under other words
 * (docs/report-schema.md, "Changes from schemaVersion 2"): `sessions` becomes `units` in `arms[]`,
 * `agents[]` and `extraction`, the reason `too_few_sessions` becomes `too_few_units`, and a pass that
 * version 2 sent to review because values were set aside (status `review` with a pass's cause, which only
 * that rule gave) gets its version 3 cause, `values_set_aside`. A version no reader knows is one issue,
 * not a list of every field that differs; anything else (version 3, no version, not an object) is
 * returned as is, for the schema to check.
 */
function readVersion2(value: unknown, context: z.core.$RefinementCtx): unknown {
  if (!isObject(value) || value.schemaVersion === undefined || value.schemaVersion === SCHEMA_VERSION)
    return value
  if (value.schemaVersion !== 2) {
    context.addIssue({
      code: 'custom',
      path: ['schemaVersion'],
      input: value.schemaVersion,
      message: `expected one of ${READABLE_VERSIONS.join(' | ')}, got ${describe(value.schemaVersion)}`,
    })
    return z.NEVER
  }
  const { verdict, arms, agents, extraction } = value
  const withheld =
    isObject(verdict) &&
    verdict.status === 'review' &&
    (verdict.cause === 'all_within_tolerance' || verdict.cause === 'no_guardrails')
  return {
    ...value,
    schemaVersion: SCHEMA_VERSION,
    ...(isObject(verdict)
      ? {
          verdict: {
            ...verdict,
            ...(withheld ? { cause: 'values_set_aside' } : {}),
            ...(Array.isArray(verdict.guardrails)
              ? { guardrails: verdict.guardrails.map(renameReason) }
              : {}),
          },
        }
      : {}),
    ...(Array.isArray(arms) ? { arms: arms.map(renameSessions) } : {}),
    ...(Array.isArray(agents) ? { agents: agents.map(renameSessions) } : {}),
    ...(extraction === undefined ? {} : { extraction: renameSessions(extraction) }),
  }
}

/**
 * The JSON report as a zod schema, for readers: a `schemaVersion: 3` document, or a `schemaVersion: 2`
 * one read as version 3 (its fields renamed first, so its issues name version 3's fields); the output is
 * always version 3. Unknown fields pass, since within a schema version fields are only ever added
 * (docs/report-schema.md, Stability promise). Its issues are worded `expected …, got …` (a missing field
 * keeps zod's wording unless parsed with `validateReportJson`, which also gives every issue as a line
 * with its path).
 *
 * @example
 * const result = reportJsonSchema.safeParse(JSON.parse(text))
 * if (result.success) console.log(result.data.verdict.status, result.data.extraction.units)
 */
export const reportJsonSchema = z.preprocess(readVersion2, buildReportSchema(z.looseObject))

/** `reportJsonSchema` with every object strict: a field the documentation does not list is an issue. */
const strictReportJsonSchema = z.preprocess(readVersion2, buildReportSchema(z.strictObject))

/** The same fields with unknown ones dropped: what `toReportJson` writes is what this schema keeps. */
const projectingReportJsonSchema = buildReportSchema(z.object)

/** The JSON report (`schemaVersion: 3`) as `renderJson` writes it: the type of the schema's documented fields. */
export type ReportJson = z.output<typeof projectingReportJsonSchema>

/**
 * Keeps a report's documented fields, in the documented order, and drops the rest: the projection is the
 * schema, so a field is written exactly when docs/report-schema.md (and this schema) lists it.
 *
 * @param value - The in-memory report with non-finite numbers already written as `null`.
 * @returns The document.
 * @throws Error when the report breaks the schema: a bug in whatever built it, listed issue by issue.
 */
export function projectReportJson(value: unknown): ReportJson {
  const result = projectingReportJsonSchema.safeParse(value, { error: missingField })
  if (result.success) return result.data
  const issues = result.error.issues.flatMap(formatIssue).join('; ')
  throw new Error(
    `the report does not fit schemaVersion ${SCHEMA_VERSION} (a bug in what built it): ${issues}`,
  )
}

/** One issue as `path: message` lines; an unknown-keys issue gives a line per key. */
function formatIssue(issue: z.core.$ZodIssue): string[] {
  const path = issue.path.map(String).join('.')
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map(
      (key) => `${path === '' ? key : `${path}.${key}`}: field is not in schemaVersion ${SCHEMA_VERSION}`,
    )
  }
  return [`${path || '(root)'}: ${issue.message}`]
}

/**
 * Checks a parsed JSON report against schemaVersion 3; a schemaVersion 2 report is checked as version 3
 * reads it (its `sessions` as `units`), so a report archived by an earlier version still validates.
 *
 * @param value - The parsed document (`JSON.parse` of `renderJson`'s output or of a file).
 * @param options - `strict` also reports fields the schema does not list.
 * @returns Every problem as `path: expected ..., got ...` (`verdict.guardrails.0.status: expected one of
 *   pass | fail | inconclusive | no_data, got "ok"`); empty when the report is valid.
 * @example
 * const issues = validateReportJson(JSON.parse(text))
 * if (issues.length > 0) throw new Error(`report.json is not a schemaVersion 3 (or 2) report:\n${issues.join('\n')}`)
 */
export function validateReportJson(value: unknown, options: ValidateReportOptions = {}): string[] {
  const schema = options.strict === true ? strictReportJsonSchema : reportJsonSchema
  const result = schema.safeParse(value, { error: missingField })
  return result.success ? [] : result.error.issues.flatMap(formatIssue)
}
