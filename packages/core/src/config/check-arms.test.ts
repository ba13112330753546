import { describe, expect, it } from 'vitest'
import { formatIssuePath } from '../errors.ts'
import { experimentFile, issuesOf, messagesAt, warningsOf } from './experiment-file.fixture.ts'
import { parseExperiment } from './parse.ts'

const CONTROL = { model: 'openai:gpt-4.1', weight: 80 }

function withArms(arms: Record<string, unknown>) {
  return experimentFile({ arms })
}

function armsOf(arms: Record<string, unknown>) {
  const result = parseExperiment(withArms(arms))
  if (!result.ok) throw new Error(`expected valid arms, got ${JSON.stringify(result.issues)}`)
  return result.experiment.arms
}

describe('weights', () => {
  it.each([
    [
      { control: { ...CONTROL, weight: 90 }, candidate: { model: 'openai:gpt-5', weight: 20 } },
      'arm weights sum to 110 (control 90 + candidate 20), not 100; take away 10 in total, e.g. control: 80',
    ],
    [
      { control: { ...CONTROL, weight: 70 }, candidate: { model: 'openai:gpt-5', weight: 20 } },
      'arm weights sum to 90 (control 70 + candidate 20), not 100; add 10 in total, e.g. control: 80',
    ],
    [
      { control: { ...CONTROL, weight: 0 }, candidate: { model: 'openai:gpt-5', weight: 99.99 } },
      'arm weights sum to 99.99 (control 0 + candidate 99.99), not 100; add 0.01 in total, e.g. control: 0.01',
    ],
    // Control cannot go below 0, so the fix lands on the next arm that can absorb it.
    [
      {
        control: { ...CONTROL, weight: 5 },
        a: { model: 'openai:gpt-5', weight: 100 },
        b: { model: 'openai:o3', weight: 5 },
      },
      'take away 10 in total, e.g. a: 90',
    ],
  ])('reports a sum other than 100 with the sum and the change (%#)', (arms, message) => {
    expect(messagesAt(withArms(arms), 'arms').join('\n')).toContain(message)
  })

  it.each([
    [-5, 'weight is -5; it must be at least 0'],
    [150, 'weight is 150; it must be at most 100'],
    [
      33.333,
      'weight 33.333 has more than two decimals; weights are percentages with at most two decimals (e.g. 33.33)',
    ],
    ['20', 'weight is the text "20"; write the number without quotes: weight: 20'],
    ['20%', 'weight is the text "20%"; write the number without % or quotes: weight: 20'],
    [true, 'weight is the boolean true; it must be a number, e.g. weight: 20'],
    [null, 'weight is empty; give it a value, e.g. weight: 20'],
    [undefined, 'weight is missing; add it, e.g. weight: 20'],
  ])('refuses weight %j with a message, and skips the sum it would distort', (weight, message) => {
    const raw = withArms({ control: CONTROL, candidate: { model: 'openai:gpt-5', weight } })
    expect(messagesAt(raw, 'arms.candidate.weight')).toEqual([message])
    expect(messagesAt(raw, 'arms')).toEqual([])
  })

  it('accepts weight: 20 and stores it in basis points', () => {
    const arms = armsOf({ control: CONTROL, candidate: { model: 'openai:gpt-5', weight: 20 } })
    expect(arms.map((arm) => [arm.weight, arm.weightBasisPoints])).toEqual([
      [80, 8000],
      [20, 2000],
    ])
  })
})

describe('arm set', () => {
  it('requires a control arm', () => {
    expect(
      messagesAt(withArms({ candidate: { model: 'openai:gpt-5', weight: 100 } }), 'arms.control'),
    ).toEqual([
      'arms has no control arm; add control: { model: openai:gpt-4.1, weight: 80 }, the production model candidates are compared with',
    ])
  })

  it('requires a candidate', () => {
    expect(messagesAt(withArms({ control: { ...CONTROL, weight: 100 } }), 'arms')).toEqual([
      'arms has no candidate; add one next to control, e.g. candidate: { model: openai:gpt-5, weight: 0, shadow: 5% }',
    ])
  })

  it('puts control first, then candidates in declaration order', () => {
    const arms = armsOf({
      zeta: { model: 'openai:gpt-5', weight: 10 },
      control: { ...CONTROL, weight: 70 },
      alpha: { model: 'openai:o3', weight: 20 },
    })
    expect(arms.map((arm) => [arm.name, arm.isControl, arm.slot])).toEqual([
      ['control', true, -1],
      ['zeta', false, 0],
      ['alpha', false, 1],
    ])
  })

  it.each(['Candidate', '1st', 'new model', `a${'b'.repeat(63)}`, 'gpt5.1'])(
    'refuses the arm name %j',
    (name) => {
      const raw = withArms({ control: CONTROL, [name]: { model: 'openai:gpt-5', weight: 20 } })
      const [message] = messagesAt(raw, `arms.${name}`)
      // Long values are cut in messages, so compare the start only.
      expect(message).toMatch(/^arm name ".+" is not allowed; use lowercase letters/)
      expect(message?.startsWith(`arm name "${name.slice(0, 50)}`)).toBe(true)
    },
  )

  it('suggests a valid arm name when lowercasing gets there', () => {
    const raw = withArms({ control: CONTROL, Candidate: { model: 'openai:gpt-5', weight: 20 } })
    expect(messagesAt(raw, 'arms.Candidate')[0]).toContain('(did you mean candidate?)')
  })

  it.each(['gpt5', 'claude-4_b', `a${'b'.repeat(62)}`])('accepts the arm name %j', (name) => {
    expect(armsOf({ control: CONTROL, [name]: { model: 'openai:gpt-5', weight: 20 } })[1]?.name).toBe(name)
  })

  it.each([
    ['shadow', '5%', 'control cannot have shadow'],
    ['slot', 0, 'control cannot have slot'],
  ])('refuses %s on control', (key, value, message) => {
    const raw = withArms({
      control: { ...CONTROL, [key]: value },
      candidate: { model: 'openai:gpt-5', weight: 20 },
    })
    expect(messagesAt(raw, `arms.control.${key}`)[0]).toContain(message)
  })

  it('refuses an unknown arm key and suggests the nearest one', () => {
    const raw = withArms({
      control: CONTROL,
      candidate: { model: 'openai:gpt-5', weight: 20, shaddow: '5%' },
    })
    expect(messagesAt(raw, 'arms.candidate.shaddow')).toEqual([
      'unknown key "shaddow"; did you mean shadow? (allowed here: model, weight, shadow, slot)',
    ])
  })
})

