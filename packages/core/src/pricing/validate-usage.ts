import { CoreError } from '../errors.ts'
import type { ModelPrice } from '../types.ts'
import type { TokenUsage } from './cost-types.ts'

const USAGE_FIELDS = [
  'inputTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'outputTokens',
  'reasoningTokens',
] as const satisfies readonly (keyof TokenUsage)[]

const PRICE_FIELDS = [
  'inputPerMTokUsd',
  'outputPerMTokUsd',
  'cacheReadPerMTokUsd',
  'cacheWritePerMTokUsd',
  'reasoningPerMTokUsd',
] as const satisfies readonly (keyof ModelPrice)[]

/**
 * Checks that every known token count is a non-negative integer and that the parts fit in their totals
 * (cache read + cache write ≤ input, reasoning ≤ output).
 *
 * @param modelId - Named in the error message.
 * @param usage - The counts to check; `undefined` counts are unknown and pass.
 * @throws CoreError `PRICING_INVALID` naming the field, its value and what to fix.
 */
export function validateTokenUsage(modelId: string, usage: TokenUsage): void {
  for (const field of USAGE_FIELDS) {
    const value: unknown = usage[field]
    if (value === undefined) continue
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new CoreError(
        'PRICING_INVALID',
        `usage.${field} is ${String(value)} for model "${modelId}"; token counts must be non-negative integers ` +
          '(report an unknown count as undefined, never as NaN or a negative number)',
      )
    }
  }
  const { inputTokens, cacheReadTokens = 0, cacheWriteTokens = 0, outputTokens, reasoningTokens } = usage
  if (inputTokens !== undefined && cacheReadTokens + cacheWriteTokens > inputTokens) {
    throw new CoreError(
      'PRICING_INVALID',
      `usage for model "${modelId}" has cacheReadTokens (${cacheReadTokens}) + cacheWriteTokens (${cacheWriteTokens}) ` +
        `> inputTokens (${inputTokens}); inputTokens must include cached tokens (pass the total input count)`,
    )
  }
  if (outputTokens !== undefined && reasoningTokens !== undefined && reasoningTokens > outputTokens) {
    throw new CoreError(
      'PRICING_INVALID',
      `usage for model "${modelId}" has reasoningTokens (${reasoningTokens}) > outputTokens (${outputTokens}); ` +
        'outputTokens must include reasoning tokens (pass the total output count)',
    )
  }
}

/**
 * Checks that every price of an override is a finite non-negative number.
 *
 * @param modelId - The override's key, named in the error message.
 * @param price - The override to check.
 * @throws CoreError `PRICING_INVALID` naming the model, the field and its value.
 */
export function validateModelPrice(modelId: string, price: ModelPrice): void {
  for (const field of PRICE_FIELDS) {
    const value: unknown = price[field]
    const optional = field !== 'inputPerMTokUsd' && field !== 'outputPerMTokUsd'
    if (value === undefined && optional) continue
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new CoreError(
        'PRICING_INVALID',
        `pricing override "${modelId}".${field} is ${String(value)}; prices must be finite non-negative USD per ` +
          `million tokens (fix pricing: { "${modelId}": { input, output } } in the experiment file)`,
      )
    }
  }
}
