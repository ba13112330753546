/**
 * Public types of the pricing module: token usage in, cost estimate out.
 * (They belong with the other public types; `types.ts` is owned elsewhere, so they live here for now.)
 */
import type { ModelPrice } from '../types.ts'

/**
 * Token counts of one LLM call, as the OpenTelemetry GenAI usage attributes report them.
 * A count that is `undefined` is unknown, never zero.
 */
export interface TokenUsage {
  /** All input tokens, cached ones included (`gen_ai.usage.input_tokens`). */
  readonly inputTokens?: number | undefined
  /** Input tokens read from the provider's prompt cache; part of `inputTokens`. */
  readonly cacheReadTokens?: number | undefined
  /** Input tokens written to the provider's prompt cache; part of `inputTokens`. */
  readonly cacheWriteTokens?: number | undefined
  /** All output tokens, reasoning ones included (`gen_ai.usage.output_tokens`). */
  readonly outputTokens?: number | undefined
  /** Reasoning ("thinking") tokens; part of `outputTokens`. */
  readonly reasoningTokens?: number | undefined
}

/**
 * Where a price came from: the experiment file's `pricing:` overrides, the bundled price table,
 * or nowhere (the model is in neither, so the cost is unknown).
 */
export type CostSource = 'override' | 'table' | 'unknown'

/** Why a cost is unknown: no price for the model, or input/output token counts missing. */
export type UnknownCostReason = 'model_unknown' | 'usage_unknown'

/**
 * Cost of one call split by part, in USD. `inputUsd + outputUsd + (otherUsd ?? 0)` is the total.
 * The finer parts are set when the price is an override (the table reports only input and output).
 */
export interface CostBreakdown {
  /** Every input part: uncached, cache read and cache write. */
  readonly inputUsd: number
  /** Every output part: reasoning included. */
  readonly outputUsd: number
  /** Input tokens neither read from nor written to the cache, at the input price. */
  readonly uncachedInputUsd?: number
  /** Cache-read tokens at the cache-read price. */
  readonly cacheReadUsd?: number
  /** Cache-write tokens at the cache-write price. */
  readonly cacheWriteUsd?: number
  /** Reasoning tokens at the reasoning price. */
  readonly reasoningUsd?: number
  /** Fees the table charges outside input and output, such as a per-request fee; absent when 0. */
  readonly otherUsd?: number
}

/** What a call cost, or why that is unknown. */
export interface CostEstimate {
  /** Total cost in USD; `undefined` when unknown (never 0 for "unknown"). */
  readonly costUsd: number | undefined
  readonly source: CostSource
  /** Version of the bundled price table (`@pydantic/genai-prices@0.1.8`), also for overrides. */
  readonly tableVersion: string
  /** Per-part costs; present exactly when `costUsd` is a number. */
  readonly breakdown?: CostBreakdown
  /** Present exactly when `costUsd` is `undefined`. */
  readonly unknownReason?: UnknownCostReason
  /** For `source: 'table'`: the table entry that priced the call, as `provider:model` (`anthropic:claude-opus-4-0`). */
  readonly tableModel?: string
}

/** Options of {@link Pricer.estimateCost}. */
export interface EstimateCostOptions {
  /**
   * When the call happened, in Unix epoch milliseconds. Some table prices change on a date or by
   * time of day (off-peak discounts); defaults to the pricer's `defaultAtUnixMs`.
   */
  readonly atUnixMs?: number | undefined
}

/** Options of `createPricer`. */
export interface PricerOptions {
  /** The experiment's `pricing:` overrides, keyed by exact model id (`openai:gpt-5`). They win over the table. */
  readonly overrides?: Readonly<Record<string, ModelPrice>> | undefined
  /**
   * Time used for time-dependent table prices when a call gives none, in Unix epoch milliseconds.
   * Core reads no clock, so the default is fixed: `DEFAULT_PRICE_TIME_UNIX_MS`, noon UTC of the table's release day.
   */
  readonly defaultAtUnixMs?: number | undefined
}

/** Prices LLM calls. Build one per experiment with `createPricer` and reuse it: lookups are memoised. */
export interface Pricer {
  /**
   * Estimates the cost of one LLM call.
   *
   * @param modelId - `provider:model`, as in the experiment file or `gen_ai.provider.name` + `gen_ai.response.model`.
   * @param usage - The call's token counts; `undefined` counts are unknown.
   * @param options - When the call happened, for time-dependent prices.
   * @returns The cost, its source and breakdown; `costUsd` is `undefined` when the model or the usage is unknown.
   * @throws CoreError `PRICING_INVALID` when a count is negative, not an integer, or cache/reasoning counts exceed their total.
   *   `INVALID_ARGUMENT` when `atUnixMs` is not a finite number.
   */
  estimateCost(modelId: string, usage: TokenUsage, options?: EstimateCostOptions): CostEstimate
  /**
   * Warnings gathered so far, oldest first: one per unknown model id, saying how to add an override.
   *
   * @returns A snapshot; later warnings do not change an array already returned.
   */
  warnings(): readonly string[]
}
