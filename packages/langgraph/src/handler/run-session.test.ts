import {
  ATTR_FEATURE_FLAG_KEY,
  ATTR_FEATURE_FLAG_VARIANT,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_KILL_SWITCH,
} from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import { parseUnitArm } from '../routing/unit-arm.ts'
import { METADATA_KEY, STATE_KEY } from '../types.ts'
import { makeExperiment, makeSession } from './handler.fixture.ts'
import { findUnitArmInChainValues, readShadowMetadata, toUnitAttributes } from './run-session.ts'

const session = makeSession(makeExperiment(), 'user-1')

describe('parseUnitArm', () => {
  it('accepts a well-formed session and refuses anything else', () => {
    expect(parseUnitArm(session)).toBe(session)
    expect(parseUnitArm({ ...session, killSwitch: 'no' })).toBeUndefined()
    expect(parseUnitArm({ ...session, shadowArms: undefined })).toBeUndefined()
    expect(parseUnitArm('control')).toBeUndefined()
  })
})

describe('findUnitArmInChainValues', () => {
  it('reads graph state and Command updates', () => {
    expect(findUnitArmInChainValues({ [STATE_KEY]: session, other: 1 })).toBe(session)
    expect(findUnitArmInChainValues({ update: { [STATE_KEY]: session } })).toBe(session)
    expect(findUnitArmInChainValues({ answer: 'x' })).toBeUndefined()
    expect(findUnitArmInChainValues(null)).toBeUndefined()
  })
})

describe('readShadowMetadata', () => {
  it('accepts shadow metadata only with shadow: true and a valid session', () => {
    const shadow = { session, servedArm: 'candidate', agent: 'writer', shadow: true, pairId: 'p' }
    expect(readShadowMetadata({ [METADATA_KEY]: shadow })).toBe(shadow)
    expect(readShadowMetadata({ [METADATA_KEY]: { ...shadow, shadow: false } })).toBeUndefined()
    expect(readShadowMetadata({ [METADATA_KEY]: { ...shadow, session: {} } })).toBeUndefined()
    expect(readShadowMetadata(undefined)).toBeUndefined()
  })
})

describe('toUnitAttributes', () => {
  it('carries experiment, arm and keyed conversation id; the kill switch only when on', () => {
    expect(toUnitAttributes(session)).toEqual({
      [ATTR_FEATURE_FLAG_KEY]: session.experiment,
      [ATTR_FEATURE_FLAG_VARIANT]: session.arm,
      [ATTR_GEN_AI_CONVERSATION_ID]: session.unitHash,
    })
    expect(toUnitAttributes({ ...session, killSwitch: true })[ATTR_KILL_SWITCH]).toBe(true)
  })
})
