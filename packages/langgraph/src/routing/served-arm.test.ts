import { createAssigner } from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import { buildExperiment, CANDIDATE_MODEL, CONTROL_MODEL, findUnitId } from './routing.fixture.ts'
import { selectServedArm } from './served-arm.ts'

describe('selectServedArm', () => {
  const scoped = buildExperiment({ scope: { agents: ['extractor'] } })
  const candidateSession = createAssigner(scoped).assign(findUnitId(scoped, 'candidate'))

  it('serves the session’s arm to agents in scope and control to the others, unknown ones included', () => {
    expect(selectServedArm(scoped, candidateSession, 'extractor')).toMatchObject({
      arm: { name: 'candidate', model: { id: CANDIDATE_MODEL } },
      inScope: true,
    })
    expect(selectServedArm(scoped, candidateSession, 'summarizer')).toMatchObject({
      arm: { name: 'control' },
      inScope: false,
    })
    expect(selectServedArm(scoped, candidateSession, undefined)).toMatchObject({ arm: { name: 'control' } })
  })

  it('serves every agent the session’s arm when the experiment has no scope', () => {
    const experiment = buildExperiment()
    const assignment = createAssigner(experiment).assign(findUnitId(experiment, 'candidate'))
    expect(selectServedArm(experiment, assignment, undefined)).toMatchObject({
      arm: { name: 'candidate' },
      inScope: true,
    })
  })

  it('uses the current model of the arm, and control for an arm the experiment lost', () => {
    const experiment = buildExperiment()
    const assignment = createAssigner(experiment).assign(findUnitId(experiment, 'candidate'))
    expect(selectServedArm(experiment, { ...assignment, model: 'openai:old' }, 'a').arm.model.id).toBe(
      CANDIDATE_MODEL,
    )
    expect(selectServedArm(experiment, { ...assignment, arm: 'removed' }, 'a').arm.model.id).toBe(
      CONTROL_MODEL,
    )
  })

  it('refuses a session of another experiment', () => {
    const experiment = buildExperiment()
    const assignment = createAssigner(experiment).assign('u')
    expect(() => selectServedArm(experiment, { ...assignment, experiment: 'other' }, 'a')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})
