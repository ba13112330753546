import { describeValue } from './describe-value.ts'
import { describeBoundMismatch, GUARDRAIL_METRICS, isGuardrailBound, isGuardrailMetric } from './metrics.ts'
import { suggestName } from './suggest-name.ts'

/**
 * Explains an unknown key (usually a typo) and suggests the nearest allowed one.
 *
 * @param path - Path of the mapping that holds the key: `['arms', 'candidate']`.
 * @param key - The unknown key: `wieght`.
 * @param allowed - The keys allowed in that mapping.
 * @returns A message such as `unknown key "wieght"; did you mean weight? Allowed here: model, weight, shadow, slot`.
 */
export function describeUnknownKey(
  path: readonly PropertyKey[],
  key: string,
  allowed: readonly string[],
): string {
  const [section, name] = path
  if (section === 'guardrails' && path.length === 1) {
    const guess = suggestName(key, allowed)
    const hint = guess === undefined ? '' : `did you mean ${guess}? `
    return `unknown guardrail ${describeValue(key)}; ${hint}known guardrails: ${allowed.join(', ')}`
  }
  if (
    section === 'guardrails' &&
    typeof name === 'string' &&
    isGuardrailMetric(name) &&
    isGuardrailBound(key)
  ) {
    const mismatch = describeBoundMismatch(name, key)
    if (mismatch !== undefined) return mismatch
  }
  if (section === 'arms' && name === 'control' && path.length === 2 && (key === 'shadow' || key === 'slot')) {
    return key === 'shadow'
      ? 'control cannot have shadow: shadow is the share of control units a candidate also receives; move it to the candidate arm'
      : 'control cannot have slot: slots place candidates in the bucket space; remove it from control'
  }
  const guess = suggestName(key, allowed)
  const hint = guess === undefined ? 'remove it or fix the spelling' : `did you mean ${guess}?`
  const where =
    section === 'guardrails' && typeof name === 'string' && isGuardrailMetric(name)
      ? `bounds of ${GUARDRAIL_METRICS[name].label}`
      : 'allowed here'
  return `unknown key ${describeValue(key)}; ${hint} (${where}: ${allowed.join(', ')})`
}
