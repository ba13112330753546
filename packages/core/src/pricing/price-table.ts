import type { Provider, Usage } from '@pydantic/genai-prices'
import { calcPrice } from '@pydantic/genai-prices'
import { CoreError } from '../errors.ts'
import type { CostBreakdown } from './cost-types.ts'
import type { KnownTokenUsage } from './override-cost.ts'
import { toTableModelQuery } from './provider-aliases.ts'

/**
 * Version of the bundled price table. `@pydantic/genai-prices` exposes no data version or update time for
 * its bundled data (`auto_update_timestamp` is only ever set for auto-updated data, which core never enables),
 * so the package version, pinned exactly in package.json, identifies the data. Bump it with the dependency.
 */
export const PRICE_TABLE_VERSION = '@pydantic/genai-prices@0.1.8'

/**
 * Default time for time-dependent table prices: noon UTC on 2026-09-23, the day `@pydantic/genai-prices` 0.1.8
 * was published. Fixed because core reads no clock; callers pass the call's own time when they have it.
 */
export const DEFAULT_PRICE_TIME_UNIX_MS = Date.UTC(2026, 8, 23, 12)

/** A table entry found for one model id, narrowed to that one model so later calls skip the search. */
export interface TableModel {
  /** The entry as `provider:model` in the table's own ids (`anthropic:claude-opus-4-0`). */
  readonly tableModelId: string
  /** The model name to price, as the caller wrote it. */
  readonly modelName: string
  /** The table's provider with only the matched model: pricing it needs no provider or model search. */
  readonly provider: Provider
}

/** The outcome of a table lookup: the entry, or why there is none. */
export type TableLookup =
  | { readonly found: true; readonly model: TableModel }
  | { readonly found: false; readonly tableError: string | undefined }

/**
 * Looks a model id up in the bundled table (the slow part: a search over every provider and model).
 *
 * @param modelId - `provider:model`; the provider goes through `PRICE_TABLE_PROVIDER_IDS`.
 * @returns The narrowed entry, or `found: false` (with the table's error message if it threw).
 */
export function lookUpTableModel(modelId: string): TableLookup {
  const { providerId, modelName } = toTableModelQuery(modelId)
  if (modelName === '') return { found: false, tableError: undefined }
  try {
    const probe = calcPrice({ input_tokens: 0, output_tokens: 0 }, modelName, {
      ...(providerId === undefined ? {} : { providerId }),
      timestamp: new Date(DEFAULT_PRICE_TIME_UNIX_MS),
    })
    if (probe === null) return { found: false, tableError: undefined }
    // The matched model may come from a fallback provider (Azure → OpenAI); keep it alone, without fallbacks.
    const { fallback_model_providers: _fallbacks, ...provider } = probe.provider
    return {
      found: true,
      model: {
        tableModelId: `${probe.provider.id}:${probe.model.id}`,
        modelName,
        provider: { ...provider, models: [probe.model] },
      },
    }
  } catch (err) {
    return { found: false, tableError: err instanceof Error ? err.message : String(err) }
  }
}

/**
 * Prices one call with a table entry: cache reads and writes at their prices (the input price when the
 * table has none), tiered prices by total input tokens, time-dependent prices at `atUnixMs`.
 *
 * @param model - An entry from {@link lookUpTableModel}.
 * @param usage - Validated counts.
 * @param atUnixMs - When the call happened.
 * @returns The total and `inputUsd`, `outputUsd`, `otherUsd` (per-request fees, when not 0).
 * @throws CoreError `PRICING_INVALID` if the table rejects the usage (it should not after validation).
 */
export function computeTableCost(
  model: TableModel,
  usage: KnownTokenUsage,
  atUnixMs: number,
): { readonly costUsd: number; readonly breakdown: CostBreakdown } {
  const tableUsage: Usage = {
    input_tokens: usage.inputTokens,
    cache_read_tokens: usage.cacheReadTokens,
    cache_write_tokens: usage.cacheWriteTokens,
    output_tokens: usage.outputTokens,
    output_reasoning_tokens: usage.reasoningTokens,
  }
  let result: ReturnType<typeof calcPrice>
  try {
    result = calcPrice(tableUsage, model.modelName, {
      provider: model.provider,
      timestamp: new Date(atUnixMs),
    })
  } catch (err) {
    throw new CoreError(
      'PRICING_INVALID',
      `the price table rejected usage ${JSON.stringify(usage)} for ${model.tableModelId}: ` +
        `${err instanceof Error ? err.message : String(err)} (check the token counts)`,
      { cause: err },
    )
  }
  if (result === null) {
    throw new CoreError(
      'PRICING_INVALID',
      `the price table entry ${model.tableModelId} no longer matches "${model.modelName}"; report this as a bug`,
    )
  }
  // The table sums (input + output) + other, so this is exactly 0 when there is no other fee.
  const otherUsd = result.total_price - (result.input_price + result.output_price)
  return {
    costUsd: result.total_price,
    breakdown: {
      inputUsd: result.input_price,
      outputUsd: result.output_price,
      ...(otherUsd > 0 ? { otherUsd } : {}),
    },
  }
}
