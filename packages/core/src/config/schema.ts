import { z } from 'zod'
import type { AnalysisSettings } from '../types.ts'
import { describeGiven, describeValue } from './describe-value.ts'
import { guardrailsSchema } from './guardrails-schema.ts'
import { checkModelId, MAX_MODEL_ID_CHARS, MODEL_ID_PATTERN } from './model-id.ts'
import { checkShadow, SHADOW_PATTERN } from './shadow.ts'
import { suggestName } from './suggest-name.ts'
import { errorFrom, refineWith } from './zod-checks.ts'

/** The experiment id: also the default hashing salt and `feature_flag.key` on spans. */
const EXPERIMENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/
/** An arm name, the key under `arms:`. */
export const ARM_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,62}$/

/** The analysis settings an experiment file gets when it leaves them out. */
export const ANALYSIS_DEFAULTS = {
  alpha: 0.05,
  power: 0.8,
  method: 'sequential',
  failRule: 'bound',
  minUnitsPerArm: 100,
  horizonDays: 14,
  maxUnitsPerArm: undefined,
} as const satisfies AnalysisSettings

/** The values of `analysis.fail_rule`. */
const FAIL_RULES = ['estimate', 'bound'] as const satisfies readonly AnalysisSettings['failRule'][]

function checkFailRule(value: unknown): string | undefined {
  if (typeof value === 'string' && (FAIL_RULES as readonly string[]).includes(value)) return undefined
  const guess = typeof value === 'string' ? suggestName(value, FAIL_RULES) : undefined
  const hint = guess === undefined ? '' : ` (did you mean ${guess}?)`
  return `fail_rule is ${describeGiven(value)}; use bound or estimate${hint}. bound (the default) fails only a guardrail significantly worse than its tolerance; estimate also fails one significantly worse than control whose estimate is beyond the tolerance`
}

function checkExperimentId(value: unknown): string | undefined {
  if (typeof value !== 'string' || EXPERIMENT_ID_PATTERN.test(value)) return undefined
  const slug = value
    .trim()
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 128)
  const hint = EXPERIMENT_ID_PATTERN.test(slug) ? `e.g. ${slug}` : 'e.g. support-triage-2026-05'
  return `experiment id ${describeValue(value)} is not allowed; use letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128 characters (${hint})`
}

/** A model id, `provider:model`. */
export const modelIdSchema = z
  .string({ error: errorFrom(checkModelId) })
  .superRefine(refineWith(checkModelId))
  .meta({
    description: 'Model id written provider:model, e.g. openai:gpt-5 or anthropic:claude-4-opus.',
    pattern: MODEL_ID_PATTERN.source,
    maxLength: MAX_MODEL_ID_CHARS,
    examples: ['openai:gpt-5'],
  })

/** An arm's share of units in percent, 0–100 with at most two decimals. */
export const weightSchema = z
  .number()
  .min(0)
  .max(100)
  .superRefine(
    refineWith((value) =>
      typeof value === 'number' && Math.abs(value * 100 - Math.round(value * 100)) > 1e-7
        ? `weight ${value} has more than two decimals; weights are percentages with at most two decimals (e.g. ${Math.round(value * 100) / 100})`
        : undefined,
    ),
  )
  .meta({
    description:
      'Share of units in percent (0–100, at most two decimals). The weights of all arms sum to 100.',
    examples: [20],
  })

/** A candidate's fixed place in the bucket space. */
export const slotSchema = z.int().min(0).meta({
  description:
    "Fixed place of this candidate in the bucket space. Pin a distinct slot on every candidate so that removing one never moves another's units. Defaults to the candidate's position among the candidates.",
})

const shadowSchema = z
  .string({ error: errorFrom(checkShadow) })
  .superRefine(refineWith(checkShadow))
  .meta({
    description:
      'Share of control units also sent to this candidate in the background, unseen by users, e.g. 5% (at most two decimals).',
    pattern: SHADOW_PATTERN.source,
    examples: ['5%'],
  })

const controlArmSchema = z
  .strictObject(
    { model: modelIdSchema, weight: weightSchema },
    {
      error: (issue) =>
        issue.input === undefined
          ? 'arms has no control arm; add control: { model: openai:gpt-4.1, weight: 80 }, the production model candidates are compared with'
          : undefined,
    },
  )
  .meta({
    description: 'The production model that every candidate is compared with.',
    examples: [{ model: 'openai:gpt-4.1', weight: 80 }],
  })

const candidateArmSchema = z
  .strictObject({
    model: modelIdSchema,
    weight: weightSchema,
    shadow: shadowSchema.optional(),
    slot: slotSchema.optional(),
  })
  .meta({
    description: 'A candidate model.',
    examples: [{ model: 'openai:gpt-5', weight: 20, shadow: '5%' }],
  })

const armsSchema = z
  .object({ control: controlArmSchema })
  .catchall(candidateArmSchema)
  .meta({
    description:
      'Model arms keyed by name: control plus one or more candidates. Names are lowercase letters, digits, _ and -, starting with a letter.',
    propertyNames: { pattern: ARM_NAME_PATTERN.source },
    examples: [
      { control: { model: 'openai:gpt-4.1', weight: 80 }, candidate: { model: 'openai:gpt-5', weight: 20 } },
    ],
  })

