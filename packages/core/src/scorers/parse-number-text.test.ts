import { describe, expect, it } from 'vitest'
import { parseNumberText } from './parse-number-text.ts'

describe('parseNumberText', () => {
  it.each<[string, number]>([
    ['1200.5', 1200.5],
    ['1,200.50', 1200.5],
    ['1,234,567', 1234567],
    ['1e3', 1000],
    ['-2.5E-1', -0.25],
    ['.5', 0.5],
    ['+7', 7],
    ['  42 ', 42],
  ])('reads %j as %d', (text, value) => {
    expect(parseNumberText(text)).toBe(value)
  })

  it.each(['', '12abc', '0x10', '1.200,50', '1,2', 'Infinity', 'NaN', '$12', '1 000'])(
    'does not read %j',
    (text) => {
      expect(parseNumberText(text)).toBeUndefined()
    },
  )

  it.each<[string, number]>([
    ['$12', 12],
    ['-$12.50', -12.5],
    ['$ 1,200', 1200],
    ['12 €', 12],
    ['USD 12', 12],
    ['3.50 EUR', 3.5],
  ])('reads the currency amount %j as %d when asked', (text, value) => {
    expect(parseNumberText(text, true)).toBe(value)
  })

  it('still refuses text that is not an amount with currency on', () => {
    expect(parseNumberText('$12 per month', true)).toBeUndefined()
  })
})
