import type { GuardrailResult } from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import {
  chartAxisUnit,
  formatAdjustedP,
  formatDegradation,
  formatEstimate,
  formatInterval,
  formatRule,
  labelGuardrailStatus,
  labelMetric,
  scaleForChart,
  unitOfDegradation,
} from './guardrail-format.ts'

function result(overrides: Partial<GuardrailResult> = {}): GuardrailResult {
  return {
    metric: 'latency_p95_ms',
    arm: 'candidate',
    bound: 'max_increase',
    tolerance: { kind: 'relative', value: 0.1, text: '10%' },
    limit: 0.1,
    estimate: 0.123,
    interval: { lower: 0.041, upper: Number.POSITIVE_INFINITY },
    pValue: 0.001,
    reason: 'undecided',
    adjustedPValue: 0.0031,
    units: { control: 400, candidate: 100 },
    status: 'inconclusive',
    ...overrides,
  }
}

describe('formatDegradation', () => {
  it('uses the tolerance unit for relative and absolute tolerances', () => {
    expect(formatDegradation(0.123, result())).toBe('+12.3%')
    const pp = result({
      metric: 'error_rate',
      tolerance: { kind: 'absolute', value: 0.01, unit: 'pp', text: '1pp' },
    })
    expect(formatDegradation(0.011, pp)).toBe('+1.10pp')
    const ms = result({ tolerance: { kind: 'absolute', value: 150, unit: 'ms', text: '150ms' } })
    expect(formatDegradation(120, ms)).toBe('+120 ms')
    const usd = result({
      metric: 'cost_per_run_usd',
      tolerance: { kind: 'absolute', value: 0.01, unit: 'usd', text: '$0.01' },
    })
    expect(formatDegradation(-0.0012, usd)).toBe('-$0.0012')
    const points = result({
      metric: 'judge_score',
      bound: 'max_decrease',
      tolerance: { kind: 'absolute', value: 0.5, unit: 'points', text: '0.5' },
    })
    expect(formatDegradation(0.12, points)).toBe('+0.12 pts')
  })

  it('shows a threshold distance in the metric unit: fractions in percentage points', () => {
    const floor = result({
      metric: 'citation_stability',
      bound: 'min',
      tolerance: { kind: 'threshold', value: 0.9, text: '0.90' },
    })
    expect(unitOfDegradation(floor)).toBe('pp')
    expect(formatDegradation(-0.0383, floor)).toBe('-3.83pp')
  })
})

describe('guardrail cells', () => {
  it('formats the estimate, the interval with an unbounded side, the rule and the p-value', () => {
    expect(formatEstimate(result())).toBe('+12.3%')
    expect(formatInterval(result())).toBe('[+4.1%, +∞]')
    expect(formatRule(result())).toBe('max_increase 10%')
    expect(formatAdjustedP(result())).toBe('0.0031')
  })

  it('prints dashes without data', () => {
    const empty = result({ status: 'no_data' })
    const { estimate: _e, interval: _i, adjustedPValue: _p, ...withoutData } = empty
    expect(formatEstimate(withoutData)).toBe('—')
    expect(formatInterval(withoutData)).toBe('—')
    expect(formatAdjustedP(withoutData)).toBe('—')
  })

  it('names metrics and statuses for people', () => {
    expect(labelMetric('latency_p95_ms')).toBe('P95 latency')
    expect(labelGuardrailStatus('fail')).toBe('FAIL')
    expect(labelGuardrailStatus('inconclusive')).toBe('undecided')
    expect(labelGuardrailStatus('no_data')).toBe('no data')
  })
})

describe('chart scale', () => {
  it('plots relative changes and percentage points in percent, other units as they are', () => {
    expect(scaleForChart(0.123, result())).toBeCloseTo(12.3, 10)
    expect(chartAxisUnit(result())).toBe('%')
    const ms = result({ tolerance: { kind: 'absolute', value: 150, unit: 'ms', text: '150ms' } })
    expect(scaleForChart(120, ms)).toBe(120)
    expect(chartAxisUnit(ms)).toBe('ms')
  })
})
