import { z } from 'zod'
import type { GuardrailBound, GuardrailMetric } from '../types.ts'
import { exampleTolerance, GUARDRAIL_METRIC_NAMES, GUARDRAIL_METRICS, listAllowedBounds } from './metrics.ts'
import {
  describeToleranceForms,
  describeTolerancePattern,
  MAX_JUDGE_POINTS,
  parseTolerance,
} from './tolerance.ts'
import type { Problem } from './zod-checks.ts'
import { errorFrom, refineWith } from './zod-checks.ts'

function toleranceSchema(metric: GuardrailMetric, bound: GuardrailBound) {
  const forms = GUARDRAIL_METRICS[metric].bounds[bound] ?? []
  const problem: Problem = (value) => {
    const result = parseTolerance(value, { metric, bound })
    return result.ok ? undefined : result.message
  }
  const text = z.string({ error: errorFrom(problem) }).meta({ pattern: describeTolerancePattern(forms) })
  const threshold = bound === 'min' || bound === 'max'
  const plain = z
    .number({ error: errorFrom(problem) })
    .min(0)
    .max(threshold ? 1 : MAX_JUDGE_POINTS)
  const written = forms.includes('number') ? z.union([text, plain], { error: errorFrom(problem) }) : text
  const example = exampleTolerance(metric, bound)
  return written.superRefine(refineWith(problem)).meta({
    description: `${GUARDRAIL_METRICS[metric].label}: ${describeBound(bound)}. Write ${describeToleranceForms({ metric, bound })}.`,
    examples: [forms[0] === 'number' ? Number(example) : example],
  })
}

function describeBound(bound: GuardrailBound): string {
  switch (bound) {
    case 'max_increase':
      return 'how much higher than control the candidate may be'
    case 'max_decrease':
      return 'how much lower than control the candidate may be'
    case 'min':
      return "a floor on the candidate's own value"
    case 'max':
      return "a ceiling on the candidate's own value"
  }
}

function guardrailSchema(metric: GuardrailMetric) {
  // Typed by string keys: which bounds a metric takes is data (the catalogue), not a type.
  const shape = Object.fromEntries(
    listAllowedBounds(metric).map((bound) => [bound, toleranceSchema(metric, bound).optional()]),
  ) as Record<string, z.ZodOptional<ReturnType<typeof toleranceSchema>>>
  const spec = GUARDRAIL_METRICS[metric]
  return z.strictObject(shape).meta({
    description: `Guardrail on ${spec.label} (worse when it ${spec.worseWhen}s). Exactly one bound.`,
    minProperties: 1,
    maxProperties: 1,
  })
}

/**
 * The `guardrails:` section: one optional guardrail per catalogue metric, each a strict mapping of the
 * bounds that fit the metric to a written tolerance, checked by `parseTolerance`.
 */
export const guardrailsSchema = z
  .strictObject(
    Object.fromEntries(
      GUARDRAIL_METRIC_NAMES.map((metric) => [metric, guardrailSchema(metric).optional()]),
    ) as Record<GuardrailMetric, z.ZodOptional<ReturnType<typeof guardrailSchema>>>,
  )
  .meta({
    description:
      'Tolerated regression of the candidate versus control, per metric. Without guardrails the gate can only check sample sizes and sample-ratio mismatch.',
  })
