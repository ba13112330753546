import type { Experiment, Pricer, TokenUsage } from '@llm-canary/core'
import { createPricer } from '@llm-canary/core'
import { diag } from '@opentelemetry/api'

/** Which model an LLM call used, as far as LangChain told the handler. */
interface PricedModel {
  /** OpenTelemetry provider name (`openai`, `gcp.gemini`). */
  readonly providerName: string | undefined
  /** Provider as LangChain wrote it (`google_genai`). */
  readonly rawProvider: string | undefined
  readonly requestModel: string | undefined
  readonly responseModel: string | undefined
}

/** Prices one finished LLM call: USD, or undefined when the model or its usage is unknown. */
export type CallCoster = (model: PricedModel, usage: TokenUsage, atUnixMs: number) => number | undefined

/**
 * Builds the handler's call pricer: the experiment's `pricing:` overrides (exact `provider:model` ids),
 * then core's bundled price table. An override is found under the provider as LangChain or OpenTelemetry
 * names it and the requested model (what the experiment file names); the table gets the response model
 * when the provider reported one (dated versions price exactly).
 *
 * @param experiment - The validated experiment (its `pricing` overrides).
 * @returns The coster; its model-id resolution is memoised per (provider, model) pair.
 * @throws {CoreError} `PRICING_INVALID` when an override price is invalid (already rejected by the schema).
 */
export function createCallCoster(experiment: Experiment): CallCoster {
  const pricer: Pricer = createPricer({ overrides: experiment.pricing })
  const modelIds = new Map<string, string | undefined>()
  const warned = new Set<string>()

  // The last model priced: most calls of a process use the same one, and comparing four strings is
  // cheaper than building the map key.
  let last: { readonly model: PricedModel; readonly id: string | undefined } | undefined

  function resolveModelId(model: PricedModel): string | undefined {
    if (last !== undefined && sameModel(last.model, model)) return last.id
    const key = `${model.rawProvider}\u0000${model.providerName}\u0000${model.requestModel}\u0000${model.responseModel}`
    const id = modelIds.has(key) ? modelIds.get(key) : pickModelId(experiment, model)
    // Distinct (provider, model) pairs are few; the cap only guards against pathological inputs.
    if (modelIds.size < 1024) modelIds.set(key, id)
    last = { model: { ...model }, id }
    return id
  }

  return (model, usage, atUnixMs) => {
    const modelId = resolveModelId(model)
    if (modelId === undefined) return undefined
    try {
      const estimate = pricer.estimateCost(modelId, usage, { atUnixMs })
      if (estimate.source === 'unknown' && !warned.has(modelId) && warned.size < 1024) {
        warned.add(modelId)
        diag.warn(pricer.warnings().at(-1) ?? `llm-canary: no price for ${modelId}`)
      }
      return estimate.costUsd
    } catch (err) {
      diag.warn(`llm-canary: could not price a call of ${modelId}; its cost is left unknown`, err)
      return undefined
    }
  }
}

function sameModel(a: PricedModel, b: PricedModel): boolean {
  return (
    a.requestModel === b.requestModel &&
    a.responseModel === b.responseModel &&
    a.providerName === b.providerName &&
    a.rawProvider === b.rawProvider
  )
}

function pickModelId(experiment: Experiment, model: PricedModel): string | undefined {
  const name = model.requestModel ?? model.responseModel
  if (name === undefined) return undefined
  for (const provider of [model.rawProvider, model.providerName]) {
    if (provider === undefined) continue
    const id = `${provider}:${model.requestModel ?? name}`
    if (Object.hasOwn(experiment.pricing, id)) return id
  }
  const armModel = experiment.arms.map((arm) => arm.model).find((ref) => ref.name === model.requestModel)?.id
  if (armModel !== undefined && Object.hasOwn(experiment.pricing, armModel)) return armModel
  const provider = model.providerName ?? model.rawProvider
  const tableName = model.responseModel ?? name
  return provider === undefined ? tableName : `${provider}:${tableName}`
}
