import { describe, expect, it } from 'vitest'
import {
  describeP,
  formatCount,
  formatDays,
  formatMs,
  formatP,
  formatPp,
  formatRate,
  formatRelative,
  formatScore,
  formatSignedMs,
  formatSignedScore,
  formatSignedUsd,
  formatUsd,
  MISSING,
  pluralize,
} from './format-units.ts'

describe('formatCount', () => {
  it('groups thousands and rounds', () => {
    expect(formatCount(12480)).toBe('12,480')
    expect(formatCount(1234567.6)).toBe('1,234,568')
    expect(formatCount(0)).toBe('0')
  })

  it('prints a dash for NaN and a sign for infinity', () => {
    expect(formatCount(Number.NaN)).toBe(MISSING)
    expect(formatCount(Number.POSITIVE_INFINITY)).toBe('∞')
  })
})

describe('formatMs', () => {
  it('writes whole milliseconds with separators, one decimal below 10 ms', () => {
    expect(formatMs(1950.4)).toBe('1,950 ms')
    expect(formatMs(4.26)).toBe('4.3 ms')
    expect(formatMs(0)).toBe('0 ms')
  })
})

describe('formatUsd', () => {
  it('keeps three significant digits below a dollar and cents above', () => {
    expect(formatUsd(0.003421)).toBe('$0.00342')
    expect(formatUsd(0.0125)).toBe('$0.0125')
    expect(formatUsd(1.2)).toBe('$1.20')
    expect(formatUsd(1234.5)).toBe('$1,234.50')
    expect(formatUsd(0)).toBe('$0')
  })

  it('puts the sign before the dollar', () => {
    expect(formatUsd(-0.5)).toBe('-$0.5')
    expect(formatSignedUsd(0.0012)).toBe('+$0.0012')
    expect(formatSignedUsd(-1.2)).toBe('-$1.20')
  })

  it('falls back to exponent notation for sub-micro-dollar amounts', () => {
    expect(formatUsd(3.2e-8)).toBe('$3.20e-8')
  })
})

describe('rates, relative changes and percentage points', () => {
  it('writes rates as percentages, two decimals below 10%', () => {
    expect(formatRate(0.0145)).toBe('1.45%')
    expect(formatRate(0.912)).toBe('91.2%')
  })

  it('writes relative changes with a sign and one decimal', () => {
    expect(formatRelative(0.123)).toBe('+12.3%')
    expect(formatRelative(-0.04)).toBe('-4.0%')
    expect(formatRelative(0)).toBe('+0.0%')
    expect(formatRelative(Number.POSITIVE_INFINITY)).toBe('+∞')
    expect(formatRelative(Number.NEGATIVE_INFINITY)).toBe('-∞')
  })

  it('writes differences of rates in percentage points', () => {
    expect(formatPp(0.011)).toBe('+1.10pp')
    expect(formatPp(-0.0025)).toBe('-0.25pp')
  })

  it('writes signed durations and scores', () => {
    expect(formatSignedMs(120)).toBe('+120 ms')
    expect(formatSignedMs(-3.5)).toBe('-3.5 ms')
    expect(formatSignedScore(0.1234, 'pts')).toBe('+0.123 pts')
    expect(formatScore(4.2149)).toBe('4.21')
  })
})

describe('formatP and describeP', () => {
  it('keeps two significant digits and switches to exponents below 1e-4', () => {
    expect(formatP(0.03149)).toBe('0.031')
    expect(formatP(0.000212)).toBe('0.00021')
    expect(formatP(2.1e-7)).toBe('2.1e-7')
    expect(formatP(1)).toBe('1')
  })

  it('never states a p-value of exactly 0', () => {
    expect(describeP(0)).toBe('p < 1e-15')
    expect(describeP(0.04)).toBe('p = 0.04')
  })
})

describe('formatDays and pluralize', () => {
  it('uses hours below a day', () => {
    expect(formatDays(0.25)).toBe('6 h')
    expect(formatDays(0.001)).toBe('< 1 h')
    expect(formatDays(1)).toBe('1 day')
    expect(formatDays(2.34)).toBe('2.3 days')
  })

  it('picks the plural for counts other than one', () => {
    expect(pluralize(1, 'guardrail')).toBe('guardrail')
    expect(pluralize(0, 'guardrail')).toBe('guardrails')
    expect(pluralize(2, 'reply', 'replies')).toBe('replies')
  })
})
