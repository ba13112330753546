import { describe, expect, it } from 'vitest'
import { createRandom } from '../sequential/seeded-random.ts'
import { holmAdjust } from '../stats/holm-adjustment.ts'
import { decideVerdict } from './decide.ts'
import {
  armObservations,
  buildHolmFixture,
  buildOpenEndedExperiment,
  meanOf,
  OPEN_ENDED_ESTIMATE,
  quantilesFrom,
  rateOf,
} from './verdict.fixture.ts'
import type { ArmObservations, VerdictInput } from './verdict-types.ts'

const invalid = expect.objectContaining({ code: 'INVALID_ARGUMENT' })

const costAndErrors = buildOpenEndedExperiment({
  guardrails: { cost_per_run_usd: { max_increase: '20%' }, error_rate: { max_increase: '1pp' } },
})

function costAndErrorArms(options: {
  units: number
  candidateCost?: number
  candidateUnits?: number
  controlUnits?: number
}): ArmObservations[] {
  const { units, candidateCost = 0.04, candidateUnits = units, controlUnits = units } = options
  return [
    armObservations('control', controlUnits, {
      cost_per_run_usd: meanOf(controlUnits, 0.04, 0.02),
      error_rate: rateOf(Math.round(0.02 * controlUnits), controlUnits),
    }),
    armObservations('candidate', candidateUnits, {
      cost_per_run_usd: meanOf(candidateUnits, candidateCost, 0.02),
      error_rate: rateOf(Math.round(0.02 * candidateUnits), candidateUnits),
    }),
  ]
}

function decide(input: Partial<VerdictInput> & Pick<VerdictInput, 'arms'>) {
  return decideVerdict({ experiment: costAndErrors, observedDays: 3, ...input })
}

describe('decideVerdict: pass', () => {
  it('passes when every upper bound is below its tolerance, with enough units and no SRM', () => {
    const verdict = decide({ arms: costAndErrorArms({ units: 10_000 }) })
    expect(verdict.status).toBe('pass')
    expect(verdict.guardrails.map((g) => g.status)).toEqual(['pass', 'pass'])
    for (const result of verdict.guardrails) expect(result.interval!.upper).toBeLessThan(result.limit)
    expect(verdict.alpha).toEqual({ familyWise: 0.05, perInterval: 0.025 })
    expect(verdict.samplesNeeded).toBeUndefined()
    expect(verdict.reasons[0]).toMatch(/upper bound is below its tolerance/)
  })

  it('passes a significant regression that stays within the tolerance', () => {
    const verdict = decide({ arms: costAndErrorArms({ units: 20_000, candidateCost: 0.044 }) })
    const cost = verdict.guardrails.find((g) => g.metric === 'cost_per_run_usd')!
    expect(cost.interval!.lower).toBeGreaterThan(0)
    expect(cost.estimate).toBeCloseTo(0.1, 12)
    expect(cost.status).toBe('pass')
    expect(verdict.status).toBe('pass')
  })

  it('passes without guardrails once each arm has its units, and says only the sizes were checked', () => {
    const verdict = decideVerdict({
      experiment: buildOpenEndedExperiment({}),
      arms: [armObservations('control', 150, {}), armObservations('candidate', 150, {})],
      observedDays: 1,
    })
    expect(verdict.status).toBe('pass')
    expect(verdict.reasons[0]).toMatch(/no guardrails/)
  })
})