describe('shadow', () => {
  it('stores the share as a fraction, 0 when absent', () => {
    const arms = armsOf({
      control: CONTROL,
      candidate: { model: 'openai:gpt-5', weight: 20, shadow: '12.5%' },
    })
    expect(arms.map((arm) => arm.shadow)).toEqual([0, 0.125])
  })

  it.each([
    ['150%', 'shadow "150%" is above 100%'],
    [5, 'shadow is the number 5; write it as a percentage of control units, e.g. shadow: 5%'],
  ])('refuses shadow %j', (shadow, message) => {
    const raw = withArms({ control: CONTROL, candidate: { model: 'openai:gpt-5', weight: 20, shadow } })
    expect(messagesAt(raw, 'arms.candidate.shadow')[0]).toContain(message)
  })
})

describe('slots', () => {
  const ARMS = (slotA: unknown, slotB: unknown) => ({
    control: { ...CONTROL, weight: 70 },
    a: { model: 'openai:gpt-5', weight: 20, slot: slotA },
    b: { model: 'openai:o3', weight: 10, slot: slotB },
  })

  it('uses the explicit slot, else the position among candidates', () => {
    expect(armsOf(ARMS(3, 0)).map((arm) => arm.slot)).toEqual([-1, 3, 0])
    expect(armsOf(ARMS(undefined, 5)).map((arm) => arm.slot)).toEqual([-1, 0, 5])
  })

  it('refuses two candidates pinned to the same slot', () => {
    expect(messagesAt(withArms(ARMS(2, 2)), 'arms.b.slot')).toEqual([
      'slot 2 is already taken: a sets slot: 2; give every candidate its own slot (e.g. b: slot: 3)',
    ])
  })

  it('refuses a pinned slot that another candidate takes by its position', () => {
    expect(messagesAt(withArms(ARMS(undefined, 0)), 'arms.b.slot')[0]).toContain(
      'slot 0 is already taken: a has no slot and sits at position 0',
    )
    expect(messagesAt(withArms(ARMS(1, undefined)), 'arms.b.slot')[0]).toContain(
      'b has no slot, so it takes its position 1, but that is already taken: a sets slot: 1',
    )
  })

  it.each([
    [-1, 'slot is -1; it must be at least 0'],
    [1.5, 'slot is 1.5; it must be a whole number'],
  ])('refuses slot %j', (slot, message) => {
    expect(messagesAt(withArms(ARMS(slot, 0)), 'arms.a.slot')).toEqual([message])
  })
})

const ARMS_PINNED = {
  control: { ...CONTROL, weight: 70 },
  a: { model: 'openai:gpt-5', weight: 20, slot: 0 },
  b: { model: 'openai:o3', weight: 10, slot: 1 },
}

describe('warnings', () => {
  it('warns when two arms use the same model, at the later arm', () => {
    const raw = withArms({ control: CONTROL, candidate: { model: 'openai:gpt-4.1', weight: 20 } })
    expect(parseExperiment(raw).ok).toBe(true)
    const warnings = warningsOf(raw)
    expect(warnings.map((warning) => formatIssuePath(warning.path))).toEqual(['arms.candidate.model'])
    expect(warnings[0]?.message).toContain('arms control and candidate both use openai:gpt-4.1')
  })

  it('warns when several candidates lack a pinned slot, with the slots that keep today’s assignment', () => {
    const raw = withArms({
      control: { ...CONTROL, weight: 70 },
      a: { model: 'openai:gpt-5', weight: 20 },
      b: { model: 'openai:o3', weight: 10, slot: 1 },
      c: { model: 'openai:o4-mini', weight: 0 },
    })
    expect(warningsOf(raw)).toEqual([
      {
        path: ['arms'],
        message:
          "candidates a, c have no slot; pin slot on every candidate so that removing one never moves another's units (to keep today's assignment: a: slot: 0, c: slot: 2)",
      },
    ])
  })

  it('names a single unpinned candidate in the singular', () => {
    const raw = withArms({ ...ARMS_PINNED, b: { model: 'openai:o3', weight: 10 } })
    expect(warningsOf(raw)[0]?.message).toMatch(/^candidate b has no slot; pin slot on every candidate/)
  })

  it('does not warn about slots with one candidate, or when every candidate is pinned', () => {
    expect(warningsOf(experimentFile())).toEqual([])
    expect(warningsOf(withArms(ARMS_PINNED))).toEqual([])
  })
})

describe('a broken arms section', () => {
  it('reports problems in every arm, not the first only', () => {
    const issues = issuesOf(
      withArms({
        control: { model: 'gpt-4.1', weight: 80 },
        a: { model: 'openai:gpt-5', weight: '10' },
        b: { model: 'openai:o3', weight: 10, slot: -2 },
      }),
    )
    expect(issues.map((issue) => formatIssuePath(issue.path))).toEqual([
      'arms.control.model',
      'arms.a.weight',
      'arms.b.slot',
    ])
  })
})
