import { describe, expect, it } from 'vitest'
import { normalizeHexId, normalizeId, SPAN_ID_HEX_LENGTH, TRACE_ID_HEX_LENGTH } from './span-ids.ts'

describe('normalizeId', () => {
  it('lower-cases hex ids in either case', () => {
    expect(normalizeId('5B8EFFF798038103D269B633813FC60C', TRACE_ID_HEX_LENGTH)).toBe(
      '5b8efff798038103d269b633813fc60c',
    )
    expect(normalizeId('EEE19B7EC3C1B174', SPAN_ID_HEX_LENGTH)).toBe('eee19b7ec3c1b174')
  })

  it('decodes base64 ids of 16 and 8 bytes (values checked with Python base64)', () => {
    expect(normalizeId('W47/95gDgQPSabYzgT/HAA==', TRACE_ID_HEX_LENGTH)).toBe(
      '5b8efff798038103d269b633813fc700',
    )
    expect(normalizeId('O6VWCcPN5JZJzXfR+dzZNg==', TRACE_ID_HEX_LENGTH)).toBe(
      '3ba55609c3cde49649cd77d1f9dcd936',
    )
    expect(normalizeId('0j3l/q4Zp20=', SPAN_ID_HEX_LENGTH)).toBe('d23de5feae19a76d')
  })

  it('left-pads a 64-bit trace id sent as 8 bytes of base64 or 16 hex characters', () => {
    expect(normalizeId('Sc130fnc2TY=', TRACE_ID_HEX_LENGTH)).toBe(`${'0'.repeat(16)}49cd77d1f9dcd936`)
    expect(normalizeId('0000000000000001', TRACE_ID_HEX_LENGTH)).toBe(`${'0'.repeat(31)}1`)
  })

  it('rejects empty, all-zero, too long and non-id values', () => {
    expect(normalizeId('', SPAN_ID_HEX_LENGTH)).toBeUndefined()
    expect(normalizeId(undefined, SPAN_ID_HEX_LENGTH)).toBeUndefined()
    expect(normalizeId(42, SPAN_ID_HEX_LENGTH)).toBeUndefined()
    expect(normalizeId('0000000000000000', SPAN_ID_HEX_LENGTH)).toBeUndefined()
    expect(normalizeId('5b8efff798038103d269b633813fc60c', SPAN_ID_HEX_LENGTH)).toBeUndefined()
    expect(normalizeId('not an id!', SPAN_ID_HEX_LENGTH)).toBeUndefined()
    // Valid base64, but 3 bytes is no id.
    expect(normalizeId('AQID', SPAN_ID_HEX_LENGTH)).toBeUndefined()
  })
})

describe('normalizeHexId', () => {
  it('restores the leading zero Tempo trims from a 31-character trace id', () => {
    expect(normalizeHexId('2e299711ce47710289dc6640727404f', TRACE_ID_HEX_LENGTH)).toBe(
      '02e299711ce47710289dc6640727404f',
    )
  })

  it('never reads base64 and rejects non-hex', () => {
    expect(normalizeHexId('Sc130fnc2TY=', SPAN_ID_HEX_LENGTH)).toBeUndefined()
    expect(normalizeHexId('', SPAN_ID_HEX_LENGTH)).toBeUndefined()
    expect(normalizeHexId('00000000000000ff', SPAN_ID_HEX_LENGTH)).toBe('00000000000000ff')
  })
})