describe('decideVerdict: fail', () => {
  it('fails when a degradation is significant and beyond its tolerance', () => {
    const verdict = decide({ arms: costAndErrorArms({ units: 2000, candidateCost: 0.06 }) })
    const cost = verdict.guardrails.find((g) => g.metric === 'cost_per_run_usd')!
    expect(verdict.status).toBe('fail')
    expect(cost.status).toBe('fail')
    expect(cost.estimate).toBeCloseTo(0.5, 12)
    expect(cost.adjustedPValue).toBeLessThanOrEqual(0.05)
    expect(cost.method).toBe('normal-mixture')
    expect(verdict.reasons).toEqual([expect.stringMatching(/^candidate: cost per run degraded by \+50\.0%/)])
  })

  it('fails on a fall for metrics where lower is worse (accuracy, max_decrease 2pp)', () => {
    const verdict = decideVerdict({
      experiment: buildOpenEndedExperiment({ guardrails: { accuracy: { max_decrease: '2pp' } } }),
      arms: [
        armObservations('control', 3000, { accuracy: rateOf(2700, 3000) }),
        armObservations('candidate', 3000, { accuracy: rateOf(2550, 3000) }),
      ],
      observedDays: 2,
    })
    expect(verdict.status).toBe('fail')
    expect(verdict.guardrails[0]!.estimate).toBeCloseTo(0.05, 12)
  })

  it('checks a floor on the candidate’s own value (citation_stability min 0.90)', () => {
    const experiment = buildOpenEndedExperiment({ guardrails: { citation_stability: { min: 0.9 } } })
    const run = (candidateMean: number) =>
      decideVerdict({
        experiment,
        arms: [
          armObservations('control', 500, {}),
          armObservations('candidate', 500, { citation_stability: meanOf(500, candidateMean, 0.05) }),
        ],
        observedDays: 1,
      })
    const above = run(0.95)
    expect(above.status).toBe('pass')
    expect(above.guardrails[0]).toMatchObject({ limit: 0, status: 'pass' })
    expect(above.guardrails[0]!.estimate).toBeCloseTo(-0.05, 12)
    const below = run(0.8)
    expect(below.status).toBe('fail')
    expect(below.reasons[0]).toMatch(/past its floor of 0\.9/)
  })

  it('flags a fatter P95 tail with the quantile sequence', () => {
    const random = createRandom(3)
    const control = Array.from({ length: 3000 }, () => 1000 + 100 * random.normal())
    const candidate = Array.from({ length: 3000 }, () =>
      random.uniform() < 0.1 ? 1450 + 50 * random.normal() : 950 + 30 * random.normal(),
    )
    const verdict = decideVerdict({
      experiment: buildOpenEndedExperiment({ guardrails: { latency_p95_ms: { max_increase: '10%' } } }),
      arms: [
        armObservations('control', 3000, { latency_p95_ms: quantilesFrom(control) }),
        armObservations('candidate', 3000, { latency_p95_ms: quantilesFrom(candidate) }),
      ],
      observedDays: 1,
    })
    expect(verdict.status).toBe('fail')
    expect(verdict.guardrails[0]!.method).toBe('quantile-beta-binomial')
  })

  it('outranks a sample-ratio mismatch: a candidate that loses sessions can cause both', () => {
    const verdict = decide({
      arms: costAndErrorArms({ units: 5000, controlUnits: 6000, candidateCost: 0.06 }),
    })
    expect(verdict.srm.pValue).toBeLessThan(0.001)
    expect(verdict.status).toBe('fail')
  })
})

describe('decideVerdict: Holm across 2 candidates × 3 guardrails', () => {
  const { experiment, arm } = buildHolmFixture(OPEN_ENDED_ESTIMATE)
  const verdict = decideVerdict({
    experiment,
    arms: [arm('control', 4000, 0.04), arm('a', 2000, 0.06), arm('b', 300, 0.046)],
    observedDays: 2,
    plannedUnitsPerArm: 2000,
  })

  it('uses α/6 for every interval and Holm-adjusts the six p-values together', () => {
    expect(verdict.guardrails).toHaveLength(6)
    expect(verdict.alpha.perInterval).toBeCloseTo(0.05 / 6, 15)
    const raw = verdict.guardrails.map((g) => g.pValue!)
    expect(verdict.guardrails.map((g) => g.adjustedPValue)).toEqual(holmAdjust(raw))
  })

  it('fails the clear regression and spares one that only a single test would call significant', () => {
    const costA = verdict.guardrails.find((g) => g.arm === 'a' && g.metric === 'cost_per_run_usd')!
    const costB = verdict.guardrails.find((g) => g.arm === 'b' && g.metric === 'cost_per_run_usd')!
    expect(costA.status).toBe('fail')
    expect(costB.estimate).toBeGreaterThan(0.1)
    expect(costB.pValue).toBeLessThan(0.05)
    expect(costB.adjustedPValue).toBeGreaterThan(0.05)
    expect(costB.status).toBe('inconclusive')
    expect(verdict.status).toBe('fail')
    expect(verdict.reasons).toHaveLength(1)
  })
})

