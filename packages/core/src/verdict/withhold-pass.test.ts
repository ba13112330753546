import { describe, expect, it } from 'vitest'
import { decideVerdict } from './decide.ts'
import { armObservations, buildExperiment } from './verdict.fixture.ts'

// No guardrails and min_units_per_arm 2: sizes and split alone decide, so a pass is easy to reach.
const experiment = buildExperiment({ analysis: { min_units_per_arm: 2 } })
const lenient = { ...experiment, analysis: { ...experiment.analysis, minUnitsPerArm: 0 } }
const balanced = [armObservations('control', 500, {}), armObservations('candidate', 500, {})]

describe('withholdPass (through decideVerdict, so every verdict gets it)', () => {
  it('passes on sizes alone when nothing is set aside', () => {
    expect(decideVerdict({ experiment, arms: balanced, observedDays: 2 })).toMatchObject({
      status: 'pass',
      cause: 'no_guardrails',
    })
  })

  it('never passes without units, even when nothing else would block a pass', () => {
    const verdict = decideVerdict({ experiment: lenient, arms: [], observedDays: 0 })
    expect(verdict).toMatchObject({ status: 'inconclusive', cause: 'nothing_to_gate' })
    expect(verdict.reasons).toEqual([
      'no sessions of experiment "verdict-test" were found: nothing to decide',
    ])
  })

  it('sends a pass to review when values were set aside in a candidate, not in control', () => {
    const inCandidate = decideVerdict({
      experiment,
      arms: balanced,
      observedDays: 2,
      setAside: { control: 0, candidate: 3 },
    })
    expect(inCandidate).toMatchObject({ status: 'review', cause: 'values_set_aside' })
    expect(inCandidate.reasons[0]).toMatch(
      /^3 implausible value\(s\) in the candidate's spans were set aside/,
    )
    const inControl = decideVerdict({ experiment, arms: balanced, observedDays: 2, setAside: { control: 7 } })
    expect(inControl).toMatchObject({ status: 'pass', cause: 'no_guardrails' })
  })

  it('refuses a count of set-aside values that is not a whole number', () => {
    expect(() =>
      decideVerdict({ experiment, arms: balanced, observedDays: 2, setAside: { candidate: -1 } }),
    ).toThrow(/setAside.candidate is -1/)
  })
})
