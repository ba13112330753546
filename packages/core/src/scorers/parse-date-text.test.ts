import { describe, expect, it } from 'vitest'
import type { DateFormat } from './parse-date-text.ts'
import { parseDateText } from './parse-date-text.ts'

describe('parseDateText', () => {
  it.each<[string, DateFormat]>([
    ['2026-05-03', 'iso'],
    ['2026-05-03T10:00:00Z', 'iso'],
    ['2026-05-03 10:00', 'iso'],
    ['2026-05-03T10:00:00.250+05:30', 'iso'],
    ['03/05/2026', 'slash'],
    ['31/12/2026', 'slash'],
    ['12/31/2026', 'slash'],
    ['2026/5/3', 'slash-ymd'],
    ['03.05.2026', 'dot'],
    ['03-05-2026', 'dash'],
    ['May 3, 2026', 'month-day-year'],
    ['Sept. 3rd 2026', 'month-day-year'],
    ['3 May 2026', 'day-month-year'],
    ['3rd of May, 2026', 'day-month-year'],
  ])('reads %s as %s', (text, format) => {
    expect(parseDateText(text)?.format).toBe(format)
  })

  it.each([
    '2026-02-30',
    '2026-13-01',
    '2026-05-03T24:00:00Z',
    '13/13/2026',
    '03/05/26',
    'Mayo 3 2026',
    'tomorrow',
    '2026',
    '',
  ])('does not read %j as a date', (text) => {
    expect(parseDateText(text)).toBeUndefined()
  })

  it('gives ISO dates and date-times of one instant the same key, whatever the zone', () => {
    const key = parseDateText('2026-05-03')?.key
    expect(key).toBe(String(Date.UTC(2026, 4, 3)))
    for (const text of [
      '2026-05-03T00:00:00Z',
      '2026-05-03T00:00:00',
      '2026-05-03T02:00+02:00',
      '2026-05-02T19:00-0500',
    ]) {
      expect(parseDateText(text)?.key).toBe(key)
    }
    expect(parseDateText('2026-05-03T00:00:01Z')?.key).not.toBe(key)
  })

  it('keys numeric formats by their numbers, so padding does not matter', () => {
    expect(parseDateText('3/5/2026')?.key).toBe(parseDateText('03/05/2026')?.key)
    expect(parseDateText('5/3/2026')?.key).not.toBe(parseDateText('3/5/2026')?.key)
  })
})
