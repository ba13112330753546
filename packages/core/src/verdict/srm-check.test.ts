import { describe, expect, it } from 'vitest'
import { checkSampleRatio } from './srm-check.ts'
import { armObservations, buildExperiment } from './verdict.fixture.ts'

describe('checkSampleRatio', () => {
  const experiment = buildExperiment({
    arms: {
      control: { model: 'openai:gpt-4.1', weight: 80 },
      candidate: { model: 'openai:gpt-5', weight: 20 },
      shadowed: { model: 'openai:gpt-5-mini', weight: 0, shadow: '5%' },
    },
  })

  it('tests the units of the arms with traffic against their weights, leaving shadow pairs out', () => {
    const srm = checkSampleRatio(experiment, [
      armObservations('control', 8100, {}),
      armObservations('candidate', 1900, {}),
      armObservations('shadowed', 400, {}, { source: 'shadow' }),
    ])
    expect(srm.observed).toEqual({ control: 8100, candidate: 1900 })
    expect(srm.expected).toEqual({ control: 8000, candidate: 2000 })
    expect(srm.statistic).toBeCloseTo(6.25, 12)
    expect(srm.pValue).toBeGreaterThan(0.001)
  })

  it('is a certain mismatch when a weight-0 arm receives traffic', () => {
    const srm = checkSampleRatio(experiment, [
      armObservations('control', 8000, {}),
      armObservations('candidate', 2000, {}),
      armObservations('shadowed', 30, {}),
    ])
    expect(srm.statistic).toBe(Number.POSITIVE_INFINITY)
    expect(srm.pValue).toBe(0)
  })

  it('has nothing to test without units or with a single arm', () => {
    expect(checkSampleRatio(experiment, []).pValue).toBe(1)
    const single = buildExperiment({
      arms: {
        control: { model: 'openai:gpt-4.1', weight: 100 },
        candidate: { model: 'openai:gpt-5', weight: 0, shadow: '5%' },
      },
    })
    expect(checkSampleRatio(single, [armObservations('control', 500, {})])).toMatchObject({
      pValue: 1,
      statistic: 0,
    })
  })
})