describe('decideVerdict: review', () => {
  it('asks for review on a sample-ratio mismatch, even when the guardrails pass', () => {
    const verdict = decide({ arms: costAndErrorArms({ units: 10_000, controlUnits: 11_000 }) })
    expect(verdict.status).toBe('review')
    expect(verdict.srm.observed).toEqual({ control: 11_000, candidate: 10_000 })
    expect(verdict.srm.expected).toEqual({ control: 10_500, candidate: 10_500 })
    expect(verdict.reasons[0]).toMatch(/^sample-ratio mismatch/)
  })

  it('asks for review at the horizon in days without a decision', () => {
    const verdict = decide({ arms: costAndErrorArms({ units: 300, candidateCost: 0.042 }), observedDays: 14 })
    expect(verdict.status).toBe('review')
    expect(verdict.reasons[0]).toMatch(/14-day horizon/)
  })

  it('asks for review at the planned units (max_units_per_arm) without a decision', () => {
    const experiment = buildOpenEndedExperiment({
      guardrails: { cost_per_run_usd: { max_increase: '20%' } },
      analysis: { max_units_per_arm: 300 },
    })
    const arms = costAndErrorArms({ units: 300, candidateCost: 0.046 })
    expect(decideVerdict({ experiment, arms, observedDays: 1 }).status).toBe('review')
    // Without a plan the sequences are tuned at 10 × min_units_per_arm, which is no horizon.
    const unplanned = decideVerdict({
      experiment: { ...experiment, analysis: { ...experiment.analysis, maxUnitsPerArm: undefined } },
      arms,
      observedDays: 1,
    })
    expect(unplanned.status).toBe('inconclusive')
    expect(unplanned.plan).toEqual({ unitsPerArm: 1000, source: 'default' })
  })
})

