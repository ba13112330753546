import type { GuardrailResult } from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import { findToleranceScale, toToleranceUnits } from './tolerance-scale.ts'

const latency: GuardrailResult = {
  metric: 'latency_p95_ms',
  arm: 'candidate',
  bound: 'max',
  tolerance: { kind: 'threshold', value: 1200, text: '1200' },
  limit: 0,
  units: { control: 100, candidate: 100 },
  status: 'inconclusive',
  reason: 'undecided',
}

describe('findToleranceScale', () => {
  it('divides by a relative or absolute tolerance: 0 = control, 1 = the tolerance', () => {
    const scale = findToleranceScale(
      {
        ...latency,
        bound: 'max_increase',
        tolerance: { kind: 'relative', value: 0.1, text: '10%' },
        limit: 0.1,
      },
      undefined,
    )
    if (!scale.ok) throw new Error(scale.why)
    expect([0, 0.05, 0.1, 0.25].map((delta) => toToleranceUnits(delta, scale))).toEqual([0, 0.5, 1, 2.5])
  })

  it("puts control's value at 0 and a ceiling or floor at 1, in units of control's margin", () => {
    // Control's P95 is 1,000 ms under a 1,200 ms ceiling: δ = -200 ms is control, +100 ms is 1.5 margins past it.
    const ceiling = findToleranceScale(latency, 1000)
    if (!ceiling.ok) throw new Error(ceiling.why)
    expect([-200, 0, 100].map((delta) => toToleranceUnits(delta, ceiling))).toEqual([0, 1, 1.5])
    const floor = findToleranceScale(
      {
        ...latency,
        metric: 'accuracy',
        bound: 'min',
        tolerance: { kind: 'threshold', value: 0.9, text: '0.90' },
      },
      0.95,
    )
    if (!floor.ok) throw new Error(floor.why)
    expect(toToleranceUnits(0.05, floor)).toBeCloseTo(2, 12)
  })

  it('has no scale for a tolerance of 0, or a threshold control does not keep or was not measured', () => {
    expect(
      findToleranceScale(
        { ...latency, bound: 'max_increase', tolerance: { kind: 'relative', value: 0, text: '0%' } },
        1,
      ),
    ).toEqual({
      ok: false,
      why: 'tolerance 0',
    })
    expect(findToleranceScale(latency, 1300)).toEqual({ ok: false, why: 'control past it too' })
    expect(findToleranceScale(latency, undefined)).toEqual({ ok: false, why: 'control unmeasured' })
  })
})
