import type { Experiment, Pricer, TokenUsage } from '@llm-canary/core'
import {
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COMPLETION_TOKENS,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_COST_CURRENCY,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_PROMPT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  createPricer,
} from '@llm-canary/core'
import type { Attributes } from '../types.ts'
import type { MalformedTally } from './attribute-readers.ts'
import { readCount, readNonNegative, readString } from './attribute-readers.ts'
import type { ImplausibleTally } from './plausibility.ts'
import { isCostFarFromTokens, isImplausibleTokenCount, PLAUSIBILITY_LIMITS } from './plausibility.ts'

/** Prices LLM spans; one per analysis. */
export interface CostResolver {
  /**
   * The cost of one LLM call in USD: `gen_ai.usage.cost.amount` when the span carries it in USD, else
   * recomputed from its token usage with core's pricer and the experiment's `pricing:` overrides. An
   * implausible amount (over `maxCostUsd`, or further than `costVersusTokensFactor` from its tokens at the
   * price table) and implausible token counts are set aside and counted; a recorded amount far from its
   * tokens gives way to the tokens' price.
   *
   * @param attributes - The LLM span's attributes.
   * @param atUnixMs - When the call started, for time-dependent prices.
   * @returns The cost, or undefined when it is unknown (no usage, no price): unknown is never 0.
   */
  costOf(attributes: Attributes, atUnixMs: number): number | undefined
  /**
   * What could not be priced, for the report.
   *
   * @returns Warnings, one per cause (and one per model without a price).
   */
  warnings(): string[]
}

/** The model id a span was priced as: chosen once per (provider, request model, response model). */
type ModelChoice = string | undefined

/** The model names a span carries (`gen_ai.provider.name` or `gen_ai.system`, request and response model). */
export interface ModelNames {
  readonly provider: string | undefined
  readonly request: string | undefined
  readonly response: string | undefined
}

/**
 * Chooses the model id a span is priced as, from its provider and models: `provider:model` with the
 * response model, then the request model; an experiment override written for either id wins, else the id
 * the price table knows, else the first. Memoised per names.
 *
 * @param experiment - The experiment (its `pricing:` overrides).
 * @param probe - A pricer used only to ask whether the table knows an id (its warnings are not reported).
 * @returns The chooser; it returns undefined when the span names no model.
 */
export function createModelChooser(
  experiment: Experiment,
  probe: Pricer,
): (names: ModelNames) => ModelChoice {
  const choices = new Map<string, ModelChoice>()
  return ({ provider, request, response }) => {
    const memoKey = `${provider ?? ''}\u0000${request ?? ''}\u0000${response ?? ''}`
    if (choices.has(memoKey)) return choices.get(memoKey)
    const ids = [response, request]
      .filter((model): model is string => model !== undefined)
      .map((model) => (provider === undefined ? model : `${provider}:${model}`))
    const choice =
      ids.find((id) => Object.hasOwn(experiment.pricing, id)) ??
      ids.find((id) => probe.estimateCost(id, {}).source !== 'unknown') ??
      ids[0]
    choices.set(memoKey, choice)
    return choice
  }
}

/** What the cost resolver could not price, counted over the calls. */
export interface CostWarningCounts {
  /** Calls whose recorded cost is in another currency. */
  readonly foreignCurrency: number
  /** Calls without a recorded USD cost and without input and output token counts. */
  readonly usageUnknown: number
  /** Calls whose cache or reasoning counts exceed their totals. */
  readonly usageInvalid: number
  /** Calls with token usage but no price (or no model name). */
  readonly modelUnknown: number
}

/**
 * The cost warnings of the report, one per cause.
 *
 * @param counts - What could not be priced.
 * @param pricerWarnings - The pricer's warnings (one per model without a price), shown with `modelUnknown`.
 * @returns The warnings.
 */
export function describeCostWarnings(counts: CostWarningCounts, pricerWarnings: readonly string[]): string[] {
  const warnings: string[] = []
  if (counts.foreignCurrency > 0) {
    warnings.push(
      `${counts.foreignCurrency} LLM call(s) report gen_ai.usage.cost.amount in a currency other than USD; their cost was recomputed from tokens`,
    )
  }
  if (counts.usageUnknown > 0) {
    warnings.push(
      `${counts.usageUnknown} LLM call(s) have no gen_ai.usage.cost.amount and no input/output token counts: their cost is unknown (not 0)`,
    )
  }
  if (counts.usageInvalid > 0) {
    warnings.push(
      `${counts.usageInvalid} LLM call(s) have cache or reasoning token counts above their totals: their cost is unknown`,
    )
  }
  if (counts.modelUnknown > 0) {
    warnings.push(
      `${counts.modelUnknown} LLM call(s) have token usage but no known price: their cost is unknown`,
    )
    warnings.push(...pricerWarnings)
  }
  return warnings
}

