import { describe, expect, it } from 'vitest'
import { daysToReach } from '../stats/days-to-reach.ts'
import { normalQuantile } from '../stats/distributions.ts'
import { computeSampleSizeForMeans, computeSampleSizeForProportions } from '../stats/power-analysis.ts'
import { planExperiment } from './plan.ts'
import { sequentialFactor } from './plan-sizes.ts'
import { buildExperiment } from './verdict.fixture.ts'

const invalid = expect.objectContaining({ code: 'INVALID_ARGUMENT' })

const experiment = buildExperiment({
  arms: {
    control: { model: 'openai:gpt-4.1', weight: 80 },
    candidate: { model: 'openai:gpt-5', weight: 20 },
  },
  guardrails: {
    error_rate: { max_increase: '1pp' },
    cost_per_run_usd: { max_increase: '20%' },
    latency_p95_ms: { max_increase: '10%' },
    citation_stability: { min: 0.9 },
  },
  analysis: { method: 'fixed' },
})

const baselines = {
  error_rate: { kind: 'rate', rate: 0.05 },
  cost_per_run_usd: { kind: 'mean', mean: 0.04, sd: 0.03 },
  latency_p95_ms: { kind: 'lognormal', sigma: 0.5 },
  citation_stability: { kind: 'rate', rate: 0.95 },
} as const

