import { CoreError } from '../errors.ts'
import type { ModelPrice } from '../types.ts'
import type { CostEstimate, EstimateCostOptions, Pricer, PricerOptions, TokenUsage } from './cost-types.ts'
import type { FlatTableRates } from './flat-table-rates.ts'
import { computeFlatCost, readFlatTableRates } from './flat-table-rates.ts'
import { computeOverrideCost } from './override-cost.ts'
import type { TableModel } from './price-table.ts'
import {
  computeTableCost,
  DEFAULT_PRICE_TIME_UNIX_MS,
  lookUpTableModel,
  PRICE_TABLE_VERSION,
} from './price-table.ts'
import { validateModelPrice, validateTokenUsage } from './validate-usage.ts'

type PriceSource =
  | { readonly kind: 'override'; readonly price: ModelPrice }
  | { readonly kind: 'table'; readonly model: TableModel; readonly flat: FlatTableRates | undefined }
  | { readonly kind: 'unknown' }

/**
 * Builds a pricer: the experiment's overrides (exact model id) first, then the bundled
 * `@pydantic/genai-prices` table. Table lookups are memoised per model id, and an entry with one flat
 * price (no date, time-of-day or tier condition) is read once as per-token rates, so pricing every LLM
 * span is cheap.
 * Unknown models cost `undefined` and add one warning per model id (read them with `warnings()`).
 *
 * @param options - The experiment's `pricing:` overrides and the default time for time-dependent prices.
 * @returns A pricer; keep one per experiment (or per process) to benefit from the memo.
 * @throws CoreError `PRICING_INVALID` when an override price is negative, NaN or infinite;
 *   `INVALID_ARGUMENT` when `defaultAtUnixMs` is not a finite number.
 * @example
 * const pricer = createPricer({ overrides: { 'openai:gpt-5': { inputPerMTokUsd: 10, outputPerMTokUsd: 40 } } })
 * pricer.estimateCost('openai:gpt-5', { inputTokens: 1200, outputTokens: 300 }).costUsd // 0.024
 * pricer.estimateCost('acme:mystery', { inputTokens: 1, outputTokens: 1 }).costUsd // undefined, one warning
 */
export function createPricer(options: PricerOptions = {}): Pricer {
  // Overrides seed the memo, so an override is found before the table is ever searched.
  const sources = readOverrides(options.overrides ?? {})
  const defaultAtUnixMs = checkTime(options.defaultAtUnixMs ?? DEFAULT_PRICE_TIME_UNIX_MS, 'defaultAtUnixMs')
  const warnings: string[] = []

  function resolve(modelId: string): PriceSource {
    const cached = sources.get(modelId)
    if (cached !== undefined) return cached
    const lookup = lookUpTableModel(modelId)
    const source: PriceSource = lookup.found
      ? { kind: 'table', model: lookup.model, flat: readFlatTableRates(lookup.model) }
      : { kind: 'unknown' }
    if (!lookup.found) warnings.push(describeUnknownModel(modelId, lookup.tableError))
    sources.set(modelId, source)
    return source
  }

  function estimateCost(
    modelId: string,
    usage: TokenUsage,
    callOptions: EstimateCostOptions = {},
  ): CostEstimate {
    const atUnixMs = checkTime(callOptions.atUnixMs ?? defaultAtUnixMs, 'atUnixMs')
    validateTokenUsage(modelId, usage)
    const source = resolve(modelId)
    if (source.kind === 'unknown') {
      return {
        costUsd: undefined,
        source: 'unknown',
        tableVersion: PRICE_TABLE_VERSION,
        unknownReason: 'model_unknown',
      }
    }
    const tableModel = source.kind === 'table' ? { tableModel: source.model.tableModelId } : {}
    const { inputTokens, outputTokens } = usage
    if (inputTokens === undefined || outputTokens === undefined) {
      return {
        costUsd: undefined,
        source: source.kind,
        tableVersion: PRICE_TABLE_VERSION,
        unknownReason: 'usage_unknown',
        ...tableModel,
      }
    }
    const known = { ...usage, inputTokens, outputTokens }
    if (source.kind === 'table') {
      const { costUsd, breakdown } =
        source.flat === undefined
          ? computeTableCost(source.model, known, atUnixMs)
          : computeFlatCost(source.flat, known)
      return { costUsd, source: 'table', tableVersion: PRICE_TABLE_VERSION, breakdown, ...tableModel }
    }
    const breakdown = computeOverrideCost(source.price, known)
    const costUsd = breakdown.inputUsd + breakdown.outputUsd
    return { costUsd, source: 'override', tableVersion: PRICE_TABLE_VERSION, breakdown }
  }

  return { estimateCost, warnings: () => [...warnings] }
}

function readOverrides(overrides: Readonly<Record<string, ModelPrice>>): Map<string, PriceSource> {
  const sources = new Map<string, PriceSource>()
  for (const [modelId, price] of Object.entries(overrides)) {
    validateModelPrice(modelId, price)
    sources.set(modelId, { kind: 'override', price })
  }
  return sources
}

function checkTime(atUnixMs: number, name: string): number {
  if (typeof atUnixMs !== 'number' || !Number.isFinite(atUnixMs)) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `${name} is ${String(atUnixMs)}; pass the call's time as finite Unix epoch milliseconds (Date.getTime())`,
    )
  }
  return atUnixMs
}

function describeUnknownModel(modelId: string, tableError: string | undefined): string {
  const why = tableError === undefined ? '' : ` (the table failed: ${tableError})`
  if (modelId.trim() === '') {
    return `An LLM call has an empty model id, so its cost is unknown${why}; record gen_ai.request.model on the span.`
  }
  return (
    `No price for model "${modelId}" in ${PRICE_TABLE_VERSION}${why}: its calls have an unknown cost. ` +
    `Add an override to the experiment file, in USD per million tokens: ` +
    `pricing: { "${modelId}": { input: <USD per 1M input tokens>, output: <USD per 1M output tokens> } }`
  )
}