describe('decideVerdict: inconclusive', () => {
  it('says how many more units each arm needs and when they arrive; with them the guardrail passes', () => {
    const experiment = buildOpenEndedExperiment({ guardrails: { cost_per_run_usd: { max_increase: '20%' } } })
    const arms = (units: number) => [
      armObservations('control', units, { cost_per_run_usd: meanOf(units, 0.04, 0.03) }),
      armObservations('candidate', units, { cost_per_run_usd: meanOf(units, 0.042, 0.03) }),
    ]
    const input = { experiment, observedDays: 1, unitsPerDay: 400, plannedUnitsPerArm: 2000 }
    const verdict = decideVerdict({ ...input, arms: arms(200) })
    expect(verdict.status).toBe('inconclusive')
    const needed = verdict.samplesNeeded!
    expect(needed.perArm.control).toBeGreaterThan(0)
    expect(needed.perArm.candidate).toBe(needed.perArm.control)
    expect(needed.eta).toBeCloseTo(needed.perArm.candidate! / 200, 12)
    const later = 200 + needed.perArm.candidate!
    expect(decideVerdict({ ...input, arms: arms(later) }).status).toBe('pass')
    // Fieller's interval is asymmetric (wider above), so the projection is an upper estimate, not exact.
    const halfway = 200 + Math.round(needed.perArm.candidate! / 2)
    expect(decideVerdict({ ...input, arms: arms(halfway) }).status).toBe('inconclusive')
  })

  it('never passes before min_units_per_arm, even with tight intervals', () => {
    const experiment = buildOpenEndedExperiment({ guardrails: { cost_per_run_usd: { max_increase: '20%' } } })
    const verdict = decideVerdict({
      experiment,
      arms: [
        armObservations('control', 60, { cost_per_run_usd: meanOf(60, 0.04, 0.0001) }),
        armObservations('candidate', 60, { cost_per_run_usd: meanOf(60, 0.04, 0.0001) }),
      ],
      observedDays: 1,
    })
    expect(verdict.guardrails[0]!.status).toBe('pass')
    expect(verdict.status).toBe('inconclusive')
    expect(verdict.reasons).toContain('control has 60 of the 100 units a pass needs (min_units_per_arm)')
    expect(verdict.samplesNeeded!.perArm).toEqual({ control: 40, candidate: 40 })
    expect(verdict.samplesNeeded!.eta).toBeCloseTo(40 / 60, 12)
  })

  it('keeps a relative tolerance undecided when the control value is 0', () => {
    const verdict = decideVerdict({
      experiment: buildOpenEndedExperiment({ guardrails: { error_rate: { max_increase: '10%' } } }),
      arms: [
        armObservations('control', 500, { error_rate: rateOf(0, 500) }),
        armObservations('candidate', 500, { error_rate: rateOf(3, 500) }),
      ],
      observedDays: 1,
    })
    expect(verdict.status).toBe('inconclusive')
    expect(verdict.guardrails[0]!.note).toMatch(/relative change is undefined/)
  })

  it('does not mistake "no errors yet" for "no risk": a rate without events keeps a width', () => {
    const experiment = buildOpenEndedExperiment({ guardrails: { error_rate: { max_increase: '1pp' } } })
    const run = (units: number) =>
      decideVerdict({
        experiment,
        arms: [
          armObservations('control', units, { error_rate: rateOf(0, units) }),
          armObservations('candidate', units, { error_rate: rateOf(0, units) }),
        ],
        observedDays: 1,
      }).status
    expect(run(200)).toBe('inconclusive')
    expect(run(5000)).toBe('pass')
  })

  it('waits for the planned size with method: fixed', () => {
    const experiment = buildOpenEndedExperiment({
      guardrails: { cost_per_run_usd: { max_increase: '20%' } },
      analysis: { method: 'fixed', max_units_per_arm: 1000 },
    })
    const arms = (units: number) => costAndErrorArms({ units, candidateCost: 0.06 })
    const early = decideVerdict({ experiment, arms: arms(500), observedDays: 1 })
    expect(early.status).toBe('inconclusive')
    expect(early.guardrails[0]).toMatchObject({
      method: 'fixed-horizon-z',
      reason: 'waiting_for_planned_size',
    })
    expect(decideVerdict({ experiment, arms: arms(1000), observedDays: 2 }).status).toBe('fail')
  })
})

describe('decideVerdict: no data is never a pass', () => {
  it('is inconclusive with no units at all', () => {
    const verdict = decide({ arms: [] })
    expect(verdict.status).toBe('inconclusive')
    expect(verdict.guardrails.map((g) => g.status)).toEqual(['no_data', 'no_data'])
    expect(verdict.srm).toEqual({
      pValue: 1,
      statistic: 0,
      observed: { control: 0, candidate: 0 },
      expected: { control: 0, candidate: 0 },
    })
  })

  it('is inconclusive when a guardrail metric has no observations, however many units', () => {
    const arms = costAndErrorArms({ units: 10_000 }).map((obs) =>
      obs.arm === 'candidate'
        ? { ...obs, metrics: { cost_per_run_usd: obs.metrics.cost_per_run_usd! } }
        : obs,
    )
    const verdict = decide({ arms })
    expect(verdict.status).toBe('inconclusive')
    const errors = verdict.guardrails.find((g) => g.metric === 'error_rate')!
    expect(errors).toMatchObject({ status: 'no_data', note: 'no candidate observations' })
    expect(errors.estimate).toBeUndefined()
  })

  it('is inconclusive without guardrails and without units', () => {
    const verdict = decideVerdict({ experiment: buildOpenEndedExperiment({}), arms: [], observedDays: 0 })
    expect(verdict.status).toBe('inconclusive')
  })
})

