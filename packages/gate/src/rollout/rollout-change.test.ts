import type { Experiment } from '@llm-canary/core'
import { loadExperiment } from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import { classifyRolloutChange } from './rollout-change.ts'
import { rolloutConfigurationKey } from './rollout-configuration.ts'

type ArmsFile = Record<string, { model: string; weight: number; shadow?: string }>

function experiment(arms: ArmsFile, id = 'triage'): Experiment {
  return loadExperiment({ experiment: id, arms, guardrails: { error_rate: { max_increase: '1pp' } } })
}

const control = { model: 'openai:gpt-4.1', weight: 100 }
/** A candidate that serves nobody: an experiment needs one, and it moves no model. */
const idle = { model: 'openai:gpt-4.1-mini', weight: 0 }

describe('classifyRolloutChange', () => {
  it('calls a weight-0 candidate with a shadow share a new shadow with no data yet', () => {
    const change = classifyRolloutChange(
      experiment({ control, candidate: idle }),
      experiment({ control, candidate: { model: 'openai:gpt-5', weight: 0, shadow: '5%' } }),
    )
    expect(change).toMatchObject({ kind: 'shadow-added', need: 'no-data-yet', experiment: 'triage' })
    expect(change.summary).toBe(
      'shadow added: candidate openai:gpt-5 as a 5% shadow (was openai:gpt-4.1-mini)',
    )
  })

  it('gates a ramp from a shadow on the shadow data, and a later ramp on the canary data', () => {
    const shadow = experiment({ control, candidate: { model: 'openai:gpt-5', weight: 0, shadow: '5%' } })
    const five = experiment({
      control: { ...control, weight: 95 },
      candidate: { model: 'openai:gpt-5', weight: 5 },
    })
    const twenty = experiment({
      control: { ...control, weight: 80 },
      candidate: { model: 'openai:gpt-5', weight: 20 },
    })
    expect(classifyRolloutChange(shadow, five)).toMatchObject({ kind: 'canary-ramp', need: 'analyze' })
    const ramp = classifyRolloutChange(five, twenty)
    expect(ramp).toMatchObject({ kind: 'canary-ramp', need: 'analyze' })
    expect(ramp.summary).toBe('canary ramp: candidate openai:gpt-5 5% → 20%')
  })

  it('asks a person when a candidate starts at a weight with no data behind it', () => {
    const change = classifyRolloutChange(
      experiment({ control, other: idle }),
      experiment({
        control: { ...control, weight: 80 },
        other: idle,
        candidate: { model: 'openai:gpt-5', weight: 20 },
      }),
    )
    expect(change).toMatchObject({ kind: 'canary-ramp', need: 'unmeasured' })
  })

  it('recognises a promotion by the control taking the candidate model, and by a 100% weight', () => {
    const canary = experiment({
      control: { ...control, weight: 80 },
      candidate: { model: 'openai:gpt-5', weight: 20 },
    })
    const promoted = classifyRolloutChange(
      canary,
      experiment({ control: { model: 'openai:gpt-5', weight: 100 }, candidate: idle }),
    )
    expect(promoted).toMatchObject({ kind: 'promotion', need: 'analyze' })
    // The candidate became the control: it is not also reported as removed.
    expect(promoted.changes).toHaveLength(1)
    expect(promoted.changes[0]).toMatchObject({
      arm: 'candidate',
      before: { weight: 20 },
      after: { weight: 100 },
    })
    const full = classifyRolloutChange(
      canary,
      experiment({ control: { ...control, weight: 0 }, candidate: { model: 'openai:gpt-5', weight: 100 } }),
    )
    expect(full).toMatchObject({ kind: 'promotion', need: 'analyze' })
  })

  it('calls a new model id on an existing arm a swap with no data, for a candidate and for the control', () => {
    const canary = experiment({
      control: { ...control, weight: 80 },
      candidate: { model: 'openai:gpt-5', weight: 20 },
    })
    const swapped = classifyRolloutChange(
      canary,
      experiment({ control: { ...control, weight: 80 }, candidate: { model: 'openai:gpt-5.1', weight: 20 } }),
    )
    expect(swapped).toMatchObject({ kind: 'model-swapped', need: 'unmeasured' })
    expect(swapped.summary).toBe('model swapped: candidate openai:gpt-5.1 at 20% (was openai:gpt-5)')
    const controlSwap = classifyRolloutChange(
      experiment({ control, candidate: idle }),
      experiment({ control: { model: 'anthropic:claude-4', weight: 100 }, candidate: idle }),
    )
    expect(controlSwap).toMatchObject({ kind: 'model-swapped', need: 'unmeasured' })
    // A swap to a weight-0 shadow is a new shadow.
    const toShadow = classifyRolloutChange(
      canary,
      experiment({ control, candidate: { model: 'openai:gpt-5.1', weight: 0, shadow: '5%' } }),
    )
    expect(toShadow).toMatchObject({ kind: 'shadow-added', need: 'no-data-yet' })
  })

  it('skips removals, ramp-downs and changes that move no model', () => {
    const canary = experiment({
      control: { ...control, weight: 80 },
      candidate: { model: 'openai:gpt-5', weight: 20 },
    })
    const two = experiment({
      control: { ...control, weight: 60 },
      candidate: { model: 'openai:gpt-5', weight: 20 },
      other: { model: 'anthropic:claude-4', weight: 20 },
    })
    const removed = classifyRolloutChange(two, canary)
    expect(removed).toMatchObject({ kind: 'candidate-removed', need: 'none' })
    expect(removed.summary).toBe('candidate removed: other anthropic:claude-4 removed')
    expect(classifyRolloutChange(canary, undefined)).toMatchObject({
      kind: 'candidate-removed',
      need: 'none',
    })
    expect(
      classifyRolloutChange(
        canary,
        experiment({ control: { ...control, weight: 95 }, candidate: { model: 'openai:gpt-5', weight: 5 } }),
      ),
    ).toMatchObject({ kind: 'ramp-down', need: 'none' })
    const same = classifyRolloutChange(canary, canary)
    expect(same).toMatchObject({ kind: 'no-model-change', need: 'none', changes: [] })
    expect(same.summary).toBe('no model change')
  })

  it('takes the strongest need when one file changes two candidates', () => {
    const base = experiment({ control: { ...control, weight: 80 }, a: { model: 'openai:gpt-5', weight: 20 } })
    const head = experiment({
      control: { ...control, weight: 60 },
      a: { model: 'openai:gpt-5', weight: 40 },
      b: { model: 'anthropic:claude-4', weight: 0, shadow: '5%' },
    })
    const change = classifyRolloutChange(base, head)
    expect(change).toMatchObject({ kind: 'canary-ramp', need: 'analyze' })
    expect(change.changes.map((c) => c.kind)).toEqual(['canary-ramp', 'shadow-added'])
  })

  it('treats a renamed experiment as a new one: its old candidates are removed, the new ones have no data', () => {
    const base = experiment(
      { control: { ...control, weight: 80 }, candidate: { model: 'openai:gpt-5', weight: 20 } },
      'old',
    )
    const head = experiment(
      { control: { ...control, weight: 70 }, candidate: { model: 'openai:gpt-5', weight: 30 } },
      'new',
    )
    const change = classifyRolloutChange(base, head)
    expect(change).toMatchObject({ experiment: 'new', need: 'unmeasured' })
    expect(change.changes.map((c) => c.kind)).toEqual(['canary-ramp', 'candidate-removed'])
  })
})

describe('rolloutConfigurationKey', () => {
  it('changes with weights, models and shadow shares, not with guardrails', () => {
    const a = experiment({
      control: { ...control, weight: 80 },
      candidate: { model: 'openai:gpt-5', weight: 20 },
    })
    const looser = loadExperiment({
      experiment: 'triage',
      arms: { control: { ...control, weight: 80 }, candidate: { model: 'openai:gpt-5', weight: 20 } },
      guardrails: { error_rate: { max_increase: '5pp' } },
    })
    expect(rolloutConfigurationKey(looser)).toBe(rolloutConfigurationKey(a))
    const ramped = experiment({
      control: { ...control, weight: 70 },
      candidate: { model: 'openai:gpt-5', weight: 30 },
    })
    expect(rolloutConfigurationKey(ramped)).not.toBe(rolloutConfigurationKey(a))
    const shadow = experiment({
      control: { ...control, weight: 80 },
      candidate: { model: 'openai:gpt-5', weight: 20, shadow: '5%' },
    })
    expect(rolloutConfigurationKey(shadow)).not.toBe(rolloutConfigurationKey(a))
  })
})
