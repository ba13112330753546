import { describe, expect, it } from 'vitest'
import type { UnitArm } from '../types.ts'
import { isUnitArm, keepUnitArm, readUnitArm } from './unit-arm.ts'

const arm: UnitArm = {
  experiment: 'exp-a',
  arm: 'candidate',
  model: 'openai:gpt-5',
  bucket: 4321,
  hashVersion: 1,
  shadowArms: [],
  unitHash: '0123456789abcdef0123456789abcdef',
  killSwitch: false,
}

describe('isUnitArm / readUnitArm', () => {
  it('accepts a whole UnitArm, also after a JSON round trip (checkpointers serialise state)', () => {
    expect(isUnitArm(arm)).toBe(true)
    expect(isUnitArm(JSON.parse(JSON.stringify(arm)))).toBe(true)
  })

  it.each([
    ['null', null],
    ['a string', 'candidate'],
    ['no unit hash', { ...arm, unitHash: undefined }],
    ['a numeric arm', { ...arm, arm: 2 }],
    ['shadow arms that are not strings', { ...arm, shadowArms: [1] }],
    ['no kill switch flag', { ...arm, killSwitch: undefined }],
  ])('rejects %s', (_name, value) => {
    expect(isUnitArm(value)).toBe(false)
  })

  it('reads state checkpointed before the unit hash had its name (conversationId) as the same arm', () => {
    const { unitHash, ...rest } = arm
    const legacy = { ...rest, conversationId: unitHash }
    expect(readUnitArm({ llmCanary: legacy }, 'exp-a')).toEqual(arm)
    expect(keepUnitArm(legacy as unknown as UnitArm, { ...arm, arm: 'control' })).toEqual(arm)
  })

  it('reads the arm of the asked experiment only', () => {
    expect(readUnitArm({ llmCanary: arm }, 'exp-a')).toBe(arm)
    expect(readUnitArm({ llmCanary: arm }, 'exp-b')).toBeUndefined()
    expect(readUnitArm({}, 'exp-a')).toBeUndefined()
    expect(readUnitArm(undefined, 'exp-a')).toBeUndefined()
  })
})

describe('keepUnitArm', () => {
  const control: UnitArm = { ...arm, arm: 'control', model: 'openai:gpt-4.1' }

  it('keeps the first assignment of an experiment', () => {
    expect(keepUnitArm(arm, control)).toBe(arm)
    expect(keepUnitArm(undefined, control)).toBe(control)
    expect(keepUnitArm(arm, undefined)).toBe(arm)
  })

  it('replaces an assignment of another experiment, and a malformed one', () => {
    const next = { ...control, experiment: 'exp-b' }
    expect(keepUnitArm(arm, next)).toBe(next)
    expect(keepUnitArm({ arm: 'candidate' } as unknown as UnitArm, control)).toBe(control)
  })
})