describe('decideVerdict: shadow-only candidate (weight 0)', () => {
  const experiment = buildOpenEndedExperiment({
    arms: {
      control: { model: 'openai:gpt-4.1', weight: 100 },
      candidate: { model: 'openai:gpt-5', weight: 0, shadow: '10%' },
    },
    guardrails: { cost_per_run_usd: { max_increase: '20%' } },
  })

  it('has nothing to gate without shadow pairs, even at the horizon', () => {
    const verdict = decideVerdict({
      experiment,
      arms: [armObservations('control', 5000, { cost_per_run_usd: meanOf(5000, 0.04, 0.02) })],
      observedDays: 30,
    })
    expect(verdict.status).toBe('inconclusive')
    expect(verdict.reasons).toEqual([
      'candidate is shadow-only (weight 0) and has no shadow pairs yet: nothing to gate',
    ])
    expect(verdict.samplesNeeded).toBeUndefined()
  })

  it('decides on the shadow pairs when the caller gives them, leaving them out of the SRM check', () => {
    const pairs = 2000
    const verdict = decideVerdict({
      experiment,
      arms: [
        armObservations('control', 20_000, { cost_per_run_usd: meanOf(20_000, 0.05, 0.02) }),
        armObservations(
          'candidate',
          pairs,
          { cost_per_run_usd: meanOf(pairs, 0.041, 0.02) },
          { source: 'shadow', pairedControl: { cost_per_run_usd: meanOf(pairs, 0.04, 0.02) } },
        ),
      ],
      observedDays: 2,
    })
    expect(verdict.status).toBe('pass')
    expect(verdict.srm.observed).toEqual({ control: 20_000 })
    expect(verdict.guardrails[0]!.units).toEqual({ control: pairs, candidate: pairs })
    expect(verdict.guardrails[0]!.estimate).toBeCloseTo(0.025, 12)
  })
})

describe('decideVerdict: shadow pairs still short', () => {
  it('asks for more pairs, not more control traffic, and times them at the shadow share', () => {
    const experiment = buildOpenEndedExperiment({
      arms: {
        control: { model: 'openai:gpt-4.1', weight: 100 },
        candidate: { model: 'openai:gpt-5', weight: 0, shadow: '10%' },
      },
      guardrails: { cost_per_run_usd: { max_increase: '20%' } },
    })
    const pairs = 150
    const verdict = decideVerdict({
      experiment,
      arms: [
        armObservations('control', 1500, { cost_per_run_usd: meanOf(1500, 0.04, 0.03) }),
        armObservations(
          'candidate',
          pairs,
          { cost_per_run_usd: meanOf(pairs, 0.042, 0.03) },
          { source: 'shadow', pairedControl: { cost_per_run_usd: meanOf(pairs, 0.04, 0.03) } },
        ),
      ],
      observedDays: 1,
      unitsPerDay: 1500,
    })
    expect(verdict.status).toBe('inconclusive')
    const { perArm, eta } = verdict.samplesNeeded!
    expect(perArm.control).toBe(0)
    expect(perArm.candidate).toBeGreaterThan(0)
    expect(eta).toBeCloseTo(perArm.candidate! / 150, 12)
  })
})

describe('decideVerdict: input checks', () => {
  it.each([
    ['an unknown arm', { arms: [armObservations('canary', 10, {})] }],
    ['the same arm twice', { arms: [armObservations('control', 10, {}), armObservations('control', 5, {})] }],
    ['fractional units', { arms: [armObservations('control', 1.5, {})] }],
    ['negative days', { arms: [], observedDays: -1 }],
    ['negative traffic', { arms: [], unitsPerDay: -3 }],
    ['a plan of 0', { arms: [], plannedUnitsPerArm: 0 }],
  ])('rejects %s', (_name, change) => {
    expect(() => decide(change)).toThrow(invalid)
  })

  it('rejects observations whose kind does not fit the metric', () => {
    const arms = costAndErrorArms({ units: 100 }).map((obs) => ({
      ...obs,
      metrics: { ...obs.metrics, cost_per_run_usd: quantilesFrom([1, 2, 3]) },
    }))
    expect(() => decide({ arms })).toThrow(/takes mean or ratio observations/)
  })
})
