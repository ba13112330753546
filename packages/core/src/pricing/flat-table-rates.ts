import type { CostBreakdown } from './cost-types.ts'
import type { KnownTokenUsage } from './override-cost.ts'
import type { TableModel } from './price-table.ts'
import { computeTableCost, DEFAULT_PRICE_TIME_UNIX_MS } from './price-table.ts'

/** USD per token of each part of a call, plus a fixed amount per call. */
interface PartRates {
  readonly fixed: number
  readonly uncachedInput: number
  readonly cacheRead: number
  readonly cacheWrite: number
  readonly visibleOutput: number
  readonly reasoning: number
}

/** The rates of a flat table entry: for the total, its input part and its output part. */
export interface FlatTableRates {
  readonly total: PartRates
  readonly input: PartRates
  readonly output: PartRates
}

const PROBE_TOKENS = 1_000_000
/** A price is flat when the table's own cost of this usage matches the rates to this relative error. */
const CHECK_TOLERANCE = 1e-9

/**
 * Reads a table entry's price as per-token rates, when the price is flat: one price for all time
 * (no start date or time-of-day condition) and no tiers, so the cost is linear in the token counts.
 * The rates come from the table itself (`calcPrice` of one million tokens of each part), and are checked
 * on a mixed usage, so the table's own rules (what cached tokens cost, per-request fees) stay the
 * reference. Pricing a call from the rates skips the table's per-call model match.
 *
 * @param model - An entry found by `lookUpTableModel`.
 * @returns The rates, or undefined when the price depends on the time or on tiers (price every call with the table).
 */
export function readFlatTableRates(model: TableModel): FlatTableRates | undefined {
  const prices = model.provider.models[0]?.prices
  if (prices === undefined || Array.isArray(prices)) return undefined
  if (Object.values(prices).some((value) => value !== undefined && typeof value !== 'number'))
    return undefined
  const probe = (usage: KnownTokenUsage) => {
    const { costUsd, breakdown } = computeTableCost(model, usage, DEFAULT_PRICE_TIME_UNIX_MS)
    return { total: costUsd, input: breakdown.inputUsd, output: breakdown.outputUsd }
  }
  const base = probe({ inputTokens: 0, outputTokens: 0 })
  const probes = {
    uncachedInput: probe({ inputTokens: PROBE_TOKENS, outputTokens: 0 }),
    cacheRead: probe({ inputTokens: PROBE_TOKENS, cacheReadTokens: PROBE_TOKENS, outputTokens: 0 }),
    cacheWrite: probe({ inputTokens: PROBE_TOKENS, cacheWriteTokens: PROBE_TOKENS, outputTokens: 0 }),
    visibleOutput: probe({ inputTokens: 0, outputTokens: PROBE_TOKENS }),
    reasoning: probe({ inputTokens: 0, outputTokens: PROBE_TOKENS, reasoningTokens: PROBE_TOKENS }),
  }
  const ratesOf = (part: 'total' | 'input' | 'output'): PartRates => ({
    fixed: base[part],
    uncachedInput: (probes.uncachedInput[part] - base[part]) / PROBE_TOKENS,
    cacheRead: (probes.cacheRead[part] - base[part]) / PROBE_TOKENS,
    cacheWrite: (probes.cacheWrite[part] - base[part]) / PROBE_TOKENS,
    visibleOutput: (probes.visibleOutput[part] - base[part]) / PROBE_TOKENS,
    reasoning: (probes.reasoning[part] - base[part]) / PROBE_TOKENS,
  })
  const rates = { total: ratesOf('total'), input: ratesOf('input'), output: ratesOf('output') }
  const mixed = {
    inputTokens: 123_457,
    cacheReadTokens: 45_679,
    cacheWriteTokens: 6_791,
    outputTokens: 8_913,
    reasoningTokens: 2_347,
  }
  const expected = probe(mixed).total
  const got = computeFlatCost(rates, mixed).costUsd
  return Math.abs(got - expected) <= CHECK_TOLERANCE * Math.max(expected, 1e-12) ? rates : undefined
}

/**
 * Prices one call with flat rates: the same total and input / output / other parts as the table.
 *
 * @param rates - From {@link readFlatTableRates}.
 * @param usage - Validated counts.
 * @returns The total and `inputUsd`, `outputUsd`, `otherUsd` (per-call fees, when not 0).
 */
export function computeFlatCost(
  rates: FlatTableRates,
  usage: KnownTokenUsage,
): { readonly costUsd: number; readonly breakdown: CostBreakdown } {
  const cacheRead = usage.cacheReadTokens ?? 0
  const cacheWrite = usage.cacheWriteTokens ?? 0
  const reasoning = usage.reasoningTokens ?? 0
  const parts = {
    uncachedInput: usage.inputTokens - cacheRead - cacheWrite,
    cacheRead,
    cacheWrite,
    visibleOutput: usage.outputTokens - reasoning,
    reasoning,
  }
  const cost = (r: PartRates) =>
    r.fixed +
    r.uncachedInput * parts.uncachedInput +
    r.cacheRead * parts.cacheRead +
    r.cacheWrite * parts.cacheWrite +
    r.visibleOutput * parts.visibleOutput +
    r.reasoning * parts.reasoning
  const costUsd = cost(rates.total)
  const inputUsd = cost(rates.input)
  const outputUsd = cost(rates.output)
  // Rounding leaves a remainder of the order of 1e-18 USD where the table has no other fee.
  const otherUsd = costUsd - (inputUsd + outputUsd)
  return { costUsd, breakdown: { inputUsd, outputUsd, ...(otherUsd > 1e-12 ? { otherUsd } : {}) } }
}
