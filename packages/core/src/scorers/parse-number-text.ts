const PLAIN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i
const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/
const CURRENCY_SYMBOL = /^([+-]?)[$€£¥₹]\s*|\s*[$€£¥₹]$/gu
const CURRENCY_CODE =
  /^(?:usd|eur|gbp|jpy|chf|cad|aud|inr|cny)\s*|\s*(?:usd|eur|gbp|jpy|chf|cad|aud|inr|cny)$/giu

/**
 * Reads a number written as text: `1200.5`, `1,200.50` (comma thousands groups), `1e3`, `-0.5`, `.5`;
 * with `currency`, also `$12`, `-$12`, `12 €`, `USD 12`. Anything else (`12abc`, `0x10`, `1.200,50`,
 * `Infinity`, empty) is not a number.
 *
 * @param text - A string leaf.
 * @param currency - Accept one currency symbol or ISO code around the number.
 * @returns The number, or `undefined`.
 * @example
 * parseNumberText('1,200.50') // 1200.5
 * parseNumberText('$12', true) // 12
 */
export function parseNumberText(text: string, currency = false): number | undefined {
  let trimmed = text.trim()
  if (currency) trimmed = trimmed.replace(CURRENCY_SYMBOL, '$1').replace(CURRENCY_CODE, '').trim()
  if (PLAIN.test(trimmed)) return Number(trimmed)
  if (GROUPED.test(trimmed)) return Number(trimmed.replaceAll(',', ''))
  return undefined
}
