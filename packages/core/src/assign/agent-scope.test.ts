import { describe, expect, it } from 'vitest'
import { modelForAgent } from './agent-scope.ts'
import { assignArm } from './assigner.ts'
import { makeExperiment, syntheticUuid } from './assignment.fixture.ts'

const arms = [
  { name: 'control', weightBasisPoints: 5000, model: 'openai:gpt-4.1' },
  { name: 'candidate', weightBasisPoints: 5000, model: 'openai:gpt-5' },
]

/** The first synthetic id that lands in `arm`. */
function unitIn(experiment: ReturnType<typeof makeExperiment>, arm: string): string {
  for (let i = 0; i < 10_000; i++) {
    if (assignArm(experiment, syntheticUuid(i)).arm === arm) return syntheticUuid(i)
  }
  throw new Error(`no unit among 10,000 synthetic ids lands in arm ${arm}`)
}

describe('modelForAgent', () => {
  const scoped = makeExperiment({ arms, scopeAgents: ['extractor', 'summarizer'] })
  const unscoped = makeExperiment({ arms })

  it('gives an in-scope agent the assigned candidate arm and model', () => {
    const assignment = assignArm(scoped, unitIn(scoped, 'candidate'))
    expect(modelForAgent(scoped, assignment, 'summarizer')).toEqual({
      arm: 'candidate',
      model: 'openai:gpt-5',
      inScope: true,
    })
  })

  it('gives an out-of-scope agent the control arm and model, even in a candidate session', () => {
    const assignment = assignArm(scoped, unitIn(scoped, 'candidate'))
    expect(modelForAgent(scoped, assignment, 'router')).toEqual({
      arm: 'control',
      model: 'openai:gpt-4.1',
      inScope: false,
    })
  })

  it('keeps control for a control session, in scope or not', () => {
    const assignment = assignArm(scoped, unitIn(scoped, 'control'))
    expect(modelForAgent(scoped, assignment, 'extractor')).toEqual({
      arm: 'control',
      model: 'openai:gpt-4.1',
      inScope: true,
    })
    expect(modelForAgent(scoped, assignment, 'router').inScope).toBe(false)
  })

  it('puts every agent in scope when scope.agents is not set', () => {
    const assignment = assignArm(unscoped, unitIn(unscoped, 'candidate'))
    for (const agent of ['extractor', 'router', '']) {
      expect(modelForAgent(unscoped, assignment, agent)).toEqual({
        arm: 'candidate',
        model: 'openai:gpt-5',
        inScope: true,
      })
    }
  })

  it('puts no agent in scope when scope.agents is empty', () => {
    const none = makeExperiment({ arms, scopeAgents: [] })
    const assignment = assignArm(none, unitIn(none, 'candidate'))
    expect(modelForAgent(none, assignment, 'extractor')).toMatchObject({ arm: 'control', inScope: false })
  })

  it('keeps the model recorded in the assignment (sticky across config reloads)', () => {
    const assignment = { ...assignArm(scoped, unitIn(scoped, 'candidate')), model: 'openai:gpt-5-old' }
    expect(modelForAgent(scoped, assignment, 'extractor').model).toBe('openai:gpt-5-old')
  })

  it('rejects an assignment of another experiment with INVALID_ARGUMENT', () => {
    const other = makeExperiment({ id: 'other', arms })
    const assignment = assignArm(other, 'session-1')
    expect(() => modelForAgent(scoped, assignment, 'extractor')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/"other"/) }),
    )
  })
})