describe('planExperiment', () => {
  const plan = planExperiment(experiment, baselines, { unitsPerDay: 2000 })
  const byMetric = (metric: string) => plan.guardrails.find((g) => g.metric === metric)!

  it('splits alpha over guardrails × candidates (Bonferroni), as the verdict does', () => {
    expect(plan.alphaPerTest).toBeCloseTo(0.05 / 4, 15)
  })

  it('sizes a rate with the two-proportion power analysis at the weights’ allocation', () => {
    const expected = computeSampleSizeForProportions({
      pControl: 0.05,
      pTreatment: 0.06,
      alpha: 0.05 / 4,
      power: 0.8,
      ratio: 0.25,
    })
    expect(byMetric('error_rate')).toMatchObject({
      method: 'two-proportions',
      fixedHorizon: { control: expected.nControl, candidate: Math.ceil(expected.nControlExact * 0.25) },
    })
  })

  it('sizes a relative tolerance on a mean against tolerance × baseline mean', () => {
    const expected = computeSampleSizeForMeans({
      delta: 0.008,
      sd: 0.03,
      alpha: 0.05 / 4,
      power: 0.8,
      ratio: 0.25,
    })
    expect(byMetric('cost_per_run_usd').fixedHorizon!.control).toBe(expected.nControl)
  })

  it('sizes a P95 through the lognormal approximation of the quantile’s variance', () => {
    const z = normalQuantile(0.95)
    const sd = (0.5 * Math.sqrt(0.95 * 0.05)) / (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI))
    const expected = computeSampleSizeForMeans({
      delta: Math.log(1.1),
      sd,
      alpha: 0.05 / 4,
      power: 0.8,
      ratio: 0.25,
    })
    expect(byMetric('latency_p95_ms')).toMatchObject({
      method: 'lognormal-quantile',
      fixedHorizon: { control: expected.nControl },
    })
  })

  it('needs more units for a tail quantile than for the median', () => {
    const tails = buildExperiment({
      guardrails: { latency_p50_ms: { max_increase: '10%' }, latency_p99_ms: { max_increase: '10%' } },
    })
    const sized = planExperiment(tails, {
      latency_p50_ms: { kind: 'lognormal', sigma: 0.5 },
      latency_p99_ms: { kind: 'lognormal', sigma: 0.5 },
    }).guardrails
    expect(sized[1]!.fixedHorizon!.control).toBeGreaterThan(3 * sized[0]!.fixedHorizon!.control)
  })

  it('sizes a floor with the one-sample normal size on the candidate only', () => {
    const z = normalQuantile(1 - 0.05 / 8) + normalQuantile(0.8)
    const expected = Math.ceil(((z * Math.sqrt(0.95 * 0.05)) / 0.05) ** 2)
    expect(byMetric('citation_stability')).toMatchObject({
      method: 'one-sample',
      fixedHorizon: { control: 0, candidate: expected },
    })
  })

  it('takes the largest need per arm and gives the smaller arm’s need as the plan', () => {
    // method: fixed sizes one look for fail_rule: bound, the larger of its fail and pass sides.
    const sizes = plan.guardrails.map((g) => ({
      control: Math.max(g.failSide!.control, g.passSide!.control),
      candidate: Math.max(g.failSide!.candidate, g.passSide!.candidate),
    }))
    expect(plan.unitsPerArm.control).toBe(Math.max(...sizes.map((s) => s.control)))
    expect(plan.unitsPerArm.candidate).toBe(Math.max(...sizes.map((s) => s.candidate)))
    expect(plan.plannedUnitsPerArm).toBe(plan.unitsPerArm.candidate)
    expect(plan.days).toBeCloseTo(
      daysToReach([plan.unitsPerArm.control!, plan.unitsPerArm.candidate!], 2000, [0.8, 0.2]),
      12,
    )
  })

  it('plans more units for the always-valid sequence than for one fixed look', () => {
    const sequential = planExperiment(
      { ...experiment, analysis: { ...experiment.analysis, method: 'sequential' } },
      baselines,
    )
    const factor = sequentialFactor(0.05 / 4, 0.8)
    expect(factor).toBeGreaterThan(1.2)
    expect(factor).toBeLessThan(2.5)
    expect(sequential.unitsPerArm.candidate).toBeGreaterThan(plan.unitsPerArm.candidate!)
    for (const guardrail of sequential.guardrails) {
      expect(guardrail.sequential!.candidate).toBeGreaterThanOrEqual(
        guardrail.fixedHorizon!.candidate * factor - 1,
      )
    }
  })

  it('sizes fail_rule: bound with twice the tolerance against the tolerance, and the tolerance against 0', () => {
    const planned = planExperiment(
      { ...experiment, analysis: { ...experiment.analysis, method: 'sequential' } },
      baselines,
    )
    const cost = planned.guardrails.find((g) => g.metric === 'cost_per_run_usd')!
    // Relative: the candidate at +2Δ has a 1 + 2Δ times wider spread, and Fieller's contrast weighs
    // control by 1 + Δ, so the fail side needs more than the classical Δ-against-0 size.
    expect(cost.failSide!.control).toBeGreaterThan(cost.fixedHorizon!.control)
    expect(cost.failSide!.control).toBeGreaterThan(cost.passSide!.control)
    // The horizon's look alone has the planned power: z_{1−a/2} instead of the one look's z_{1−a},
    // read on t (hundreds of degrees of freedom for a mean: within 1% of the normal).
    const a = 0.05 / 4
    const horizonFactor =
      ((-normalQuantile(a / 2) + normalQuantile(0.8)) / (-normalQuantile(a) + normalQuantile(0.8))) ** 2
    const ratio = cost.groupSequential!.control / cost.failSide!.control
    expect(ratio).toBeGreaterThan(horizonFactor * 0.999)
    expect(ratio).toBeLessThan(horizonFactor * 1.01)
    expect(cost).toMatchObject({ design: 'group-sequential', why: expect.stringMatching(/O’Brien–Fleming/) })
    const p95 = planned.guardrails.find((g) => g.metric === 'latency_p95_ms')!
    expect(p95.design).toBe('group-sequential-quantile')
    // A quantile's standard error rests on a few dozen order statistics (ν ≈ 20–40 here): its horizon
    // critical value is visibly above the normal's, and the plan pays for it.
    const p95OneLook = Math.max(p95.failSide!.control, p95.passSide!.control)
    expect(p95.groupSequential!.control / p95OneLook).toBeGreaterThan(horizonFactor * 1.03)
    expect(planned.plannedUnitsPerArm).toBe(
      Math.max(
        ...planned.guardrails.filter((g) => g.groupSequential).map((g) => g.groupSequential!.candidate),
      ),
    )
  })

  it('says what is missing instead of inventing a size', () => {
    const sparse = planExperiment(experiment, { error_rate: { kind: 'rate', rate: 0.995 } })
    expect(sparse.guardrails.map((g) => g.method)).toEqual(['none', 'none', 'none', 'none'])
    const note = (metric: string) => sparse.guardrails.find((g) => g.metric === metric)!.note
    expect(note('error_rate')).toMatch(/leaves \[0, 1\]/)
    expect(note('cost_per_run_usd')).toBe('no baseline given for cost_per_run_usd')
    expect(sparse.plannedUnitsPerArm).toBeUndefined()
    expect(sparse.days).toBeUndefined()
  })

  it('pairs a shadow-only candidate 1:1 and counts days at the shadow share of control traffic', () => {
    const shadow = buildExperiment({
      arms: {
        control: { model: 'openai:gpt-4.1', weight: 100 },
        candidate: { model: 'openai:gpt-5', weight: 0, shadow: '10%' },
      },
      guardrails: { cost_per_run_usd: { max_increase: '20%' } },
      analysis: { method: 'fixed' },
    })
    const sized = planExperiment(
      shadow,
      { cost_per_run_usd: baselines.cost_per_run_usd },
      { unitsPerDay: 1000 },
    )
    const pairs = sized.guardrails[0]!.failSide!
    expect(pairs.candidate).toBe(pairs.control)
    expect(sized.guardrails[0]!.passSide!.candidate).toBeLessThanOrEqual(pairs.candidate)
    expect(sized.days).toBeCloseTo(pairs.candidate / 100, 12)
  })

  it('rejects baselines outside their domain and negative traffic', () => {
    expect(() => planExperiment(experiment, { error_rate: { kind: 'rate', rate: 1.5 } })).toThrow(invalid)
    expect(() =>
      planExperiment(experiment, { cost_per_run_usd: { kind: 'mean', mean: 0.04, sd: 0 } }),
    ).toThrow(invalid)
    expect(() => planExperiment(experiment, {}, { unitsPerDay: -1 })).toThrow(invalid)
  })
})
