import { describe, expect, it } from 'vitest'
import { checkShadow, parseShadow } from './shadow.ts'

describe('checkShadow and parseShadow', () => {
  it.each([
    ['5%', 0.05],
    ['0%', 0],
    ['100%', 1],
    ['2.5%', 0.025],
    ['12.34%', 0.1234],
  ] as const)('%s is the fraction %d', (text, fraction) => {
    expect(checkShadow(text)).toBeUndefined()
    expect(parseShadow(text)).toBe(fraction)
  })

  it.each([
    [5, ['shadow is the number 5', 'e.g. shadow: 5%']],
    [0.05, ['shadow is the number 0.05', 'as a percentage']],
    ['5', ['shadow "5" has no % sign', 'e.g. 5%']],
    ['-5%', ['shadow "-5%" is negative']],
    ['150%', ['shadow "150%" is above 100%']],
    ['5.125%', ['more than two decimals', 'e.g. 5.13%']],
    ['five percent', ['shadow "five percent" is not a percentage']],
    [true, ['shadow is the boolean true']],
  ] as const)('refuses %j', (value, fragments) => {
    const message = checkShadow(value)
    for (const fragment of fragments) expect(message).toContain(fragment)
  })
})
