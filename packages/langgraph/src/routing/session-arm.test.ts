import { describe, expect, it } from 'vitest'
import type { SessionArm } from '../types.ts'
import { isSessionArm, keepSessionArm, readSessionArm } from './session-arm.ts'

const arm: SessionArm = {
  experiment: 'exp-a',
  arm: 'candidate',
  model: 'openai:gpt-5',
  bucket: 4321,
  hashVersion: 1,
  shadowArms: [],
  conversationId: '0123456789abcdef0123456789abcdef',
  killSwitch: false,
}

describe('isSessionArm / readSessionArm', () => {
  it('accepts a whole SessionArm, also after a JSON round trip (checkpointers serialise state)', () => {
    expect(isSessionArm(arm)).toBe(true)
    expect(isSessionArm(JSON.parse(JSON.stringify(arm)))).toBe(true)
  })

  it.each([
    ['null', null],
    ['a string', 'candidate'],
    ['no conversation id', { ...arm, conversationId: undefined }],
    ['a numeric arm', { ...arm, arm: 2 }],
    ['shadow arms that are not strings', { ...arm, shadowArms: [1] }],
    ['no kill switch flag', { ...arm, killSwitch: undefined }],
  ])('rejects %s', (_name, value) => {
    expect(isSessionArm(value)).toBe(false)
  })

  it('reads the arm of the asked experiment only', () => {
    expect(readSessionArm({ llmCanary: arm }, 'exp-a')).toBe(arm)
    expect(readSessionArm({ llmCanary: arm }, 'exp-b')).toBeUndefined()
    expect(readSessionArm({}, 'exp-a')).toBeUndefined()
    expect(readSessionArm(undefined, 'exp-a')).toBeUndefined()
  })
})

describe('keepSessionArm', () => {
  const control: SessionArm = { ...arm, arm: 'control', model: 'openai:gpt-4.1' }

  it('keeps the first assignment of an experiment', () => {
    expect(keepSessionArm(arm, control)).toBe(arm)
    expect(keepSessionArm(undefined, control)).toBe(control)
    expect(keepSessionArm(arm, undefined)).toBe(arm)
  })

  it('replaces an assignment of another experiment, and a malformed one', () => {
    const next = { ...control, experiment: 'exp-b' }
    expect(keepSessionArm(arm, next)).toBe(next)
    expect(keepSessionArm({ arm: 'candidate' } as unknown as SessionArm, control)).toBe(control)
  })
})