/**
 * Builds the cost resolver of an experiment. The model id is `provider:model` from
 * `gen_ai.provider.name` (or the deprecated `gen_ai.system`) and the response model, else the request
 * model; an experiment override written for either id wins, so `pricing: { openai:gpt-5: ... }` prices a
 * span whose response model is `gpt-5-2025-08-07`.
 *
 * @param experiment - The experiment (its `pricing:` overrides).
 * @param tally - Where malformed cost and token values are counted.
 * @param implausible - Where implausible costs and token counts are counted.
 * @returns The resolver.
 * @example
 * const costs = createCostResolver(experiment, tally, implausible)
 * costs.costOf(span.attributes, span.startTimeUnixMs) // 0.0032 or undefined
 */
export function createCostResolver(
  experiment: Experiment,
  tally: MalformedTally,
  implausible: ImplausibleTally,
): CostResolver {
  const pricer = createPricer({ overrides: experiment.pricing })
  // A second pricer only answers "is this id priced?", so its unknown-model warnings are not reported
  // for ids that were tried and not used.
  const probe = createPricer({ overrides: experiment.pricing })
  let foreignCurrency = 0
  let usageUnknown = 0
  let modelUnknown = 0
  let usageInvalid = 0

  const choose = createModelChooser(experiment, probe)
  function chooseModel(attributes: Attributes): ModelChoice {
    const provider =
      readString(attributes, ATTR_GEN_AI_PROVIDER_NAME, tally) ??
      readString(attributes, ATTR_GEN_AI_SYSTEM, tally)
    const request = readString(attributes, ATTR_GEN_AI_REQUEST_MODEL, tally)
    const response = readString(attributes, ATTR_GEN_AI_RESPONSE_MODEL, tally)
    return choose({ provider, request, response })
  }

  function readUsage(attributes: Attributes): TokenUsage | 'implausible' | undefined {
    const inputTokens =
      readCount(attributes, ATTR_GEN_AI_USAGE_INPUT_TOKENS, tally) ??
      readCount(attributes, ATTR_GEN_AI_USAGE_PROMPT_TOKENS, tally)
    const outputTokens =
      readCount(attributes, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, tally) ??
      readCount(attributes, ATTR_GEN_AI_USAGE_COMPLETION_TOKENS, tally)
    if (inputTokens === undefined || outputTokens === undefined) return undefined
    const usage = {
      inputTokens,
      outputTokens,
      cacheReadTokens: readCount(attributes, ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, tally),
      cacheWriteTokens: readCount(attributes, ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, tally),
      reasoningTokens: readCount(attributes, ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, tally),
    }
    for (const count of Object.values(usage)) {
      if (count !== undefined && isImplausibleTokenCount(count)) {
        implausible.add('tokens')
        return 'implausible'
      }
    }
    return usage
  }

  /** The recorded USD amount when there is one and it is plausible on its own. */
  function readRecordedUsd(attributes: Attributes): number | undefined {
    const amount = readNonNegative(attributes, ATTR_GEN_AI_USAGE_COST_AMOUNT, tally)
    if (amount === undefined) return undefined
    const currency = attributes[ATTR_GEN_AI_USAGE_COST_CURRENCY]
    if (!(currency === undefined || currency === null || String(currency).toUpperCase() === 'USD')) {
      foreignCurrency += 1
      return undefined
    }
    if (amount > PLAUSIBILITY_LIMITS.maxCostUsd) {
      implausible.add('cost')
      return undefined
    }
    return amount
  }

  /** The tokens priced, without counting anything (the pricer's warnings stay on the probe). */
  function priceQuietly(attributes: Attributes, usage: TokenUsage, atUnixMs: number): number | undefined {
    const modelId = chooseModel(attributes)
    if (modelId === undefined) return undefined
    try {
      return probe.estimateCost(modelId, usage, { atUnixMs }).costUsd
    } catch {
      return undefined
    }
  }

  return {
    costOf(attributes, atUnixMs) {
      const recorded = readRecordedUsd(attributes)
      const usage = readUsage(attributes)
      if (recorded !== undefined) {
        if (usage === undefined || usage === 'implausible') return recorded
        const priced = priceQuietly(attributes, usage, atUnixMs)
        if (priced === undefined || !isCostFarFromTokens(recorded, priced)) return recorded
        implausible.add('cost-versus-tokens')
        return priced
      }
      if (usage === 'implausible') return undefined
      if (usage === undefined) {
        usageUnknown += 1
        return undefined
      }
      const modelId = chooseModel(attributes)
      if (modelId === undefined) {
        modelUnknown += 1
        return undefined
      }
      try {
        const { costUsd } = pricer.estimateCost(modelId, usage, { atUnixMs })
        if (costUsd === undefined) modelUnknown += 1
        return costUsd
      } catch {
        // PRICING_INVALID: cache or reasoning counts above their totals. The span's usage is inconsistent,
        // so its cost is unknown rather than a guess.
        usageInvalid += 1
        tally.add('gen_ai.usage.*')
        return undefined
      }
    },
    warnings() {
      return describeCostWarnings(
        { foreignCurrency, usageUnknown, usageInvalid, modelUnknown },
        pricer.warnings(),
      )
    },
  }
}
