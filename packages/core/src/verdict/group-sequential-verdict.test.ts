import { describe, expect, it } from 'vitest'
import { RatioAccumulator } from '../sequential/ratio-accumulator.ts'
import { createRandom } from '../sequential/seeded-random.ts'
import { decideVerdict } from './decide.ts'
import { armObservations, buildExperiment, meanOf } from './verdict.fixture.ts'
import type { ArmObservations } from './verdict-types.ts'

/** The default analysis: `method: sequential`, `fail_rule: bound`, with a horizon of 2,000 units per arm. */
const costExperiment = buildExperiment({
  guardrails: { cost_per_run_usd: { max_increase: '20%' } },
  analysis: { max_units_per_arm: 2000 },
})

function costArms(units: number, candidateCost: number): ArmObservations[] {
  return [
    armObservations('control', units, { cost_per_run_usd: meanOf(units, 0.04, 0.05) }),
    armObservations('candidate', units, { cost_per_run_usd: meanOf(units, candidateCost, 0.05) }),
  ]
}

describe('decideVerdict: the group-sequential design (default with a horizon)', () => {
  it('uses the continuous-monitoring boundary at the information fraction of the look', () => {
    const verdict = decideVerdict({ experiment: costExperiment, arms: costArms(1000, 0.07), observedDays: 1 })
    const result = verdict.guardrails[0]!
    expect(result).toMatchObject({ method: 'group-sequential', informationFraction: 0.5, status: 'fail' })
    expect(result.reason).toBe('beyond_tolerance')
    expect(verdict.cause).toBe('guardrail_failed')
    // The fail test and the interval agree: p ≤ α/m exactly when the lower bound clears the limit.
    expect(result.pValue! <= verdict.alpha.perInterval).toBe(result.interval!.lower > result.limit)
  })

  it('makes a significant regression whose estimate is beyond the tolerance a suspected regression', () => {
    const verdict = decideVerdict({
      experiment: costExperiment,
      arms: costArms(1200, 0.0528),
      observedDays: 1,
    })
    const result = verdict.guardrails[0]!
    expect(result.estimate).toBeCloseTo(0.32, 12)
    expect(result.interval!.lower).toBeGreaterThan(0)
    expect(result.interval!.lower).toBeLessThan(result.limit)
    expect(result).toMatchObject({ status: 'suspected_regression', reason: 'suspected_regression' })
    expect(verdict).toMatchObject({ status: 'review', cause: 'suspected_regression' })
    expect(result.unitsNeeded!.candidate).toBeGreaterThan(0)
    expect(verdict.samplesNeeded!.perArm.candidate).toBe(result.unitsNeeded!.candidate)
    // Under the opt-in strict rule the same data fail.
    const strict = decideVerdict({
      experiment: buildExperiment({
        guardrails: { cost_per_run_usd: { max_increase: '20%' } },
        analysis: { max_units_per_arm: 2000, fail_rule: 'estimate' },
      }),
      arms: costArms(1200, 0.0528),
      observedDays: 1,
    })
    expect(strict.guardrails[0]).toMatchObject({ status: 'fail', reason: 'worse_and_estimate_beyond' })
  })

  it('passes a candidate as good as control before the horizon and decides nothing past it', () => {
    expect(
      decideVerdict({ experiment: costExperiment, arms: costArms(1800, 0.04), observedDays: 1 }).status,
    ).toBe('pass')
    const past = decideVerdict({ experiment: costExperiment, arms: costArms(2400, 0.1), observedDays: 1 })
    expect(past.guardrails[0]).toMatchObject({ status: 'inconclusive', reason: 'past_horizon' })
    expect(past).toMatchObject({ status: 'review', cause: 'horizon_reached' })
  })

  it('takes the horizon from horizon_days when nothing else gives one', () => {
    const experiment = buildExperiment({ guardrails: { cost_per_run_usd: { max_increase: '20%' } } })
    const verdict = decideVerdict({ experiment, arms: costArms(1000, 0.04), observedDays: 7 })
    expect(verdict.guardrails[0]!.informationFraction).toBeCloseTo(0.5, 12)
  })
})

describe('decideVerdict: an outlier widens a relative interval (issue 9)', () => {
  /** Cost per call: 400 sessions per arm of 1–3 calls costing $0.001–0.01, the candidate's tripled. */
  function costPerCall(outlierUsd?: number): ArmObservations[] {
    const random = createRandom(99)
    const arm = (factor: number, extra?: number) => {
      const sums = new RatioAccumulator()
      for (let session = 0; session < 400; session += 1) {
        const calls = 1 + Math.floor(random.uniform() * 3)
        let costUsd = 0
        for (let call = 0; call < calls; call += 1) costUsd += (0.001 + 0.009 * random.uniform()) * factor
        if (session === 0 && extra !== undefined) costUsd += extra
        sums.add(costUsd, calls + (session === 0 && extra !== undefined ? 1 : 0))
      }
      return { kind: 'ratio' as const, summary: sums.summary() }
    }
    return [
      armObservations('control', 400, { cost_per_call_usd: arm(1, outlierUsd) }),
      armObservations('candidate', 400, { cost_per_call_usd: arm(3) }),
    ]
  }
  const experiment = buildExperiment({
    guardrails: { cost_per_call_usd: { max_increase: '20%' } },
    analysis: { max_units_per_arm: 400 },
  })

  it('fails a +200% cost per call', () => {
    const verdict = decideVerdict({ experiment, arms: costPerCall(), observedDays: 1 })
    expect(verdict.guardrails[0]!.estimate).toBeGreaterThan(1.5)
    expect(verdict.status).toBe('fail')
  })

  it('does not pass it when one control call costs $100: the interval opens upward instead of narrowing', () => {
    const clean = decideVerdict({ experiment, arms: costPerCall(), observedDays: 1 }).guardrails[0]!
    const verdict = decideVerdict({ experiment, arms: costPerCall(100), observedDays: 1 })
    const result = verdict.guardrails[0]!
    expect(result.estimate).toBeLessThan(-0.8)
    expect(result.interval!.upper).toBe(Number.POSITIVE_INFINITY)
    expect(result.interval!.upper - result.interval!.lower).toBeGreaterThan(
      clean.interval!.upper - clean.interval!.lower,
    )
    expect(result.status).toBe('inconclusive')
    expect(verdict.status).not.toBe('pass')
  })
})
