import { describe, expect, it } from 'vitest'
import type { Guardrail } from '../types.ts'
import {
  describeDegradation,
  readNullDegradation,
  readQuantileLevel,
  toDegradation,
  toEffect,
} from './degradation-scale.ts'

const effect = { estimate: 0.05, lower: 0.01, upper: 0.09 }

describe('describeDegradation and toDegradation', () => {
  it('keeps a rise as δ when a rise is worse, with the tolerance as limit', () => {
    const guardrail: Guardrail = {
      metric: 'cost_per_run_usd',
      bound: 'max_increase',
      tolerance: { kind: 'relative', value: 0.2, text: '20%' },
    }
    const scale = describeDegradation(guardrail)
    expect(scale).toEqual({ mode: 'relative', sign: 1, reference: 0, limit: 0.2 })
    expect(toDegradation(scale, effect)).toEqual(effect)
  })

  it('turns a fall into a positive δ and swaps the bounds when a fall is worse', () => {
    const guardrail: Guardrail = {
      metric: 'accuracy',
      bound: 'max_decrease',
      tolerance: { kind: 'absolute', value: 0.02, unit: 'pp', text: '2pp' },
    }
    const scale = describeDegradation(guardrail)
    expect(scale).toEqual({ mode: 'absolute', sign: -1, reference: 0, limit: 0.02 })
    expect(toDegradation(scale, { estimate: -0.05, lower: -0.08, upper: -0.02 })).toEqual({
      estimate: 0.05,
      lower: 0.02,
      upper: 0.08,
    })
  })

  it('measures a floor as the distance below it and a ceiling as the distance above it, limit 0', () => {
    const floor = describeDegradation({
      metric: 'citation_stability',
      bound: 'min',
      tolerance: { kind: 'threshold', value: 0.9, text: '0.90' },
    })
    expect(floor).toEqual({ mode: 'threshold', sign: -1, reference: 0.9, limit: 0 })
    const below = toDegradation(floor, { estimate: 0.85, lower: 0.8, upper: 0.88 })
    expect(below.estimate).toBeCloseTo(0.05, 15)
    expect(below.lower).toBeCloseTo(0.02, 15)
    expect(below.upper).toBeCloseTo(0.1, 15)
    const ceiling = describeDegradation({
      metric: 'error_rate',
      bound: 'max',
      tolerance: { kind: 'threshold', value: 0.05, text: '5%' },
    })
    expect(toDegradation(ceiling, { estimate: 0.03, lower: 0.02, upper: 0.04 }).upper).toBeCloseTo(-0.01, 15)
  })
})

describe('readNullDegradation and toEffect', () => {
  it('tests δ ≤ 0 under estimate and δ ≤ limit under bound', () => {
    expect(readNullDegradation(0.2, 'estimate')).toBe(0)
    expect(readNullDegradation(0.2, 'bound')).toBe(0.2)
  })

  it('maps δ₀ back to the effect θ₀ the p-value is read at, undoing toDegradation', () => {
    const guardrails: Guardrail[] = [
      {
        metric: 'cost_per_run_usd',
        bound: 'max_increase',
        tolerance: { kind: 'relative', value: 0.2, text: '20%' },
      },
      {
        metric: 'accuracy',
        bound: 'max_decrease',
        tolerance: { kind: 'absolute', value: 0.02, unit: 'pp', text: '2pp' },
      },
      {
        metric: 'citation_stability',
        bound: 'min',
        tolerance: { kind: 'threshold', value: 0.9, text: '0.90' },
      },
      { metric: 'error_rate', bound: 'max', tolerance: { kind: 'threshold', value: 0.05, text: '5%' } },
    ]
    for (const guardrail of guardrails) {
      const scale = describeDegradation(guardrail)
      for (const degradation of [0, scale.limit, 0.3]) {
        const theta = toEffect(scale, degradation)
        expect(toDegradation(scale, { estimate: theta, lower: theta, upper: theta }).estimate).toBeCloseTo(
          degradation,
          15,
        )
      }
    }
    expect(toEffect(describeDegradation(guardrails[1]!), 0.02)).toBe(-0.02)
  })
})

describe('readQuantileLevel', () => {
  it('reads the level of latency and TTFT quantile metrics, and nothing from the others', () => {
    expect(readQuantileLevel('latency_p50_ms')).toBe(0.5)
    expect(readQuantileLevel('ttft_p95_ms')).toBe(0.95)
    expect(readQuantileLevel('latency_p99_ms')).toBe(0.99)
    expect(readQuantileLevel('cost_per_call_usd')).toBeUndefined()
  })
})
