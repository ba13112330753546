import { CoreError } from '../errors.ts'
import type { Arm, Experiment, Guardrail, ModelPrice } from '../types.ts'
import { isGuardrailBound, isGuardrailMetric } from './metrics.ts'
import { toModelRef } from './model-id.ts'
import type { ExperimentFileData } from './schema.ts'
import { parseShadow } from './shadow.ts'
import { parseTolerance } from './tolerance.ts'

type ArmData = ExperimentFileData['arms'][string]
type PriceData = ExperimentFileData['pricing'][string]

/**
 * Builds the normalised `Experiment` from a file that passed the schema and the checks across fields:
 * control first then candidates in declaration order, weights in basis points, shadow as a fraction,
 * tolerances parsed, defaults filled in.
 *
 * @param data - The schema's output for a valid file.
 * @returns The experiment every other module works with.
 * @throws CoreError `CONFIG_INVALID` only if a tolerance the schema accepted fails to parse (a bug).
 */
export function normaliseExperiment(data: ExperimentFileData): Experiment {
  const candidateNames = Object.keys(data.arms).filter((name) => name !== 'control')
  const control = toArm('control', data.arms.control, -1)
  const candidates = candidateNames.map((name, index) => {
    const arm = data.arms[name] as ArmData
    return toArm(name, arm, arm.slot ?? index)
  })
  const pricing = Object.fromEntries(
    Object.entries(data.pricing).map(([model, price]) => [model, toModelPrice(price)]),
  )
  return {
    id: data.experiment,
    salt: data.salt ?? data.experiment,
    unit: data.unit,
    hashVersion: data.hash_version,
    arms: [control, ...candidates],
    control,
    candidates,
    scopeAgents: data.scope?.agents,
    pricing,
    guardrails: toGuardrails(data.guardrails),
    analysis: {
      alpha: data.analysis.alpha,
      power: data.analysis.power,
      method: data.analysis.method,
      failRule: data.analysis.fail_rule,
      minUnitsPerArm: data.analysis.min_units_per_arm,
      horizonDays: data.analysis.horizon_days,
      maxUnitsPerArm: data.analysis.max_units_per_arm,
    },
  }
}

function toArm(name: string, arm: ArmData, slot: number): Arm {
  return {
    name,
    model: toModelRef(arm.model),
    weight: arm.weight,
    weightBasisPoints: Math.round(arm.weight * 100),
    shadow: arm.shadow === undefined ? 0 : parseShadow(arm.shadow),
    isControl: name === 'control',
    slot,
  }
}

function toModelPrice(price: PriceData): ModelPrice {
  return {
    inputPerMTokUsd: price.input,
    outputPerMTokUsd: price.output,
    ...(price.cache_read === undefined ? {} : { cacheReadPerMTokUsd: price.cache_read }),
    ...(price.cache_write === undefined ? {} : { cacheWritePerMTokUsd: price.cache_write }),
    ...(price.reasoning === undefined ? {} : { reasoningPerMTokUsd: price.reasoning }),
  }
}

function toGuardrails(guardrails: ExperimentFileData['guardrails']): Guardrail[] {
  const out: Guardrail[] = []
  for (const [metric, bounds] of Object.entries(guardrails)) {
    if (!isGuardrailMetric(metric) || bounds === undefined) continue
    for (const [bound, written] of Object.entries(bounds)) {
      if (!isGuardrailBound(bound) || written === undefined) continue
      const parsed = parseTolerance(written, { metric, bound })
      if (!parsed.ok)
        throw new CoreError('CONFIG_INVALID', `guardrails.${metric}.${bound}: ${parsed.message}`)
      out.push({ metric, bound, tolerance: parsed.tolerance })
    }
  }
  return out
}