const scopeSchema = z
  .strictObject({
    agents: z
      .array(z.string().min(1))
      .min(1)
      .meta({ description: 'Graph node names.', examples: [['extractor', 'summarizer']] }),
  })
  .meta({ description: 'Only these graph nodes get the candidate model; every node when absent.' })

function usdPerMTok(description: string) {
  return z
    .number()
    .min(0)
    .meta({ description: `${description}, USD per million tokens.`, examples: [10] })
}

const priceSchema = z
  .strictObject({
    input: usdPerMTok('Input tokens'),
    output: usdPerMTok('Output tokens'),
    cache_read: usdPerMTok('Cached input tokens read (defaults to the input price)').optional(),
    cache_write: usdPerMTok('Input tokens written to the cache (defaults to the input price)').optional(),
    reasoning: usdPerMTok('Reasoning output tokens (defaults to the output price)').optional(),
  })
  .meta({ description: 'Price of one model in USD per million tokens.' })

// Keys are checked with the model-id rules after parsing, so a bad key never hides the problems of its value.
const pricingSchema = z.record(z.string(), priceSchema).meta({
  description: 'Price overrides keyed by model id (provider:model), in USD per million tokens.',
  propertyNames: { pattern: MODEL_ID_PATTERN.source, maxLength: MAX_MODEL_ID_CHARS },
})

const analysisSchema = z
  .strictObject({
    alpha: z
      .number()
      .gt(0)
      .max(0.5)
      .default(ANALYSIS_DEFAULTS.alpha)
      .meta({ description: 'Family-wise error rate across guardrails and candidates, in (0, 0.5].' }),
    power: z
      .number()
      .gt(0)
      .lt(1)
      .default(ANALYSIS_DEFAULTS.power)
      .meta({ description: 'Planned power, in (0, 1).' }),
    method: z.enum(['sequential', 'open_ended', 'fixed']).default(ANALYSIS_DEFAULTS.method).meta({
      description:
        'sequential (default): safe to look at any time; with a horizon (max_units_per_arm, the plan, or horizon_days at the observed traffic) a group-sequential design that spends alpha by the horizon and decides about as fast as a planned test; open_ended: always-valid confidence sequences with no horizon (slower); fixed: one look at the planned sample size.',
    }),
    fail_rule: z
      .enum(FAIL_RULES, { error: errorFrom(checkFailRule) })
      .default(ANALYSIS_DEFAULTS.failRule)
      .meta({
        description:
          'When a guardrail fails. bound (default): significantly worse than the tolerance itself, so a candidate within its tolerances fails with probability at most alpha; one significantly worse than control with its estimate beyond the tolerance, but not yet significantly beyond it, is a suspected regression that asks a person (review). estimate: such a suspected regression fails too (stricter gating, more false fails of candidates inside their tolerances).',
        examples: ['estimate'],
      }),
    min_units_per_arm: z
      .int()
      .min(2)
      .default(ANALYSIS_DEFAULTS.minUnitsPerArm)
      .meta({ description: 'Units each arm needs before a pass is possible.' }),
    max_units_per_arm: z.int().min(1).optional().meta({
      description: 'Planned sample size cap per arm: reaching it undecided sends the change to review.',
    }),
    horizon_days: z
      .number()
      .gt(0)
      .default(ANALYSIS_DEFAULTS.horizonDays)
      .meta({ description: 'Days after which an undecided experiment goes to review.' }),
  })
  .prefault({})
  .meta({ description: 'How the gate analyses the experiment.' })

/**
 * The zod schema of an experiment file as written (snake_case keys, strict: unknown keys are errors).
 * It checks every field on its own; `parseExperiment` adds the checks across fields and normalises.
 *
 * @example
 * experimentFileSchema.safeParse({ experiment: 'x', arms: { control: { model: 'openai:gpt-4.1', weight: 100 } } })
 */
export const experimentFileSchema = z
  .strictObject({
    experiment: z
      .string()
      .superRefine(refineWith(checkExperimentId))
      .meta({
        description: 'Experiment id: the default hashing salt and feature_flag.key on spans.',
        pattern: EXPERIMENT_ID_PATTERN.source,
        examples: ['support-triage-2026-05'],
      }),
    unit: z
      .enum(['session', 'user', 'thread'])
      .default('session')
      .meta({ description: 'Which id is hashed to pick an arm.' }),
    salt: z.string().min(1).optional().meta({
      description: 'Hashing salt; the experiment id when absent. A new salt reshuffles every unit.',
    }),
    hash_version: z
      .literal(1, {
        error: (issue) =>
          `hash_version is ${describeGiven(issue.input)}; this release implements hash version 1 only: write hash_version: 1 or remove the key`,
      })
      .default(1)
      .meta({ description: 'Assignment algorithm version; only 1 exists.' }),
    arms: armsSchema,
    scope: scopeSchema.optional(),
    pricing: pricingSchema.default({}),
    guardrails: guardrailsSchema.default({}),
    analysis: analysisSchema,
  })
  .meta({
    title: 'llm-canary experiment',
    description:
      'One model rollout: the arms, their traffic shares, and the guardrails the gate checks on the pull request that changes them.',
  })

/** An experiment file as written, before defaults (the zod input type). */
export type ExperimentFile = z.input<typeof experimentFileSchema>

/** An experiment file after the schema, with defaults filled in (the zod output type). */
export type ExperimentFileData = z.output<typeof experimentFileSchema>
