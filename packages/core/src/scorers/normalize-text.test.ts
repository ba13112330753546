import { describe, expect, it } from 'vitest'
import { normalizeText } from './normalize-text.ts'

describe('normalizeText', () => {
  it('folds compatibility forms, collapses whitespace, trims and lower-cases', () => {
    expect(normalizeText('  Ｈｅｌｌｏ\t\n  Wörld ')).toBe('hello wörld')
    expect(normalizeText('ﬁne')).toBe('fine')
  })

  it('keeps the case when asked', () => {
    expect(normalizeText(' Hello  World ', true)).toBe('Hello World')
  })
})
