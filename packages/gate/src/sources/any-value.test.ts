import { describe, expect, it } from 'vitest'
import { decodeAnyValue, decodeInt, decodeKeyValues } from './any-value.ts'
import { readFixture } from './recorded-responses.fixture.ts'

describe('decodeAnyValue', () => {
  it('decodes scalars', () => {
    expect(decodeAnyValue({ stringValue: '' })).toBe('')
    expect(decodeAnyValue({ boolValue: false })).toBe(false)
    expect(decodeAnyValue({ intValue: '42' })).toBe(42)
    expect(decodeAnyValue({ intValue: 512 })).toBe(512)
    expect(decodeAnyValue({ doubleValue: 1.5 })).toBe(1.5)
    expect(decodeAnyValue({ bytesValue: 'AQID' })).toBe('AQID')
  })

  it('keeps integers beyond 2^53 as decimal strings', () => {
    expect(decodeAnyValue({ intValue: '9223372036854775807' })).toBe('9223372036854775807')
    expect(decodeAnyValue({ intValue: '-9007199254740993' })).toBe('-9007199254740993')
    expect(decodeAnyValue({ intValue: '9007199254740991' })).toBe(9007199254740991)
  })

  it('reads the special doubles sent as strings', () => {
    expect(decodeAnyValue({ doubleValue: 'NaN' })).toBeNaN()
    expect(decodeAnyValue({ doubleValue: 'Infinity' })).toBe(Number.POSITIVE_INFINITY)
    expect(decodeAnyValue({ doubleValue: '-Infinity' })).toBe(Number.NEGATIVE_INFINITY)
    expect(decodeAnyValue({ doubleValue: 'toString' })).toBeNull()
  })

  it('decodes arrays and kvlists recursively, and the empty value as null', () => {
    expect(
      decodeAnyValue({
        kvlistValue: {
          values: [
            { key: 'list', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }, {}] } } },
            { key: 'empty', value: { arrayValue: {} } },
          ],
        },
      }),
    ).toEqual({ list: ['a', 1, null], empty: [] })
    expect(decodeAnyValue({})).toBeNull()
    expect(decodeAnyValue(null)).toBeNull()
  })
})

describe('decodeKeyValues', () => {
  it('decodes every AnyValue shape of the Jaeger 2.21 wire probe', () => {
    const doc = readFixture('jaeger/apiv3-GetTrace-wire-probe-2.21.0.json') as {
      result: { resourceSpans: { scopeSpans: { spans: { attributes?: unknown }[] }[] }[] }
    }
    const attributes = decodeKeyValues(doc.result.resourceSpans[0]?.scopeSpans[0]?.spans[0]?.attributes)
    expect(attributes).toEqual({
      array: ['first', false, '9223372036854775807'],
      bytes: 'AQID',
      empty: '',
      false: false,
      float: 1.5,
      integer: 0,
      nested: { child: ['value'] },
    })
  })

  it('keeps a `__proto__` key as data and lets a later duplicate win', () => {
    const attributes = decodeKeyValues([
      { key: '__proto__', value: { stringValue: 'x' } },
      { key: 'k', value: { intValue: '1' } },
      { key: 'k', value: { intValue: '2' } },
      { value: { stringValue: 'no key' } },
    ])
    expect(Object.keys(attributes)).toEqual(['__proto__', 'k'])
    expect(attributes.k).toBe(2)
    expect(Object.getPrototypeOf(attributes)).toBeNull()
  })

  it('gives no attributes for a missing list', () => {
    expect(decodeKeyValues(undefined)).toEqual({})
  })
})

describe('decodeInt', () => {
  it('rejects what is not an integer', () => {
    expect(decodeInt('1.5')).toBeNull()
    expect(decodeInt(Number.NaN)).toBeNull()
  })
})
